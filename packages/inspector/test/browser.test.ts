/**
 * The inspector in a real browser: Debian's chromium driven by playwright-core. Skipped when no
 * chromium is installed, except in CI (.ci/run installs it), where a missing browser fails.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { careEngine, coordinator, serve, toImplementation, type Served } from './fixtures.js';

const CHROMIUM = process.env['CASEKIT_CHROMIUM'] ?? '/usr/bin/chromium';
/** The flags of a quiet, sandbox-free headless run that reaches no network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe.skipIf(!existsSync(CHROMIUM) && process.env['CI'] === undefined && process.env['CASEKIT_REQUIRE_BROWSER'] === undefined)('the inspector in chromium', () => {
  let context: BrowserContext;
  let page: Page;
  let served: Served;
  let profile: string;
  const problems: string[] = [];

  beforeAll(async () => {
    const engine = careEngine();
    await engine.startCase({ caseId: 'journey', caseFile: { patient: { id: 'P-2291', age: 71 } } });
    await engine.startCase({ caseId: 'implementing' });
    await toImplementation(engine, 'implementing', 'low');
    served = await serve({ engine, user: coordinator });
    profile = mkdtempSync(join(tmpdir(), 'casekit-chromium-'));
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await served?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  const diagramState = (id: string) => page.locator(`.diagram svg g[data-element="${id}"]`).getAttribute('data-state');
  const treeState = (id: string) => page.locator(`ul.tree li[data-item="${id}"]`).first().getAttribute('data-state');

  it('completes a task by clicking its button: the diagram and the tree change', async () => {
    await page.goto(`${served.url}/cases/journey`);
    expect(await diagramState('pi_screening')).toBe('Active');
    expect(await treeState('pi_screening')).toBe('Active');
    expect(await diagramState('pi_assessment')).toBe('Available');
    await page.click('button[data-action="complete"][data-item="pi_screening"]');
    await page.waitForURL(/\/cases\/journey\?done=command$/);
    expect(await page.locator('.notice.ok').textContent()).toBe('Done.');
    expect(await diagramState('pi_screening')).toBe('Completed');
    expect(await treeState('pi_screening')).toBe('Completed');
    expect(await diagramState('pi_assessment')).toBe('Active');
    expect(await page.locator('.diagram svg g[data-element="ec_assessment"]').getAttribute('data-fired')).toBe('true');
    expect(await page.locator('ol.timeline li').first().textContent()).toContain('Comprehensive assessment');
  });

  it('plans a discretionary item by clicking: it appears in the tree and turns Active in the diagram', async () => {
    await page.goto(`${served.url}/cases/implementing`);
    expect(await page.locator('ul.tree li[data-item="di_education"]').count()).toBe(0);
    expect(await page.locator('.diagram svg g[data-element="di_education"] .ck-plannable').count()).toBe(1);
    await page.click('button[data-action="plan"][data-item="di_education"]');
    await page.waitForURL(/\/cases\/implementing\?done=plan$/);
    expect(await page.locator('.notice.ok').textContent()).toBe('Planned.');
    expect(await treeState('di_education')).toBe('Active');
    expect(await diagramState('di_education')).toBe('Active');
  });

  it('runs its script under the strict CSP: a click on a shape finds the item in the tree, the JSON editor checks its text', async () => {
    await page.goto(`${served.url}/cases/implementing`);
    // a click where the user sees the shape (SVG shapes are clicked by position)
    const box = (await page.locator('.diagram svg g[data-element="pi_coordinate"] > rect').first().boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    expect(await page.locator('ul.tree li.highlight').getAttribute('data-item')).toBe('pi_coordinate');
    await page.fill('#case-file-json', '{"riskLevel": ');
    expect(await page.locator('#case-file-submit').isDisabled()).toBe(true);
    await page.fill('#case-file-json', '{"riskLevel": "high"}');
    expect(await page.locator('#case-file-submit').isDisabled()).toBe(false);
    await page.click('#case-file-submit');
    await page.waitForURL(/done=caseFile$/);
    // high risk: the specialist referral may now be planned
    expect(await page.locator('button[data-action="plan"][data-item="di_referral"]').count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('shows the work list across cases, and the cases list filtered by state', async () => {
    await page.goto(`${served.url}/work`);
    expect(await page.locator('tr[data-case="journey"][data-item="pi_assessment"] button[data-action="complete"]').count()).toBe(1);
    expect(await page.locator('tr[data-case="implementing"]').count()).toBeGreaterThan(0);
    await page.goto(`${served.url}/`);
    await page.selectOption('select[name="state"]', 'Completed');
    await page.click('form.filters button');
    await page.waitForURL(/state=Completed/);
    expect(await page.locator('p.empty').textContent()).toBe('No case matches.');
  });
});
