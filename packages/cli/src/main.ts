import { CasekitError } from '@casekit/rules';
import { parseCommandLine } from './args.js';
import { UsageError } from './commands/command.js';
import { commandHelp, mainHelp } from './commands/help.js';
import { COMMANDS, findCommand } from './commands/index.js';
import { ExitCode } from './exit-codes.js';
import { toConsole, type CliIo, type Console } from './io.js';
import { cliVersion } from './version.js';

/** The closest command name within two edits, for "did you mean". */
function suggest(name: string): string | undefined {
  const distance = (a: string, b: string): number => {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++) {
        next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
      row = next;
    }
    return row[b.length]!;
  };
  const ranked = COMMANDS.map((c) => ({ name: c.name, d: distance(name, c.name) })).sort((x, y) => x.d - y.d);
  return ranked[0] !== undefined && ranked[0].d <= 2 ? ranked[0].name : undefined;
}

function usageError(console: Console, message: string, command?: string): number {
  console.err(`casekit${command === undefined ? '' : ` ${command}`}: ${message}`);
  console.err(`Run 'casekit ${command === undefined ? '' : `${command} `}--help' for usage.`);
  return ExitCode.Usage;
}

async function dispatch(argv: readonly string[], console: Console): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    for (const line of mainHelp()) console.err(line);
    return ExitCode.Usage;
  }
  if (first === '--help' || first === '-h') {
    for (const line of mainHelp()) console.out(line);
    return ExitCode.Ok;
  }
  if (first === '--version') {
    console.out(cliVersion());
    return ExitCode.Ok;
  }
  if (first === 'help') {
    const topic = rest[0] === undefined ? undefined : findCommand(rest[0]);
    if (rest[0] !== undefined && topic === undefined) return usageError(console, `unknown command "${rest[0]}"`);
    for (const line of topic === undefined ? mainHelp() : commandHelp(topic)) console.out(line);
    return ExitCode.Ok;
  }
  if (first.startsWith('-')) return usageError(console, `unknown option "${first}" (options go after the command)`);

  const command = findCommand(first);
  if (command === undefined) {
    const close = suggest(first);
    return usageError(console, `unknown command "${first}"${close === undefined ? '' : `; did you mean "${close}"?`}`);
  }
  let parsed;
  try {
    parsed = parseCommandLine(command, rest);
  } catch (error) {
    if (error instanceof UsageError) return usageError(console, error.message, command.name);
    throw error;
  }
  if (parsed.help) {
    for (const line of commandHelp(command)) console.out(line);
    return ExitCode.Ok;
  }
  try {
    return await command.run({ args: parsed.args, options: parsed.options, console });
  } catch (error) {
    if (error instanceof UsageError) return usageError(console, error.message, command.name);
    throw error;
  }
}

/**
 * Runs the `casekit` command line and resolves to its exit code; never calls `process.exit`, so it
 * runs in-process (tests pass a {@link CliIo} that captures the output). Usage errors (and, for
 * `run`, inputs it cannot use) resolve to 2, and so does any other casekit error a command lets
 * through (a `CasekitError`: one line, its code and message); an unexpected exception (a casekit
 * bug) is printed to stderr with its stack trace and resolves to 3.
 *
 * @param argv - The arguments after the program name: `process.argv.slice(2)`.
 * @param io - Where to write and read; defaults to the process's stdout, stderr, files and cwd.
 * @example
 * import { main } from '@casekit/cli';
 * process.exitCode = await main(['validate', 'claim.cmmn', 'intake.cmmn']);
 */
export async function main(argv: readonly string[], io?: CliIo): Promise<number> {
  const console = toConsole(io);
  try {
    return await dispatch(argv, console);
  } catch (error) {
    if (error instanceof UsageError) return usageError(console, error.message);
    if (error instanceof CasekitError) {
      console.err(`casekit: ${error.code}: ${error.message.split('\n', 1)[0]}`);
      return ExitCode.Usage;
    }
    console.err(`casekit: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return ExitCode.Internal;
  }
}
