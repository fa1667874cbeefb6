#!/usr/bin/env node
// Regenerates the pictures of docs/rendering.md and docs/inspector.md from the built packages
// (`npx -y pnpm@10 build` first):
//
//   docs/images/care-coordination-model.svg         the demo model as drawn from its CMMNDI
//   docs/images/care-coordination-computed.svg      the same model laid out automatically
//   docs/images/care-coordination-{1,2,3}-*.svg      the journey scenario's case in three phases
//   docs/images/inspector-{cases,case,work}.png      the inspector's pages in chromium
//
//   node scripts/screenshots.mjs [--chromium /usr/bin/chromium] [--svg-only]
//
// The SVGs are byte-stable (same packages → same files); the PNGs depend on the installed fonts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = (pkg) => join(root, 'packages', pkg, 'dist', 'index.js');
for (const pkg of ['core', 'rules', 'testing', 'render', 'inspector']) {
  if (!existsSync(built(pkg))) {
    console.error(`screenshots: packages/${pkg} is not built; run \`npx -y pnpm@10 build\` first.`);
    process.exit(2);
  }
}
const { createEngine, parseCmmn, VirtualClock } = await import(built('core'));
const { runScenarioFile } = await import(built('testing'));
const { renderSvg } = await import(built('render'));
const { createInspector } = await import(built('inspector'));

const { values: args } = parseArgs({
  options: { chromium: { type: 'string', default: '/usr/bin/chromium' }, 'svg-only': { type: 'boolean', default: false } },
});

const EXAMPLE = join(root, 'examples', 'care-coordination');
const MODEL = join(EXAMPLE, 'care-coordination.cmmn');
const JOURNEY = join(EXAMPLE, 'journey.scenario.json');
const IMAGES = join(root, 'docs', 'images');
mkdirSync(IMAGES, { recursive: true });
const write = (name, content) => {
  writeFileSync(join(IMAGES, name), content);
  console.log(`wrote ${relative(root, join(IMAGES, name))}`);
};

// --- the diagrams ------------------------------------------------------------------------------
const model = parseCmmn(readFileSync(MODEL, 'utf8'), { fileName: 'care-coordination.cmmn' });
write('care-coordination-model.svg', renderSvg(model));
write('care-coordination-computed.svg', renderSvg(model, { computedLayout: true }));

/** The journey's case after its first `step` steps, drawn as `casekit render --scenario --step` does. */
async function phase(step) {
  let svg;
  const result = await runScenarioFile(MODEL, JOURNEY, {
    stopAfterStep: step,
    onEnd: async (engine, caseId) => {
      const snapshot = await engine.getCase(caseId);
      svg = renderSvg(model, {
        snapshot,
        history: await engine.history(caseId),
        applicable: await engine.applicableDiscretionaryItems(caseId, { id: 'carlos', roles: ['case manager'] }),
      });
    },
  });
  if (result.exitCode !== 0 || svg === undefined) throw new Error(`the journey failed before step ${step}: exit ${result.exitCode}`);
  return svg;
}
write('care-coordination-1-intake.svg', await phase(4));
write('care-coordination-2-implementation.svg', await phase(25));
write('care-coordination-3-completed.svg', await phase(36));

if (args['svg-only']) process.exit(0);

// --- the inspector -------------------------------------------------------------------------------
if (!existsSync(args.chromium)) {
  console.error(`screenshots: no chromium at ${args.chromium} (apt-get install -y chromium), or pass --svg-only`);
  process.exit(2);
}
const require = createRequire(join(root, 'packages', 'inspector', 'package.json'));
const { chromium } = require('playwright-core');

const nurse = { id: 'nina', roles: ['nurse'] };
const manager = { id: 'carlos', roles: ['case manager'] };
const physician = { id: 'dr-patel', roles: ['physician'] };
let n = 0;
// The roles given with each user count in every case (the host vouches for them).
const engine = createEngine({
  clock: new VirtualClock('2026-03-02T08:00:00Z'),
  idGenerator: () => `c${String(++n).padStart(3, '0')}`,
  authorization: { trustUserRoles: true },
});
engine.deploy(model, { key: 'care-coordination' });
const admit = async (caseId, patient) => engine.startCase({ caseId, caseFile: { patient } });
await admit('P-2291', { id: 'P-2291', age: 71, conditions: ['diabetes', 'heart failure'] });
await engine.complete('P-2291', 'Screening', { user: nurse });
await engine.complete('P-2291', 'Comprehensive assessment', { user: nurse });
await engine.complete('P-2291', 'Risk evaluation', { output: { riskLevel: 'high', caseManagementModel: 'intensive' }, user: manager });
await engine.complete('P-2291', 'Draft care plan', { user: manager });
await engine.complete('P-2291', 'Approve care plan', { user: physician });
await engine.plan('P-2291', 'Specialist referral', { user: manager });
await engine.fireDueTimers(Date.parse('2026-04-05T00:00:00Z'));
await admit('P-3104', { id: 'P-3104', age: 58, conditions: ['COPD'] });
await engine.complete('P-3104', 'Screening', { user: nurse });
await admit('P-3377', { id: 'P-3377', age: 80, conditions: ['dementia'] });
await admit('P-1980', { id: 'P-1980', age: 66, conditions: ['diabetes'] });
await engine.occur('P-1980', 'Patient withdraws', { user: manager });

const inspector = createInspector({ engine, user: manager });
const server = createServer((req, res) => void inspector(req, res));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}`;
const profile = mkdtempSync(join(tmpdir(), 'casekit-screenshots-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: args.chromium,
  headless: true,
  viewport: { width: 1440, height: 1000 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const shoot = async (path, name, options = {}) => {
    await page.goto(`${url}${path}`);
    await page.screenshot({ path: join(IMAGES, name), ...options });
    console.log(`wrote ${relative(root, join(IMAGES, name))}`);
  };
  await shoot('/', 'inspector-cases.png');
  await shoot('/cases/P-2291', 'inspector-case.png', { fullPage: true });
  await shoot('/work', 'inspector-work.png');
} finally {
  await context.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
