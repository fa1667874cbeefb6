/**
 * The typed errors every case store throws alike (memory, SQLite, PostgreSQL), each a
 * `CasekitError` with a literal `code`. They are thrown before any storage is touched.
 */
import { CasekitError } from '@casekit/rules';

/** Stable codes of the store errors. */
export type StoreErrorCode = 'InvalidCaseId' | 'InvalidQuery' | 'InvalidStoreName' | 'UnstorableText' | 'InvalidEffect' | 'DuplicateEffect';

/**
 * The base class of the store errors.
 *
 * @example
 * try { await store.load('' as CaseInstanceId); } catch (e) { if (e instanceof StoreError) console.log(e.code); }
 */
export class StoreError<Code extends StoreErrorCode = StoreErrorCode> extends CasekitError<Code> {
  override readonly name: string = 'StoreError';
}

/**
 * A case id that is not a non-empty string of at most {@link MAX_CASE_ID_LENGTH} characters of
 * storable text.
 *
 * @example
 * await store.load('' as CaseInstanceId); // InvalidCaseIdError
 */
export class InvalidCaseIdError extends StoreError<'InvalidCaseId'> {
  override readonly name = 'InvalidCaseIdError';
  constructor(
    /** What was given. */
    readonly value: unknown,
    readonly reason: string,
  ) {
    super('InvalidCaseId', `invalid case id ${describe(value)}: ${reason}`);
  }
}

/**
 * A query filter a store cannot run: an unknown key or operator, a malformed path or cursor, a
 * value of the wrong type. `field` says where (`caseFile["claim.amount"].gte`, `limit`…).
 *
 * @example
 * await store.query({ caseFile: { amount: { between: [1, 2] } } }); // InvalidQueryError, field caseFile["amount"].between
 */
export class InvalidQueryError extends StoreError<'InvalidQuery'> {
  override readonly name = 'InvalidQueryError';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super('InvalidQuery', `invalid query: ${field}: ${reason}`);
  }
}

/**
 * A schema, table or index name option a store refuses (too long, or characters outside the
 * allowed set): refused rather than truncated or rewritten, so two names never map to the same
 * storage.
 *
 * @example
 * await PostgresCaseStore.open(pool, { schema: 'x'.repeat(64) }); // InvalidStoreNameError
 */
export class InvalidStoreNameError extends StoreError<'InvalidStoreName'> {
  override readonly name = 'InvalidStoreNameError';
  constructor(
    /** The option (`schema`, `indexCaseFileFields`…). */
    readonly option: string,
    readonly value: unknown,
    readonly reason: string,
  ) {
    super('InvalidStoreName', `invalid ${option} ${describe(value)}: ${reason}`);
  }
}

/**
 * Text no store keeps faithfully: U+0000 (PostgreSQL text and jsonb refuse it) or a lone UTF-16
 * surrogate (not Unicode: no UTF-8 form). Every store refuses it, before writing anything.
 *
 * @example
 * await engine.setCaseFile(id, { note: 'a\u0000b' }); // UnstorableTextError
 */
export class UnstorableTextError extends StoreError<'UnstorableText'> {
  override readonly name = 'UnstorableTextError';
  constructor(
    /** What held it: `state`, `history`, `effect`, `model`, `owner`… */
    readonly where: string,
    readonly reason: 'NUL' | 'lone surrogate',
    /** The case concerned, when there is one. */
    readonly caseId?: string,
  ) {
    super(
      'UnstorableText',
      `cannot store ${where}${caseId === undefined ? '' : ` of case ${caseId}`}: it holds ${reason === 'NUL' ? 'the character U+0000' : 'a lone UTF-16 surrogate'}`,
    );
  }
}

/**
 * An outbox effect, or an outbox write, of the wrong shape.
 *
 * @example
 * await store.save(state, 1, [], { add: [{ id: '', caseId: state.id, kind: 'x', payload: {}, createdAt: 0 }] }); // InvalidEffectError
 */
export class InvalidEffectError extends StoreError<'InvalidEffect'> {
  override readonly name = 'InvalidEffectError';
  constructor(
    readonly effectId: unknown,
    readonly reason: string,
  ) {
    super('InvalidEffect', `invalid outbox effect ${describe(effectId)}: ${reason}`);
  }
}

/**
 * A save adds an effect whose id the outbox already holds; the save wrote nothing.
 *
 * @example
 * await store.save(next, 2, [], { add: [sameEffectAgain] }); // DuplicateEffectError
 */
export class DuplicateEffectError extends StoreError<'DuplicateEffect'> {
  override readonly name = 'DuplicateEffectError';
  constructor(readonly effectId: string) {
    super('DuplicateEffect', `the outbox already holds an effect ${JSON.stringify(effectId)}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'array' : 'object';
}
