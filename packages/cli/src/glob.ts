import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** True when an argument is a pattern (`*`, `?`, `**`) rather than a file name. */
export function isPattern(arg: string): boolean {
  return /[*?]/.test(arg);
}

function segmentRegex(segment: string): RegExp {
  const body = segment.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/**
 * The files a pattern matches, sorted: `*` and `?` within one path segment, `**` any number of
 * folders (folders whose name starts with a dot and `node_modules` are not entered). Patterns are
 * relative to `cwd` unless absolute; the paths returned keep the pattern's form (relative stays
 * relative). The shell usually expands patterns itself; quote one to let casekit expand it.
 *
 * @example
 * await expandPattern('models/**\/*.scenario.json', process.cwd());
 */
export async function expandPattern(pattern: string, cwd: string): Promise<string[]> {
  const segments = pattern.split('/');
  const out: string[] = [];
  const walk = async (index: number, shown: string): Promise<void> => {
    const dir = resolve(cwd, shown === '' ? '.' : shown);
    if (index === segments.length) return;
    const segment = segments[index]!;
    const last = index === segments.length - 1;
    const child = (name: string): string => (shown === '' ? name : join(shown, name));
    if (!isPattern(segment) && !last) {
      await walk(index + 1, index === 0 && segment === '' ? '/' : child(segment));
      return;
    }
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (segment === '**') {
      await walk(index + 1, shown);
      for (const entry of entries) {
        if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') await walk(index, child(entry.name));
      }
      return;
    }
    const regex = isPattern(segment) ? segmentRegex(segment) : { test: (name: string) => name === segment };
    for (const entry of entries) {
      if (!regex.test(entry.name) || (entry.name.startsWith('.') && !segment.startsWith('.'))) continue;
      if (last) {
        if (entry.isFile() || entry.isSymbolicLink()) out.push(child(entry.name));
      } else if (entry.isDirectory()) {
        await walk(index + 1, child(entry.name));
      }
    }
  };
  await walk(0, '');
  return [...new Set(out)].sort();
}
