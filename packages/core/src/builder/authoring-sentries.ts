/**
 * Authoring sentries and entry and exit criteria (CMMN 1.1 §5.4.6).
 *
 * @internal
 */
import { takeId } from './authoring-problems.js';
import { HANDLES, remember } from './authoring-registry.js';
import type { CriterionInput, ElementOptions, OnPartSpec, SentrySpec } from './handles/index.js';
import { bind, type ContainerRec, type CriterionRec, type ItemRec, type SentryRec } from './state.js';

/** The one handle of a sentry record. */
export function sentryHandle(sentry: SentryRec): object {
  const existing = HANDLES.get(sentry);
  if (existing !== undefined) return existing;
  return remember(sentry, bind({ kind: 'Sentry', id: sentry.id, name: sentry.name, caseId: sentry.case.id }, sentry));
}

/** Records a sentry in `scope`. */
export function newSentry(scope: ContainerRec, spec: SentrySpec, hints: readonly (string | undefined)[]): SentryRec {
  const model = scope.case.model;
  const id = takeId(model, spec.id, 'Sentry', ...(spec.name !== undefined ? [spec.name] : hints));
  const parts: readonly OnPartSpec[] = spec.on === undefined ? [] : Array.isArray(spec.on) ? spec.on : [spec.on as OnPartSpec];
  const onParts = parts.map((part) => ({
    id: takeId(model, part?.options?.id, part?.kind ?? 'OnPart', part?.source?.name, part?.standardEvent),
    spec: part,
  }));
  const sentry: SentryRec = { kind: 'Sentry', case: scope.case, id, name: spec.name, scope, spec, onParts };
  scope.sentries.push(sentry);
  return sentry;
}

const isSentryRef = (value: unknown): boolean =>
  value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === 'Sentry';

/** Records a criterion (and its sentry, unless a shared one is given). */
export function newCriterion(
  kind: CriterionRec['kind'],
  owner: ItemRec | ContainerRec,
  scope: ContainerRec,
  input: CriterionInput,
  ownerName: string | undefined,
): object {
  const caseRec = owner.case;
  let element: ElementOptions & { readonly name?: string };
  let sentryInput: SentrySpec | unknown;
  if (isSentryRef(input)) {
    element = {};
    sentryInput = input;
  } else if ('sentry' in input) {
    const { sentry, ...rest } = input;
    element = rest;
    sentryInput = sentry;
  } else {
    element = {};
    sentryInput = input;
  }
  const id = takeId(caseRec.model, element.id, kind, ...(element.name !== undefined ? [element.name] : [ownerName]));
  const sentry = isSentryRef(sentryInput)
    ? sentryInput
    : sentryHandle(newSentry(scope, sentryInput as SentrySpec, [ownerName, kind === 'EntryCriterion' ? 'Entry' : 'Exit']));
  const criterion: CriterionRec = { kind, case: caseRec, id, name: element.name, options: element, sentry, owner };
  if ('definition' in owner) (kind === 'EntryCriterion' ? owner.entryCriteria : owner.exitCriteria).push(criterion);
  else owner.exitCriteria.push(criterion);
  return remember(criterion, bind({ kind, id, name: element.name, caseId: caseRec.id, sentry }, criterion));
}

/** The criteria part of an item handle: its criteria and the methods that add more. */
export function criteriaOwner(item: ItemRec): object {
  return {
    get entryCriteria() {
      return Object.freeze(item.entryCriteria.map((c) => HANDLES.get(c)));
    },
    get exitCriteria() {
      return Object.freeze(item.exitCriteria.map((c) => HANDLES.get(c)));
    },
    addEntryCriterion: (input: CriterionInput) => newCriterion('EntryCriterion', item, item.scope, input, item.name),
    addExitCriterion: (input: CriterionInput) => newCriterion('ExitCriterion', item, item.scope, input, item.name),
  };
}
