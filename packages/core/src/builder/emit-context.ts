/**
 * `build()`, step 1 (shared by the `emit-*.ts` modules): the emitter's problems and the checks
 * TypeScript cannot make on a handle — handles of another case or another builder, handles the
 * builder never made, handles of the wrong kind.
 *
 * @internal
 */
import type { ProblemCode } from '../model/problems.js';
import { refList } from './nodes.js';
import { modelOf, recordOf, type AnyRec, type CaseRec, type ModelRec } from './state.js';

/** A problem found while emitting, with the node it is about. */
export interface EmitProblem {
  readonly code: ProblemCode;
  readonly message: string;
  readonly elementId: string | undefined;
  readonly node: object | undefined;
}

const LABEL: Readonly<Record<string, string>> = {
  PlanItem: 'plan item',
  DiscretionaryItem: 'discretionary item',
  CaseFileItem: 'case file item',
  Role: 'role',
  Sentry: 'sentry',
  ExitCriterion: 'exit criterion',
  EntryCriterion: 'entry criterion',
  ApplicabilityRule: 'applicability rule',
  Case: 'case',
  Process: 'process',
  Decision: 'decision',
  CaseFileItemDefinition: 'case file item definition',
  CaseParameter: 'parameter',
  ProcessParameter: 'parameter',
  DecisionParameter: 'parameter',
};

function caseOf(record: AnyRec): CaseRec | undefined {
  if (record.kind === 'Case') return record;
  return 'case' in record ? record.case : undefined;
}

/**
 * What the emit functions share while one model is emitted: the problems found so far, and the
 * check that turns a handle into the id it stands for.
 */
export class Emitter {
  readonly problems: EmitProblem[] = [];
  constructor(readonly model: ModelRec) {}

  /** Records a problem about the node `at`. */
  report(code: ProblemCode, message: string, elementId: string | undefined, at: object | undefined): void {
    this.problems.push({ code, message, elementId, node: at });
  }

  /**
   * The id a handle stands for, after checking it is a handle of this builder, of one of `kinds`
   * and (for case-scoped kinds, when `scope` is given) of the same case.
   */
  ref(
    handle: unknown,
    kinds: readonly string[],
    scope: CaseRec | undefined,
    what: string,
    ownerId: string,
    at: () => object | undefined,
  ): string | undefined {
    const record = recordOf(handle);
    const written = (handle as { id?: unknown } | undefined)?.id;
    const shown = typeof written === 'string' ? written : String(written);
    if (record === undefined) {
      this.report(
        'UnresolvedReference',
        `${what} of "${ownerId}" is "${shown}", which is not a handle made by a casekit builder`,
        ownerId,
        at(),
      );
      return typeof written === 'string' ? written : undefined;
    }
    if (modelOf(record) !== this.model) {
      this.report(
        'UnresolvedReference',
        `${what} of "${ownerId}" is "${record.id}", a handle of another model builder`,
        ownerId,
        at(),
      );
      return record.id;
    }
    if (!kinds.includes(record.kind)) {
      // An error, not the linker's draft-level WrongReferenceKind: handing the builder a handle of
      // the wrong kind is a programming mistake (only possible through a cast), not an unfinished model.
      this.report(
        'UnresolvedReference',
        `${what} of "${ownerId}" is "${record.id}", a ${record.kind}, expected ${kinds.join(' or ')}`,
        ownerId,
        at(),
      );
      return record.id;
    }
    const owner = caseOf(record);
    if (scope !== undefined && owner !== undefined && owner !== scope) {
      this.report(
        'UnresolvedReference',
        `${what} of "${ownerId}" is the ${LABEL[record.kind] ?? record.kind} "${record.id}" of case "${owner.id}", not of case "${scope.id}"`,
        ownerId,
        at(),
      );
    }
    return record.id;
  }

  refs(
    handles: readonly unknown[] | undefined,
    kinds: readonly string[],
    scope: CaseRec,
    what: string,
    ownerId: string,
    at: () => object | undefined,
  ): readonly string[] | undefined {
    const ids: string[] = [];
    for (const handle of handles ?? []) {
      const id = this.ref(handle, kinds, scope, what, ownerId, at);
      if (id !== undefined) ids.push(id);
    }
    return refList(ids);
  }
}
