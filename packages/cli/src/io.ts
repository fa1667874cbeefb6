import { readInputFile } from '@casekit/testing';

/**
 * Something text can be written to: `process.stdout`, a test buffer.
 *
 * @example
 * const lines: string[] = [];
 * const sink: TextSink = { write: (text) => lines.push(text) };
 */
export interface TextSink {
  write(text: string): unknown;
}

/**
 * Where the CLI reads and writes. Everything is injectable so commands run in-process in tests;
 * omitted members default to the real process.
 *
 * @example
 * let out = '';
 * const io: CliIo = { stdout: { write: (t) => (out += t) }, stderr: process.stderr };
 * const code = await main(['validate', 'claim.cmmn'], io);
 */
export interface CliIo {
  /** Command output: problems, trees, JSON. */
  readonly stdout: TextSink;
  /** Diagnostics about the invocation itself: usage errors, internal errors. */
  readonly stderr: TextSink;
  /**
   * Reads a file as text; receives an absolute path. Default: UTF-8 from disk, BOM stripped,
   * regular files only and at most `MAX_INPUT_BYTES` (10 MiB) — `readInputFile` of `@casekit/testing`.
   * (`casekit run` reads its scenario, model and decision files from disk itself.)
   */
  readonly readFile?: (path: string) => Promise<string>;
  /** The directory relative paths are resolved against. Default: `process.cwd()`. */
  readonly cwd?: string;
}

/** {@link CliIo} with every member present, plus line-oriented writers. */
export interface Console {
  /** Writes one line (a newline is appended) to stdout. */
  out(line?: string): void;
  /** Writes one line (a newline is appended) to stderr. */
  err(line?: string): void;
  readonly readFile: (path: string) => Promise<string>;
  readonly cwd: string;
}

const readBounded = (path: string): Promise<string> => readInputFile(path);

/** Fills in the defaults of a {@link CliIo}. */
export function toConsole(io: CliIo | undefined): Console {
  const stdout = io?.stdout ?? process.stdout;
  const stderr = io?.stderr ?? process.stderr;
  return {
    out: (line = '') => void stdout.write(`${line}\n`),
    err: (line = '') => void stderr.write(`${line}\n`),
    readFile: io?.readFile ?? readBounded,
    cwd: io?.cwd ?? process.cwd(),
  };
}
