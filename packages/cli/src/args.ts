import { parseArgs } from 'node:util';
import { UsageError, type Command, type OptionSpecs, type OptionValues } from './commands/command.js';

/** A command line parsed against a command's declaration. */
export interface ParsedCommandLine<O extends OptionSpecs> {
  readonly args: readonly string[];
  readonly options: OptionValues<O>;
  /** `--help` / `-h` was given: print the command's help instead of running it. */
  readonly help: boolean;
}

/**
 * Parses the arguments after the command name with `node:util` `parseArgs` (strict: unknown options
 * are usage errors) and checks the number of positional arguments. `--` ends the options.
 */
export function parseCommandLine<O extends OptionSpecs>(command: Command<O>, argv: readonly string[]): ParsedCommandLine<O> {
  const config: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [name, spec] of Object.entries(command.options)) {
    config[name] = {
      type: spec.type,
      ...(spec.short === undefined ? {} : { short: spec.short }),
      ...(spec.multiple === true ? { multiple: true } : {}),
    };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: config, strict: true, allowPositionals: true });
  } catch (error) {
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS_')) {
      throw new UsageError(error.message);
    }
    throw error;
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  const options: Record<string, string | boolean | readonly string[] | undefined> = {};
  for (const [name, spec] of Object.entries(command.options)) {
    options[name] = spec.type === 'boolean' ? values[name] === true : spec.multiple === true ? ((values[name] as string[] | undefined) ?? []) : (values[name] as string | undefined);
  }
  const help = values['help'] === true;
  const args = parsed.positionals;
  if (!help) {
    const { name, min, max } = command.args;
    if (args.length < min) throw new UsageError(min === 1 ? `missing <${name}>` : `expected at least ${min} <${name}> arguments`);
    if (args.length > max) {
      throw new UsageError(`unexpected argument "${args[max]}"${max === 1 ? ` (${command.name} takes one <${name}>)` : ''}`);
    }
  }
  return { args, options: options as OptionValues<O>, help };
}
