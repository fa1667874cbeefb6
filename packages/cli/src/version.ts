import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * The version of `@casekit/cli`, read from its package.json. This file sits directly in `src/`,
 * and the build bundles it into `dist/index.js`: from both, the manifest is `../package.json`.
 */
export function cliVersion(): string {
  if (cached === undefined) {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    cached = typeof manifest.version === 'string' ? manifest.version : '0.0.0';
  }
  return cached;
}
