import { resolve } from 'node:path';
import { formatReport, formatTimeline, runScenarioFile } from '@casekit/testing';
import { defineCommand } from './command.js';

/**
 * `casekit run <model.cmmn> <scenario.json|yaml>`: drives one case through a scenario file
 * (docs/scenarios.md) and checks its expectations. Exit 0: every expectation held; 1: one failed
 * or a command was rejected; 2: the model or the scenario is invalid.
 */
export const runCommand = defineCommand({
  name: 'run',
  summary: 'Run a scenario file against a CMMN model and check its expectations',
  args: { name: 'model.cmmn scenario.json', min: 2, max: 2 },
  options: {
    json: { type: 'boolean', description: 'Print the final snapshot as JSON on stdout' },
    timeline: { type: 'boolean', description: 'Print the timeline of transitions (time, item, transition, who)' },
  },
  details: [
    'The scenario (JSON, or YAML for .yaml/.yml) starts one case on a virtual clock and runs its',
    'steps: plan item commands, planning, case file changes, advancing time, case commands and',
    'expectations. On failure the report names the step, the ref, the expected and the actual',
    'value, and lists the states of all items at that point.',
    '',
    '--json prints {"case", "items": [{"id","name","definition","type","stage","state","instance"}], "caseFile"}.',
    '',
    'Exit codes: 0 every expectation held, 1 an expectation failed or a command was rejected,',
    '2 the model or the scenario is invalid.',
  ],
  async run({ args, options, console }) {
    const [model, scenario] = args as [string, string];
    const result = await runScenarioFile(resolve(console.cwd, model), resolve(console.cwd, scenario));
    if (options.timeline && result.timeline.length > 0) {
      console.out(formatTimeline(result.timeline));
      console.out();
    }
    if (options.json) {
      if (result.snapshot !== undefined) console.out(JSON.stringify(result.snapshot, null, 2));
      if (result.exitCode !== 0) console.err(formatReport(result, { model, scenario }));
    } else {
      console.out(formatReport(result, { model, scenario }));
    }
    return result.exitCode;
  },
});
