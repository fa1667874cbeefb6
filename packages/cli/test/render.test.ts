/** `casekit render`: the model, or the case a scenario leaves, as SVG. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cmmn, runCli, tempFiles } from './helpers.js';

const EXAMPLE = resolve(__dirname, '../../../examples/care-coordination');
const MODEL = join(EXAMPLE, 'care-coordination.cmmn');
const JOURNEY = join(EXAMPLE, 'journey.scenario.json');

describe('casekit render', () => {
  it('prints the diagram of a model', async () => {
    const run = await runCli(['render', MODEL]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(run.stdout.trimEnd().endsWith('</svg>')).toBe(true);
    expect(run.stdout).not.toContain('data-state=');
  });

  it('writes the case after step N of a scenario to a file', async () => {
    const dir = tempFiles({});
    const run = await runCli(['render', MODEL, '--scenario', JOURNEY, '--step', '4', '-o', 'out.svg'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('');
    const svg = readFileSync(join(dir, 'out.svg'), 'utf8');
    expect(svg.endsWith('</svg>\n')).toBe(true);
    expect(svg).toContain('data-element="pi_screening" data-kind="HumanTask" data-state="Completed"');
    expect(svg).toContain('data-element="ec_assessment" data-kind="EntryCriterion" data-fired="true"');
    expect(svg).toContain('class="ck-legend"');
  });

  it('draws the case at the end of the whole scenario', async () => {
    const run = await runCli(['render', MODEL, '--scenario', JOURNEY]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('data-kind="CasePlanModel" data-state="Completed"');
  });

  it('draws the case where a failing scenario stopped, reports the failure and exits 1', async () => {
    const dir = tempFiles({
      'm.cmmn': cmmn(`<case id="c"><casePlanModel id="cpm"><planItem id="pi_a" name="A" definitionRef="a"/><humanTask id="a" name="A"/></casePlanModel></case>`),
      's.json': JSON.stringify({ steps: [{ expect: { A: 'completed' } }] }),
    });
    const run = await runCli(['render', 'm.cmmn', '--scenario', 's.json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('data-element="pi_a" data-kind="HumanTask" data-state="Active"');
    expect(run.stderr).toContain('completed');
  });

  it('rejects --step without --scenario and a step that is not a number', async () => {
    expect((await runCli(['render', MODEL, '--step', '2'])).code).toBe(2);
    expect((await runCli(['render', MODEL, '--scenario', JOURNEY, '--step', 'two'])).code).toBe(2);
    expect((await runCli(['render', MODEL, '--case', 'nope'])).code).toBe(2);
  });

  it('reports a model with errors as validate does', async () => {
    const dir = tempFiles({ 'bad.cmmn': '<definitions' });
    const run = await runCli(['render', 'bad.cmmn'], { cwd: dir });
    expect(run.code).toBe(1);
  });

  it('casekit run --diagram-on-failure writes the diagram of each failed scenario', async () => {
    const dir = tempFiles({
      'm.cmmn': cmmn(`<case id="c"><casePlanModel id="cpm"><planItem id="pi_a" name="A" definitionRef="a"/><humanTask id="a" name="A"/></casePlanModel></case>`),
      'fails.scenario.json': JSON.stringify({ steps: [{ expect: { A: 'completed' } }] }),
      'passes.scenario.json': JSON.stringify({ steps: [{ expect: { A: 'active' } }] }),
    });
    const run = await runCli(['run', 'm.cmmn', 'fails.scenario.json', 'passes.scenario.json', '--diagram-on-failure', 'diagrams'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(readdirSync(join(dir, 'diagrams'))).toEqual(['fails.scenario.svg']);
    expect(readFileSync(join(dir, 'diagrams', 'fails.scenario.svg'), 'utf8')).toContain('data-element="pi_a" data-kind="HumanTask" data-state="Active"');
  });
});
