import { node, type TreeNode } from '../format/tree.js';
import type {
  CaseFileItemSummary,
  CaseSummary,
  ControlRuleSummary,
  ControlSummary,
  CriterionSummary,
  ExpressionSummary,
  ExternalSummary,
  ItemSummary,
  ModelSummary,
  NamedSummary,
  OnPartSummary,
  PlanningTableSummary,
  RuleSummary,
} from './summarize.js';

/** `"Name" (id)`, `"Name"`, `(id)`, or `(anonymous)`. */
function title(element: NamedSummary): string {
  if (element.name !== null && element.id !== null) return `"${element.name}" (${element.id})`;
  if (element.name !== null) return `"${element.name}"`;
  return element.id !== null ? `(${element.id})` : '(anonymous)';
}

/** `"Name"`, else the id: for references to roles, sources and the like. */
function ref(element: NamedSummary): string {
  return element.name !== null ? `"${element.name}"` : (element.id ?? '?');
}

/** Labels followed by their non-empty attributes, two spaces apart. */
function line(...parts: (string | false | null | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p !== '').join('  ');
}

/** An expression on one line, with its language when one is declared (unless `bodyOnly`). */
function expression(e: ExpressionSummary, bodyOnly = false): string {
  const body = e.body.replace(/\s+/g, ' ');
  return e.language === null || bodyOnly ? body : `${body}  [${e.language}]`;
}

function rule(label: string, r: RuleSummary, suffix?: string, withId = false): TreeNode {
  return node(
    line(
      withId ? `${label} ${title(r)}` : r.name === null ? label : `${label} "${r.name}"`,
      r.condition === null ? null : `if ${expression(r.condition)}`,
      r.context === null ? null : `context "${r.context}"`,
      suffix,
    ),
  );
}

function controlNodes(control: ControlSummary | null): TreeNode[] {
  if (control === null) return [];
  // Each rule says where it comes from: an item's itemControl overrides its defaultControl rule by rule.
  const from = (r: ControlRuleSummary): string | undefined => (r.source === 'defaultControl' ? '(defaultControl)' : undefined);
  const rules: TreeNode[] = [];
  if (control.required !== null) rules.push(rule('required', control.required, from(control.required)));
  if (control.repetition !== null) rules.push(rule('repetition', control.repetition, from(control.repetition)));
  if (control.manualActivation !== null) rules.push(rule('manualActivation', control.manualActivation, from(control.manualActivation)));
  return rules;
}

function onPart(o: OnPartSummary, verb: string): TreeNode {
  const source = o.kind === 'CaseFileItemOnPart' || o.kind === 'CaseFileItemStartTrigger' ? `case file item ` : '';
  return node(
    line(
      `${verb} ${source}${o.source === null ? '<no source>' : `"${o.source}"`} ${o.standardEvent ?? '<no standardEvent>'}`,
      o.exitCriterionRef === null ? null : `exitCriterionRef ${o.exitCriterionRef}`,
    ),
  );
}

function criterion(kind: 'entry' | 'exit', c: CriterionSummary): TreeNode {
  const name = c.name === null ? (c.id ?? '') : title(c);
  const label = line(`${kind} criterion ${name}`.trimEnd(), c.sentryRef === null ? 'no sentry' : `sentry ${c.sentryRef}`);
  const sentry = c.sentry;
  if (sentry === null) return node(label);
  return node(label, [
    ...sentry.onParts.map((o) => onPart(o, 'on')),
    sentry.ifPart !== null &&
      node(
        line(
          sentry.ifPart.condition === null ? 'if <no condition>' : `if ${expression(sentry.ifPart.condition)}`,
          sentry.ifPart.context === null ? null : `context "${sentry.ifPart.context}"`,
        ),
      ),
  ]);
}

function call(calls: NonNullable<ItemSummary['calls']>): string | null {
  if (calls.ref === null) return calls.expression === null ? null : `${calls.kind}RefExpression ${expression(calls.expression)}`;
  if (calls.local) return `calls ${calls.kind} ${calls.name === null ? calls.ref : `"${calls.name}" (${calls.ref})`}`;
  return `calls ${calls.kind} ${calls.ref} (another file)`;
}

function roles(label: string, list: readonly NamedSummary[] | undefined): string | null {
  return list === undefined || list.length === 0 ? null : `${label} ${list.map(ref).join(', ')}`;
}

function item(i: ItemSummary): TreeNode {
  const kind = i.definition?.kind ?? 'PlanItem without definition';
  const label = line(
    `${i.kind === 'DiscretionaryItem' ? 'discretionary ' : ''}${kind} ${title(i)}`,
    i.autoComplete === true && 'autoComplete',
    i.blocking === false && 'non-blocking',
    i.performer != null && `performer ${ref(i.performer)}`,
    i.timer !== undefined && (i.timer.expression === null ? 'timer <no expression>' : `timer ${expression(i.timer.expression, true)}`),
    i.calls !== undefined && call(i.calls),
    roles('authorized', i.authorizedRoles),
    i.recursive === true && '(contains itself: not expanded)',
  );
  return node(label, [
    ...controlNodes(i.control),
    ...(i.applicabilityRules ?? []).map((r) => rule('applicability rule', r, undefined, true)),
    ...i.entryCriteria.map((c) => criterion('entry', c)),
    ...i.exitCriteria.map((c) => criterion('exit', c)),
    i.timer?.start != null && onPart(i.timer.start, 'timer starts on'),
    ...(i.items ?? []).map(item),
    i.planningTable != null && planningTable(i.planningTable),
  ]);
}

function planningTable(table: PlanningTableSummary): TreeNode {
  return node(line(`planning table${table.id === null ? '' : ` (${table.id})`}`, roles('authorized', table.authorizedRoles)), [
    ...table.items.map((entry) => (entry.kind === 'PlanningTable' ? planningTable(entry) : item(entry))),
  ]);
}

function caseFileItem(c: CaseFileItemSummary): TreeNode {
  return node(
    line(
      title(c),
      c.multiplicity !== 'Unspecified' && c.multiplicity,
      c.definition !== null && `definition ${ref(c.definition)}`,
    ),
    c.children.map(caseFileItem),
  );
}

function caseNode(c: CaseSummary): TreeNode {
  const plan = c.plan;
  return node(`case ${title(c)}`, [
    c.caseFileItems.length > 0 && node('case file', c.caseFileItems.map(caseFileItem)),
    c.roles.length > 0 && node('roles', c.roles.map((r) => node(title(r)))),
    plan === null
      ? node('no case plan model')
      : node(line(`case plan model ${title(plan)}`, plan.autoComplete && 'autoComplete'), [
          ...controlNodes(plan.control),
          ...plan.exitCriteria.map((x) => criterion('exit', x)),
          ...plan.items.map(item),
          plan.planningTable !== null && planningTable(plan.planningTable),
        ]),
  ]);
}

function external(kind: string, e: ExternalSummary): TreeNode {
  return node(line(`${kind} ${title(e)}`, e.implementationType !== null && `implementationType ${e.implementationType}`, e.externalRef !== null && `externalRef ${e.externalRef}`));
}

/** The tree `casekit inspect` prints: the file, then each case, process and decision. */
export function modelTree(file: string, summary: ModelSummary): TreeNode {
  return node(file, [
    ...summary.cases.map(caseNode),
    ...summary.processes.map((p) => external('process', p)),
    ...summary.decisions.map((d) => external('decision', d)),
  ]);
}
