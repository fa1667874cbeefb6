/** The inspector's pages: server-rendered HTML, every value escaped by the `html` tag. */
import type { ApplicableItem, CaseSnapshot, CaseSummary, ItemCommands, PlanItemSnapshot, TransitionRecord, User } from '@casekit/core';
import { html, trusted, type Html } from './html.js';
import type { CriterionStatus, WhyNot } from './why-not.js';

/** What every page needs: where the inspector is mounted, who acts, the form token. */
export interface PageContext {
  /** The mount path, '' or '/inspector' (no trailing slash). */
  readonly base: string;
  readonly user: User;
  readonly token: string;
  readonly title: string;
}

/** Case states offered by the cases list filter. */
export const CASE_STATES = ['Active', 'Suspended', 'Completed', 'Terminated', 'Failed', 'Closed'] as const;

const time = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');

/** The label of a command button (the spec's transition names; `manualStart` reads as start). */
const label = (command: string): string => (command === 'manualStart' ? 'start' : command);

const caseUrl = (ctx: PageContext, id: string): string => `${ctx.base}/cases/${encodeURIComponent(id)}`;

/** The page frame. */
export function layout(ctx: PageContext, title: string, body: Html): string {
  return `<!doctype html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — ${ctx.title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${ctx.base}/assets/inspector.css">
<script src="${ctx.base}/assets/inspector.js" defer></script>
</head>
<body>
<header class="top">
  <a class="brand" href="${ctx.base}/">${ctx.title}</a>
  <a href="${ctx.base}/">Cases</a>
  <a href="${ctx.base}/work">Work list</a>
  <span class="user">acting as <strong>${ctx.user.id}</strong>${(ctx.user.roles ?? []).length > 0 ? ` (${(ctx.user.roles ?? []).join(', ')})` : ''}</span>
</header>
<main>
${body}
</main>
</body>
</html>`.value}\n`;
}

function stateBadge(state: string): Html {
  return html`<span class="state state-${state}">${state}</span>`;
}

/** Notices after a command (`done`) or the error that stopped it. */
function notices(done: string | undefined, error: string | undefined): Html {
  const DONE: Readonly<Record<string, string>> = { command: 'Done.', plan: 'Planned.', caseFile: 'Case file saved.' };
  return html`${done !== undefined && Object.hasOwn(DONE, done) ? html`<div class="notice ok" role="status">${DONE[done]}</div>` : ''}${
    error === undefined ? '' : html`<div class="notice error" role="alert">${error}</div>`
  }`;
}

/** The commands that move work forward, shown as primary buttons (the others stop or pause it). */
const PRIMARY: ReadonlySet<string> = new Set(['complete', 'manualStart', 'occur', 'reenable', 'resume', 'reactivate']);

/** A form posting one command; `back` names the page to return to. */
function commandForm(ctx: PageContext, caseId: string, item: ItemCommands, command: string, back: string): Html {
  return html`<form class="inline" method="post" action="${caseUrl(ctx, caseId)}/command">
<input type="hidden" name="token" value="${ctx.token}"><input type="hidden" name="instance" value="${item.instanceId}">
<input type="hidden" name="transition" value="${command}"><input type="hidden" name="back" value="${back}">
<button type="submit"${PRIMARY.has(command) ? trusted(' class="primary"') : ''} data-action="${command}" data-item="${item.itemId}" title="${label(command)} ${item.name}">${label(command)}</button></form>`;
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

/** The cases list, with its filter. */
export function casesPage(ctx: PageContext, cases: readonly CaseSummary[], definitions: readonly string[], filter: { state?: string; definition?: string }): string {
  const option = (value: string, selected: boolean, text = value) => html`<option value="${value}"${selected ? trusted(' selected') : ''}>${text}</option>`;
  const body = html`<h1>Cases</h1>
<form class="filters" method="get" action="${ctx.base}/">
  <label>State <select name="state">${option('', filter.state === undefined, 'any')}${CASE_STATES.map((s) => option(s, filter.state === s))}</select></label>
  <label>Definition <select name="definition">${option('', filter.definition === undefined, 'any')}${definitions.map((d) => option(d, filter.definition === d))}</select></label>
  <button type="submit">Filter</button>
