import { cliVersion } from '../version.js';
import { COMMANDS } from './index.js';
import type { Command, OptionSpec } from './command.js';

function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}   ${right}`);
}

function usageArgs(command: Command): string {
  const { name, min, max, usage } = command.args;
  if (usage !== undefined) return usage;
  // A fixed number of named arguments (`model.cmmn scenario.json`) lists each; otherwise a list.
  const names = name.split(' ');
  const shape = names.length > 1 && names.length === max ? names.map((n) => `<${n}>`).join(' ') : max > 1 ? `<${name}...>` : `<${name}>`;
  return min === 0 ? `[${shape}]` : shape;
}

function optionLeft(name: string, spec: OptionSpec): string {
  const long = spec.type === 'string' ? `--${name} ${spec.valueName ?? '<value>'}` : `--${name}`;
  return spec.short === undefined ? `    ${long}` : `-${spec.short}, ${long}`;
}

/** The text of `casekit --help`. */
export function mainHelp(): string[] {
  return [
    `casekit ${cliVersion()} — validate, inspect and run CMMN 1.1 case models`,
    '',
    'Usage: casekit <command> [options]',
    '',
    'Commands:',
    ...table(COMMANDS.map((c) => [`${c.name} ${usageArgs(c)}`, c.summary])),
    '',
    'Options:',
    ...table([
      ['-h, --help', 'Show this help; `casekit <command> --help` shows the help of a command'],
      ['    --version', 'Print the version'],
    ]),
    '',
    'Exit codes: 0 success, 1 a file has errors or cannot be read, 2 usage error, 3 internal error.',
  ];
}

/** The text of `casekit <command> --help`. */
export function commandHelp(command: Command): string[] {
  const options = Object.entries(command.options).map(([name, spec]) => [optionLeft(name, spec), spec.description] as const);
  return [
    `Usage: casekit ${command.name} [options] ${usageArgs(command)}`,
    '',
    `${command.summary}.`,
    '',
    'Options:',
    ...table([...options, ['-h, --help', 'Show this help']]),
    ...(command.details === undefined ? [] : ['', ...command.details]),
  ];
}
