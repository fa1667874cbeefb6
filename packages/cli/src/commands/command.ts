import { CasekitError } from '@casekit/rules';
import type { Console } from '../io.js';

/** One option of a command, in the shape `node:util` `parseArgs` takes (plus help text). */
export interface OptionSpec {
  readonly type: 'boolean' | 'string';
  /** A one-letter alias (`-q`). */
  readonly short?: string;
  /** One line for the help text. */
  readonly description: string;
  /** The value's placeholder in the help text, for string options (`<id>`). */
  readonly valueName?: string;
  /** A string option that may be given several times; its value is then a list. */
  readonly multiple?: boolean;
}

/** The options of a command, by long name. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** Parsed option values: booleans are false when absent, strings undefined. */
export type OptionValues<O extends OptionSpecs> = {
  readonly [K in keyof O]: O[K]['type'] extends 'boolean' ? boolean : O[K]['multiple'] extends true ? readonly string[] : string | undefined;
};

/** What a command receives: its positional arguments, its options and the console. */
export interface Invocation<O extends OptionSpecs> {
  readonly args: readonly string[];
  readonly options: OptionValues<O>;
  readonly console: Console;
}

/**
 * A `casekit` subcommand. The dispatcher parses and checks the command line against `args` and
 * `options`, handles `--help`, and calls `run` with the result; `run` returns the exit code.
 */
export interface Command<O extends OptionSpecs = OptionSpecs> {
  /** The word after `casekit`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The positional arguments: their name in the usage line and how many are accepted. */
  readonly args: {
    readonly name: string;
    readonly min: number;
    readonly max: number;
    /** The arguments as the usage line shows them, when `name`, `min` and `max` do not say it. */
    readonly usage?: string;
  };
  readonly options: O;
  /** Further help paragraphs, printed by `casekit <command> --help`. */
  readonly details?: readonly string[];
  run(invocation: Invocation<O>): Promise<number>;
}

/** Declares a command with its option types inferred from `options`. */
export function defineCommand<const O extends OptionSpecs>(command: Command<O>): Command<O> {
  return command;
}

/**
 * A command line that cannot be run, or an input a command cannot use (a missing file, a pattern
 * that matches nothing); printed as one line with a pointer to `--help`, exit code 2.
 *
 * @example
 * if (scenarios.length === 0) throw new UsageError('no scenario file given');
 */
export class UsageError extends CasekitError<'UsageError'> {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super('UsageError', message);
  }
}