</form>
${
  cases.length === 0
    ? html`<p class="empty">No case matches.</p>`
    : html`<table class="cases"><thead><tr><th>Case</th><th>Definition</th><th>Model</th><th>State</th><th>Updated</th></tr></thead><tbody>
${cases.map(
  (c) => html`<tr data-case="${c.id}"><td><a href="${caseUrl(ctx, c.id)}">${c.id}</a></td><td>${c.caseDefinitionId}</td><td>${c.modelKey} v${c.modelVersion}</td><td>${stateBadge(c.state)}</td><td>${time(c.updatedAt)}</td></tr>\n`,
)}</tbody></table>`
}`;
  return layout(ctx, 'Cases', body);
}

// ---------------------------------------------------------------------------------------------
// One case
// ---------------------------------------------------------------------------------------------

/** Everything the case page shows. */
export interface CaseView {
  readonly snapshot: CaseSnapshot;
  readonly caseName: string;
  readonly svg: string;
  readonly history: readonly TransitionRecord[];
  readonly legal: readonly ItemCommands[];
  readonly applicable: readonly ApplicableItem[];
  readonly why: ReadonlyMap<string, WhyNot>;
  readonly done?: string | undefined;
  readonly error?: string | undefined;
}

function criterionLines(criteria: readonly CriterionStatus[]): Html {
  if (criteria.length === 0) return html``;
  return html`<ul>${criteria.map(
    (c) => html`<li>${c.kind} criterion ${c.name ?? c.criterionId ?? ''}: ${c.satisfied ? html`<span class="yes">satisfied</span>` : html`<span class="no">not satisfied</span>`}<ul>
${c.onParts.map((o) => html`<li class="${o.occurred ? 'yes' : 'no'}">${o.occurred ? '✓' : '✗'} on-part: ${o.sourceName} ${o.event}${o.occurred ? ' (occurred)' : ' (not yet)'}</li>`)}
${c.ifPart === undefined ? '' : html`<li class="${c.ifPart.value === true ? 'yes' : 'no'}">${c.ifPart.value === true ? '✓' : '✗'} if-part: <code>${c.ifPart.condition}</code> is ${c.ifPart.value === undefined ? `not evaluable (${c.ifPart.error ?? ''})` : String(c.ifPart.value)}</li>`}
</ul></li>`,
  )}</ul>`;
}

function treeOf(ctx: PageContext, items: readonly PlanItemSnapshot[], why: ReadonlyMap<string, WhyNot>, parent: string | undefined): Html {
  const children = items.filter((i) => i.stageInstanceId === parent);
  if (children.length === 0) return html``;
  return html`<ul class="tree${parent === undefined ? ' root' : ''}">${children.map((i) => {
    const reason = why.get(i.instanceId);
    return html`<li data-item="${i.itemId}" data-instance="${i.instanceId}" data-state="${i.state}"><span class="node">${stateBadge(i.state)} ${i.name} <span class="kind">${i.type}${i.repetition > 1 ? ` #${i.repetition}` : ''}${i.discretionary ? ' · discretionary' : ''}${i.required ? ' · required' : ''}</span>${i.childCase === undefined ? '' : html` <a class="child" href="${caseUrl(ctx, i.childCase)}">child case ${i.childCase}</a>`}</span>
${reason === undefined || reason.state === 'Completed' ? '' : html`<div class="why">why not Active: ${reason.reason}${criterionLines(reason.criteria)}</div>`}
${treeOf(ctx, items, why, i.instanceId)}</li>`;
  })}</ul>`;
}

/** The page of one case: diagram, plan tree, actions, case file, history. */
export function casePage(ctx: PageContext, view: CaseView): string {
  const { snapshot } = view;
  const id = snapshot.id;
  const actions = html`<div class="panel actions"><h2>What you may do now</h2>
${
  view.legal.length === 0 && view.applicable.length === 0
    ? html`<p class="empty">Nothing: no command is legal for ${ctx.user.id} now.</p>`
    : html`<ul>${view.legal.map((item) => html`<li data-item="${item.itemId}">${item.name} ${stateBadge(item.state)} ${item.commands.map((c) => commandForm(ctx, id, item, c, 'case'))}</li>`)}
${view.applicable.map(
  (a) => html`<li data-item="${a.itemId}">${a.name} <span class="kind">discretionary, in ${a.ownerItemId}</span>
<form class="inline" method="post" action="${caseUrl(ctx, id)}/plan"><input type="hidden" name="token" value="${ctx.token}"><input type="hidden" name="item" value="${a.itemId}"><input type="hidden" name="owner" value="${a.ownerInstanceId}"><button type="submit" class="primary" data-action="plan" data-item="${a.itemId}">plan</button></form></li>`,
)}</ul>`
}</div>`;
  const caseFile = html`<div class="panel"><h2>Case file</h2>
<form method="post" action="${caseUrl(ctx, id)}/case-file"><input type="hidden" name="token" value="${ctx.token}">
<textarea id="case-file-json" name="json" spellcheck="false" aria-label="case file as JSON">${JSON.stringify(snapshot.caseFile, null, 2)}</textarea>
<p><button type="submit" id="case-file-submit" class="primary"${snapshot.state === 'Active' ? '' : trusted(' disabled')}>Save case file</button><span id="case-file-status" class="json-status"></span></p>
<p class="kind">Each top-level key is set (created or updated) as a case file item; keys left out are kept.</p></form></div>`;
  const timeline = html`<div class="panel"><h2>History</h2><ol class="timeline" reversed>${[...view.history].reverse().map(
    (r) => html`<li data-seq="${r.seq}"><time>${time(r.at)}</time>${r.scope === 'case' ? 'case' : (r.itemName ?? r.itemId ?? '')} <strong>${r.transition}</strong> ${r.from ?? '∅'} → ${r.to}${r.user === undefined ? '' : html` <span class="kind">by ${r.user}</span>`}</li>`,
  )}</ol></div>`;
  const body = html`<h1>${view.caseName} <span class="kind">${id}</span> ${stateBadge(snapshot.state)}</h1>
${notices(view.done, view.error)}
<div class="layout">
<div>
<div class="diagram" id="diagram">${trusted(view.svg)}</div>
${timeline}
</div>
<div>
${actions}
<div class="panel"><h2>Plan</h2>${snapshot.items.length === 0 ? html`<p class="empty">No plan item instance.</p>` : treeOf(ctx, snapshot.items, view.why, undefined)}</div>
${caseFile}
</div>
</div>`;
  return layout(ctx, `${view.caseName} ${id}`, body);
}

// ---------------------------------------------------------------------------------------------
// Work list
// ---------------------------------------------------------------------------------------------

/** One case's entries of the work list. */
export interface WorkEntry {
  readonly caseId: string;
  readonly caseDefinitionId: string;
  readonly items: readonly ItemCommands[];
}

/** What the user may do now, across the Active cases. */
export function workPage(ctx: PageContext, entries: readonly WorkEntry[], done: string | undefined, error: string | undefined): string {
  const rows = entries.flatMap((e) =>
    e.items.map(
      (item) => html`<tr data-case="${e.caseId}" data-item="${item.itemId}"><td><a href="${caseUrl(ctx, e.caseId)}">${e.caseId}</a> <span class="kind">${e.caseDefinitionId}</span></td><td>${item.name}</td><td>${stateBadge(item.state)}</td><td>${item.commands.map((c) => commandForm(ctx, e.caseId, item, c, 'work'))}</td></tr>\n`,
    ),
  );
  const body = html`<h1>Work list of ${ctx.user.id}</h1>
${notices(done, error)}
${rows.length === 0 ? html`<p class="empty">Nothing to do in the Active cases.</p>` : html`<table class="work"><thead><tr><th>Case</th><th>Item</th><th>State</th><th>Commands</th></tr></thead><tbody>${rows}</tbody></table>`}`;
  return layout(ctx, 'Work list', body);
}

/** An error page (not found, forbidden, bad request). */
export function errorPage(ctx: PageContext | undefined, title: string, message: string): string {
  if (ctx === undefined) return `<!doctype html>\n${html`<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${message}</p></body></html>`.value}\n`;
  return layout(ctx, title, html`<h1>${title}</h1><p>${message}</p><p><a href="${ctx.base}/">Back to the cases</a></p>`);
}
