/**
 * `build()`, step 1, for sentries: entry and exit criteria, sentries with their on-parts and
 * if-parts, and the start triggers of timer event listeners.
 *
 * @internal
 */
import { NS } from '../model/namespaces.js';
import type { Emitter } from './emit-context.js';
import type { ElementOptions, ExpressionInput, OnPartSpec, XmlAttributeInput } from './handles/index.js';
import { base, expression, node, type Draft } from './nodes.js';
import type { CriterionRec, DefinitionRec, SentryRec } from './state.js';

/** An entry or exit criterion and the sentry it uses. */
export function emitCriterion(emitter: Emitter, criterion: CriterionRec): Draft {
  let draft: Draft | undefined;
  draft = node(criterion.kind, { id: criterion.id, name: criterion.name, ...base(criterion.options) });
  draft['sentryRef'] = emitter.ref(criterion.sentry, ['Sentry'], criterion.case, 'sentryRef', criterion.id, () => draft);
  return draft;
}

/** A `<sentry>`: its on-parts and if-part. */
export function emitSentry(emitter: Emitter, sentry: SentryRec): Draft {
  const spec = sentry.spec;
  const extra: XmlAttributeInput[] =
    spec.triggerMode === undefined
      ? []
      : [{ namespace: NS.casekit, prefix: 'casekit', local: 'triggerMode', value: spec.triggerMode }];
  const draft = node('Sentry', { id: sentry.id, name: sentry.name, ...base(spec, extra) });
  draft['onParts'] = sentry.onParts.map((part) => emitOnPart(emitter, part.id, part.spec, sentry));
  const ifPart = spec.if;
  if (ifPart !== undefined) {
    const isSpec = typeof ifPart !== 'string' && 'condition' in ifPart;
    const condition: ExpressionInput = isSpec ? ifPart.condition : ifPart;
    const options: ElementOptions = isSpec ? ifPart : {};
    const part = node('IfPart', { id: options.id, condition: expression(condition), ...base(options) });
    if (isSpec && ifPart.context !== undefined) {
      part['contextRef'] = emitter.ref(ifPart.context, ['CaseFileItem'], sentry.case, 'contextRef', sentry.id, () => part);
    }
    draft['ifPart'] = part;
  }
  return draft;
}

/** A plan item or case file item on-part of `sentry`. */
export function emitOnPart(emitter: Emitter, id: string, spec: OnPartSpec, sentry: SentryRec): Draft {
  const options = spec?.options ?? {};
  if (spec?.kind === 'CaseFileItemOnPart') {
    const draft = node('CaseFileItemOnPart', { id, name: options.name, standardEvent: spec.standardEvent, ...base(options) });
    draft['sourceRef'] = emitter.ref(spec.source, ['CaseFileItem'], sentry.case, 'sourceRef', id, () => draft);
    return draft;
  }
  const draft = node('PlanItemOnPart', { id, name: options.name, standardEvent: spec?.standardEvent, ...base(options) });
  draft['sourceRef'] = emitter.ref(spec?.source, ['PlanItem', 'DiscretionaryItem'], sentry.case, 'sourceRef', id, () => draft);
  // An exit criterion of another item is legal XML that can never occur: the validator warns
  // (EventNeverEmitted), as it does for a parsed file.
  const exit = spec?.exitCriterion;
  if (exit !== undefined)
    draft['exitCriterionRef'] = emitter.ref(exit, ['ExitCriterion'], sentry.case, 'exitCriterionRef', id, () => draft);
  return draft;
}

/** The start trigger of a timer event listener. */
export function emitStartTrigger(emitter: Emitter, start: OnPartSpec, definition: DefinitionRec): Draft {
  const id = definition.timerStartId;
  const options = start.options ?? {};
  if (start.kind === 'CaseFileItemOnPart') {
    const draft = node('CaseFileItemStartTrigger', { id, standardEvent: start.standardEvent, ...base(options) });
    draft['sourceRef'] = emitter.ref(
      start.source,
      ['CaseFileItem'],
      definition.case,
      'sourceRef',
      id ?? definition.id,
      () => draft,
    );
    return draft;
  }
  const draft = node('PlanItemStartTrigger', { id, standardEvent: start.standardEvent, ...base(options) });
  draft['sourceRef'] = emitter.ref(start.source, ['PlanItem'], definition.case, 'sourceRef', id ?? definition.id, () => draft);
  if (options.name !== undefined || start.exitCriterion !== undefined) {
    emitter.report(
      'InvalidAttributeValue',
      `the timer start trigger "${id ?? '?'}" of "${definition.id}" has no name and no exitCriterionRef; use on(source, event) without them`,
      id ?? definition.id,
      draft,
    );
  }
  return draft;
}
