import type { TransitionRecord } from '@casekit/core';
import type { ScenarioResult } from './runner.js';

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * A readable report of a run: on failure the step, the ref, expected and actual, and the states
 * of all items at that point. With `names.scenario`, the first line names the file:
 * `PASS  claim.scenario.json — title (5 steps)`; without it, `PASS — title: 5 steps`.
 *
 * @example
 * if (result.exitCode !== 0) console.log(formatReport(result, { scenario: 'claim.scenario.json' }));
 */
export function formatReport(result: ScenarioResult, names: { readonly model?: string; readonly scenario?: string } = {}): string {
  const lines: string[] = [];
  const title = result.title === undefined ? '' : ` — ${result.title}`;
  const head = (status: string): string => (names.scenario === undefined ? `${status}${title}` : `${status}  ${names.scenario}${title}`);
  if (result.exitCode === 2) {
    const problems = result.invalid?.problems ?? [];
    if (problems.length > 1) {
      lines.push(`${head('INVALID')}: ${result.invalid?.code ?? ''} ${problems.length} problems`);
      for (const p of problems) lines.push(`  ${p.step === undefined ? '' : `step ${p.step}: `}${p.message}`);
      return lines.join('\n');
    }
    const where = result.invalid?.step === undefined ? '' : ` (step ${result.invalid.step})`;
    lines.push(`${head('INVALID')}${where}: ${result.invalid?.code ?? ''} ${result.invalid?.message ?? ''}`.trimEnd());
    return lines.join('\n');
  }
  if (result.exitCode === 0) {
    const steps = `${result.stepsRun} ${result.stepsRun === 1 ? 'step' : 'steps'}`;
    lines.push(names.scenario === undefined ? `PASS${title}: ${steps}` : `${head('PASS')} (${steps})`);
    return lines.join('\n');
  }
  const failure = result.failure!;
  lines.push(head('FAIL'));
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

/** A case-team record's roles (JSON in the record) as words: `nurse, physician`; `—` for none. */
function teamRoles(value: string | null): string {
  if (value === null) return '—';
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return parsed.length === 0 ? '(no roles)' : parsed.map(String).join(', ');
  } catch {
    // not JSON: `removed`
  }
  return value;
}

/**
 * A readable timeline: time, item, transition, from → to, who. Case-team changes read
 * `team:nina  addMember  — → nurse`.
 *
 * @example
 * console.log(formatTimeline(await engine.history(caseId)));
 */
export function formatTimeline(timeline: readonly TransitionRecord[], options: { readonly showCreate?: boolean } = {}): string {
  const lines: string[] = [];
  for (const record of timeline) {
    if (!options.showCreate && record.transition === 'create' && record.scope === 'planItem') continue;
    const at = new Date(record.at).toISOString().replace('.000Z', 'Z');
    const team = record.scope === 'team';
    const what =
      record.scope === 'case' ? 'case' : record.scope === 'caseFile' ? `file:${record.itemId ?? ''}` : team ? `team:${record.itemId ?? ''}` : (record.itemName ?? record.itemId ?? '?');
    const from = team ? teamRoles(record.from) : (record.from ?? '—');
    const to = team ? teamRoles(record.to) : record.to;
    lines.push(`${at}  ${what.padEnd(32)} ${record.transition.padEnd(15)} ${from.padEnd(10)} → ${to.padEnd(10)} ${record.user ?? ''}`.trimEnd());
  }
  return lines.join('\n');
}

/**
 * One scenario of a suite run, for {@link formatJunit}.
 *
 * @example
 * const entry: SuiteEntry = { scenario: 'claim.scenario.json', result, seconds: 0.012 };
 */
export interface SuiteEntry {
  /** The scenario file, as named. */
  readonly scenario: string;
  readonly result: ScenarioResult;
  /** How long it ran, in seconds. */
  readonly seconds?: number;
}

const xmlEscape = (text: string): string =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!).replace(/[^\t\n\r\u0020-\ud7ff\ue000-\ufffd]/gu, '\ufffd');

/**
 * A JUnit XML report of a suite of scenario runs, as CI systems read it: one `<testcase>` per
 * scenario, a `<failure>` for exit code 1 and an `<error>` for exit code 2, each with the text
 * report.
 *
 * @example
 * writeFileSync('casekit-junit.xml', formatJunit([{ scenario: 'claim.scenario.json', result }]));
 */
export function formatJunit(entries: readonly SuiteEntry[], suiteName = 'casekit scenarios'): string {
  const failures = entries.filter((e) => e.result.exitCode === 1).length;
  const errors = entries.filter((e) => e.result.exitCode === 2).length;
  const time = entries.reduce((sum, e) => sum + (e.seconds ?? 0), 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xmlEscape(suiteName)}" tests="${entries.length}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">`,
    `  <testsuite name="${xmlEscape(suiteName)}" tests="${entries.length}" failures="${failures}" errors="${errors}" skipped="0" time="${time.toFixed(3)}">`,
  ];
  for (const { scenario, result, seconds } of entries) {
    const name = result.title === undefined ? scenario : `${scenario} — ${result.title}`;
    const open = `    <testcase classname="${xmlEscape(scenario)}" name="${xmlEscape(name)}" time="${(seconds ?? 0).toFixed(3)}"`;
    if (result.exitCode === 0) {
      lines.push(`${open}/>`);
      continue;
    }
    const text = formatReport(result);
    const report = xmlEscape(text);
    const first = xmlEscape(text.split('\n', 1)[0]!);
    lines.push(`${open}>`);
    if (result.exitCode === 1) {
      const code = result.failure?.error?.code ?? 'ExpectationFailed';
      lines.push(`      <failure type="${xmlEscape(code)}" message="${first}">${report}</failure>`);
    } else {
      lines.push(`      <error type="${xmlEscape(result.invalid?.code ?? 'ScenarioInvalid')}" message="${first}">${report}</error>`);
    }
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
