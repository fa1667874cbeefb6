import type { TransitionRecord } from '@casekit/core';
import type { ScenarioResult } from './runner.js';

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * A readable report of a run: on failure the step, the ref, expected and actual, and the states
 * of all items at that point.
 */
export function formatReport(result: ScenarioResult, names: { readonly model?: string; readonly scenario?: string } = {}): string {
  const lines: string[] = [];
  const title = result.title === undefined ? '' : ` — ${result.title}`;
  if (result.exitCode === 2) {
    const where = result.invalid?.step === undefined ? '' : ` (step ${result.invalid.step})`;
    lines.push(`INVALID${title}${where}: ${result.invalid?.code ?? ''} ${result.invalid?.message ?? ''}`.trimEnd());
    return lines.join('\n');
  }
  if (result.exitCode === 0) {
    lines.push(`PASS${title}: ${result.stepsRun} steps${names.scenario === undefined ? '' : ` of ${names.scenario}`}`);
    return lines.join('\n');
  }
  const failure = result.failure!;
  lines.push(`FAIL${title}`);
  lines.push(`  step ${failure.step}: ${failure.stepText}`);
  if (failure.error !== undefined) lines.push(`  rejected: ${failure.error.code}: ${failure.error.message}`);
  for (const m of failure.mismatches) {
    lines.push(`  ${m.ref}`);
    lines.push(`    expected: ${show(m.expected)}`);
    lines.push(`    actual:   ${show(m.actual)}`);
  }
  lines.push('  states at that point:');
  const width = Math.max(...failure.states.map((r) => `${r.name}#${r.instance}`.length), 4);
  for (const row of failure.states) {
    const label = row.id === '(case)' ? `case ${row.name}` : `${row.name}#${row.instance}`;
    lines.push(`    ${label.padEnd(width + 5)} ${row.state}${row.id === '(case)' ? '' : `  (${row.id})`}`);
  }
  return lines.join('\n');
}

/** A readable timeline: time, item, transition, who. */
export function formatTimeline(timeline: readonly TransitionRecord[], options: { readonly showCreate?: boolean } = {}): string {
  const lines: string[] = [];
  for (const record of timeline) {
    if (!options.showCreate && record.transition === 'create' && record.scope === 'planItem') continue;
    const at = new Date(record.at).toISOString().replace('.000Z', 'Z');
    const what = record.scope === 'case' ? 'case' : record.scope === 'caseFile' ? `file:${record.itemId ?? ''}` : (record.itemName ?? record.itemId ?? '?');
    lines.push(`${at}  ${what.padEnd(32)} ${record.transition.padEnd(15)} ${(record.from ?? '—').padEnd(10)} → ${record.to.padEnd(10)} ${record.user ?? ''}`.trimEnd());
  }
  return lines.join('\n');
}
