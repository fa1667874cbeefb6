import type { Command } from './command.js';
import { inspectCommand } from './inspect.js';
import { renderCommand } from './render.js';
import { serveCommand } from './serve.js';
import { runCommand } from './run.js';
import { validateCommand } from './validate.js';

/**
 * Every `casekit` command, in the order `casekit --help` lists them. A new command is a
 * `defineCommand({...})` in its own file plus one entry here: the dispatcher, the help text and the
 * option parsing pick it up from this list.
 */
export const COMMANDS: readonly Command[] = [validateCommand, inspectCommand, runCommand, renderCommand, serveCommand];

/** The command with this name, if any. */
export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
