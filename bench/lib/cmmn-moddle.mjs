import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const benchDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(benchDir, 'package.json'));

/** The nearest package.json above `file` whose name is `name`. */
function packageJsonOf(file, name) {
  for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8'));
      if (pkg.name === name) return pkg;
    }
  }
  throw new Error(`no package.json of ${name} above ${file}`);
}

/**
 * Loads cmmn-moddle for Node. Its ESM has extension-less relative imports and JSON imports that
 * Node cannot load, so it is bundled with esbuild into bench/.cache/ first (about 50 ms, every
 * run, so the bundle always matches node_modules).
 *
 * Returns `{ name, version, versions, parse(xml) }`, where `parse` runs `fromXML` synchronously
 * (see below) and returns `{ definitions, warnings }` or throws the reader's error.
 */
export async function loadCmmnModdle() {
  const entry = require.resolve('cmmn-moddle');
  const outfile = path.join(benchDir, '.cache', 'cmmn-moddle.mjs');
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    metafile: true,
    logLevel: 'error',
  });
  // Versions of what went into the bundle, read from the pnpm store paths (name@version).
  const versions = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    const m = /node_modules\/\.pnpm\/((?:@[^+/]+\+)?[^@/]+)@([^/_]+)/.exec(input);
    if (m) versions[m[1].replace('+', '/')] = m[2];
  }
  versions['cmmn-moddle'] = packageJsonOf(entry, 'cmmn-moddle').version;

  const { default: createCmmnModdle } = await import(pathToFileURL(outfile).href);
  // One moddle instance for every parse, as a bpmn-io application keeps one: building the
  // meta-model from the CMMN package descriptors is set-up, not parsing.
  const moddle = createCmmnModdle();

  // moddle-xml's Reader.fromXML defers the parse with setTimeout(fn, 0) ("to make loading really
  // asynchronous"); Node clamps that delay to 1 ms, which would swamp the parse time of small
  // files. For the duration of the call setTimeout runs its callback at once, so fromXML finishes
  // synchronously and only the parsing work (SAX parse + reference resolution) is timed.
  const runNow = (fn) => {
    fn();
  };
  const parse = (xml) => {
    const realSetTimeout = globalThis.setTimeout;
    let done = false;
    let error;
    let definitions;
    let context;
    globalThis.setTimeout = runNow;
    try {
      moddle.fromXML(xml, (err, root, ctx) => {
        done = true;
        error = err;
        definitions = root;
        context = ctx;
      });
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    if (!done) throw new Error('cmmn-moddle fromXML did not complete synchronously');
    if (error) throw error;
    return { definitions, warnings: context?.warnings ?? [] };
  };

  return { name: 'cmmn-moddle', version: versions['cmmn-moddle'], versions, parse };
}
