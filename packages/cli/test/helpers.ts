import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import { main, type CliIo } from '../src/index.js';

/** The shared corpus and conformance models (read in place, never copied into the repository). */
const SHARED = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared');
export const CORPUS = join(SHARED, 'corpus');
export const CONFORMANCE = join(SHARED, 'conformance');

/** What one in-process `casekit` invocation printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout split into lines, without the final empty one. */
  readonly lines: readonly string[];
}

/** Runs `casekit ...argv` in-process with captured output. */
export async function runCli(argv: readonly string[], io: Partial<Pick<CliIo, 'readFile' | 'cwd'>> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    ...io,
  });
  return { code, stdout, stderr, lines: stdout.replace(/\n$/, '').split('\n') };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes files into a fresh temporary directory (removed after the test); returns the directory. */
export function tempFiles(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'casekit-cli-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A minimal CMMN 1.1 file around some `<definitions>` content. */
export function cmmn(content: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="defs" targetNamespace="http://casekit.dev/test">
${content}
</definitions>
`;
}
