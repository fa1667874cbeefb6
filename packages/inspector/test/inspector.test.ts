/** The inspector's pages and forms over HTTP (no browser: see browser.test.ts). */
import { afterEach, describe, expect, it } from 'vitest';
import { createInspector } from '@casekit/inspector';
import { careEngine, coordinator, manager, nurse, post, serve, tokenOf, toImplementation, type Served } from './fixtures.js';

const open: Served[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
const start = async (...args: Parameters<typeof serve>) => {
  const served = await serve(...args);
  open.push(served);
  return served;
};

describe('inspector pages', () => {
  it('lists cases, filtered by state and definition', async () => {
    const engine = careEngine();
    const a = await engine.startCase({ caseId: 'case-a' });
    await engine.startCase({ caseId: 'case-b' });
    await engine.occur('case-b', 'Patient withdraws', { user: manager });
    const { url } = await start({ engine, user: manager });
    const all = await (await fetch(`${url}/`)).text();
    expect(all).toContain('href="/cases/case-a"');
    expect(all).toContain('href="/cases/case-b"');
    const active = await (await fetch(`${url}/?state=Active`)).text();
    expect(active).toContain(`href="/cases/${a.id}"`);
    expect(active).not.toContain('href="/cases/case-b"');
    const none = await (await fetch(`${url}/?definition=other`)).text();
    expect(none).toContain('No case matches.');
    expect(all).toContain('<option value="care_coordination">');
  });

  it('shows one case: the live diagram, the plan tree, what the user may do, the case file and the history', async () => {
    const engine = careEngine();
    await engine.startCase({ caseId: 'c1', caseFile: { patient: { id: 'P-1' } } });
    const { url } = await start({ engine, user: nurse });
    const response = await fetch(`${url}/cases/c1`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await response.text();
    expect(page).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(page).toContain('data-element="pi_screening" data-kind="HumanTask" data-state="Active"');
    expect(page).toMatch(/<li data-item="pi_screening" data-instance="[^"]+" data-state="Active">/);
    expect(page).toContain('data-action="complete" data-item="pi_screening"');
    // the nurse may not complete the case manager's items, nor raise the withdrawal
    expect(page).not.toContain('data-action="occur"');
    expect(page).toContain('&quot;patient&quot;: {');
    expect(page).toContain('<strong>create</strong>');
    // why an item is not Active: its stage waits, or its entry criterion's on-part has not occurred
    expect(page).toMatch(/data-item="pi_assessment"[\s\S]*?why not Active: waits for its entry criterion: none is satisfied yet[\s\S]*?on-part: Screening complete \(not yet\)/);
    expect(page).toMatch(/data-item="pi_planning"[\s\S]*?why not Active: waits for its entry criterion/);
  });

  it('completes a task through a form, and refuses forms from elsewhere or without the token', async () => {
    const engine = careEngine();
    await engine.startCase({ caseId: 'c1' });
    const { url } = await start({ engine, user: nurse });
    const page = await (await fetch(`${url}/cases/c1`)).text();
    const token = tokenOf(page);
    const instance = (await engine.getCase('c1')).items.find((i) => i.itemId === 'pi_screening')!.instanceId;
    const fields = { token, instance, transition: 'complete' };
    expect((await post(`${url}/cases/c1/command`, { ...fields, token: 'forged' })).status).toBe(403);
    expect((await post(`${url}/cases/c1/command`, fields, { origin: 'http://evil.example' })).status).toBe(403);
    const noOrigin = await fetch(`${url}/cases/c1/command`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    expect(noOrigin.status).toBe(403);
    expect((await engine.getCase('c1')).items.find((i) => i.itemId === 'pi_screening')!.state).toBe('Active');
    const done = await post(`${url}/cases/c1/command`, fields);
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/cases/c1?done=command');
    expect((await engine.getCase('c1')).items.find((i) => i.itemId === 'pi_screening')!.state).toBe('Completed');
    const after = await (await fetch(`${url}/cases/c1?done=command`)).text();
    expect(after).toContain('Done.');
    expect(after).toContain('data-element="pi_screening" data-kind="HumanTask" data-state="Completed"');
    expect(after).toContain('<strong>complete</strong> Active → Completed <span class="kind">by nina</span>');
  });

  it('acts as the user the host names: the engine refuses what that user may not do', async () => {
    const engine = careEngine();
    await engine.startCase({ caseId: 'c1' });
    const { url } = await start({ engine, user: manager });
    const token = tokenOf(await (await fetch(`${url}/cases/c1`)).text());
    const instance = (await engine.getCase('c1')).items.find((i) => i.itemId === 'pi_screening')!.instanceId;
    const refused = await post(`${url}/cases/c1/command`, { token, instance, transition: 'complete' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('class="notice error"');
    expect((await engine.getCase('c1')).items.find((i) => i.itemId === 'pi_screening')!.state).toBe('Active');
  });

  it('plans a discretionary item and sets case file values', async () => {
    const engine = careEngine();
    await engine.startCase({ caseId: 'c1' });
    await toImplementation(engine, 'c1', 'low');
    const { url } = await start({ engine, user: manager });
    const page = await (await fetch(`${url}/cases/c1`)).text();
    expect(page).toContain('data-action="plan" data-item="di_education"');
    expect(page).not.toContain('data-action="plan" data-item="di_referral"');
    const token = tokenOf(page);
    const owner = /name="item" value="di_education"><input type="hidden" name="owner" value="([^"]+)"/.exec(page)![1]!;
    expect((await post(`${url}/cases/c1/plan`, { token, item: 'di_education', owner })).status).toBe(303);
    expect((await engine.getCase('c1')).items.find((i) => i.itemId === 'di_education')?.state).toBe('Active');

    expect((await post(`${url}/cases/c1/case-file`, { token, json: '{"riskLevel": "high", "note": "<b>x</b>"}' })).status).toBe(303);
    expect((await engine.getCase('c1')).caseFile['riskLevel']).toBe('high');
    const escaped = await (await fetch(`${url}/cases/c1`)).text();
    expect(escaped).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(escaped).toContain('data-action="plan" data-item="di_referral"');

    const bad = await post(`${url}/cases/c1/case-file`, { token, json: '[1, 2' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('not valid JSON');
    expect((await post(`${url}/cases/c1/case-file`, { token, json: '[1]' })).status).toBe(400);
  });

  it("lists the user's work across cases, and returns to it after a command", async () => {
    const engine = careEngine();
    await engine.startCase({ caseId: 'c1' });
    await engine.startCase({ caseId: 'c2' });
    const { url } = await start({ engine, user: coordinator });
    const work = await (await fetch(`${url}/work`)).text();
    expect(work.match(/<tr data-case="c1"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(work).toContain('<tr data-case="c2" data-item="pi_screening">');
    const token = tokenOf(work);
    const instance = (await engine.getCase('c2')).items.find((i) => i.itemId === 'pi_screening')!.instanceId;
    const done = await post(`${url}/cases/c2/command`, { token, instance, transition: 'complete', back: 'work' });
    expect(done.headers.get('location')).toBe('/work?done=command');
    expect(await (await fetch(`${url}/work`)).text()).not.toContain('<tr data-case="c2" data-item="pi_screening">');
  });

  it('serves under a base path, answers 404 for unknown cases and paths, and 403 without a user', async () => {
    const engine = careEngine();
    await engine.startCase({ caseId: 'c/1' });
    const { url } = await start({ engine, user: nurse, basePath: '/inspector/' }, '/inspector');
    const list = await (await fetch(`${url}/`)).text();
    expect(list).toContain('href="/inspector/cases/c%2F1"');
    expect(list).toContain('href="/inspector/assets/inspector.css"');
    expect((await fetch(`${url}/cases/c%2F1`)).status).toBe(200);
    expect((await fetch(`${url}/cases/nope`)).status).toBe(404);
    expect((await fetch(`${url}/nowhere`)).status).toBe(404);
    expect((await fetch(`${url}/assets/inspector.js`)).headers.get('content-type')).toContain('javascript');
    const svg = await fetch(`${url}/cases/c%2F1/diagram.svg`);
    expect(svg.headers.get('content-type')).toContain('image/svg+xml');
    expect((await post(`${url}/`, {})).status).toBe(405);
    expect((await fetch(`${url}/cases/c%2F1/command`)).status).toBe(405);
    const anonymous = await start({ engine, user: () => undefined });
    expect((await fetch(`${anonymous.url}/`)).status).toBe(403);
  });

  it('escapes hostile names everywhere', async () => {
    const hostile = `<?xml version="1.0"?><definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="h" targetNamespace="urn:h">
<case id="hc" name="&lt;script&gt;alert(1)&lt;/script&gt;"><casePlanModel id="hp" name="&lt;img src=x onerror=alert(2)&gt;">
<planItem id="hi" name="&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;" definitionRef="ht"/><humanTask id="ht" name="t"/></casePlanModel></case></definitions>`;
    const engine = careEngine([hostile]);
    await engine.startCase({ caseId: '<i>x</i>', caseDefinition: 'hc', caseFile: { '</textarea><script>': '<script>' } });
    const { url } = await start({ engine, user: { id: '<u>', roles: ['<r>'] } });
    for (const path of ['/', '/work', `/cases/${encodeURIComponent('<i>x</i>')}`]) {
      const page = await (await fetch(`${url}${path}`)).text();
      expect(page, path).not.toMatch(/<script>|<img|<i>|<u>|<\/textarea><script/);
      expect(page, path).not.toMatch(/<script(?! src="\/assets\/inspector\.js" defer>)/);
    }
  });
});

describe('inspector forms', () => {
  it('refuses a form over 1 MiB, and anything but a form', async () => {
    const engine = careEngine();
    await engine.startCase({ caseId: 'c1' });
    const { url } = await start({ engine, user: nurse });
    const token = tokenOf(await (await fetch(`${url}/cases/c1`)).text());
    expect((await post(`${url}/cases/c1/case-file`, { token, json: `{"x": "${'a'.repeat(1024 * 1024)}"}` })).status).toBe(413);
    const json = await fetch(`${url}/cases/c1/case-file`, { method: 'POST', headers: { 'content-type': 'application/json', origin: new URL(url).origin }, body: '{}' });
    expect(json.status).toBe(415);
  });

  it('takes the form a host framework already parsed (req.body)', async () => {
    const engine = careEngine();
    await engine.startCase({ caseId: 'c1' });
    const inspector = createInspector({ engine, user: nurse });
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      // what a body parser middleware does before the inspector runs
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        (req as unknown as { body: unknown }).body = Object.fromEntries(new URLSearchParams(text));
        void inspector(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const token = tokenOf(await (await fetch(`${url}/cases/c1`)).text());
      const instance = (await engine.getCase('c1')).items.find((i) => i.itemId === 'pi_screening')!.instanceId;
      expect((await post(`${url}/cases/c1/command`, { token, instance, transition: 'complete' })).status).toBe(303);
      expect((await engine.getCase('c1')).items.find((i) => i.itemId === 'pi_screening')!.state).toBe('Completed');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('works mounted as Express mounts it (the mount path stripped from req.url), and passes other paths on', async () => {
    const engine = careEngine();
    await engine.startCase({ caseId: 'c1' });
    const inspector = createInspector({ engine, user: nurse, basePath: '/inspector' });
    const { createServer } = await import('node:http');
    const passedOn: string[] = [];
    const server = createServer((req, res) => {
      if (!(req.url ?? '').startsWith('/inspector')) return void res.writeHead(404).end();
      req.url = req.url!.slice('/inspector'.length) || '/';
      void inspector(req, res, () => {
        passedOn.push(req.url!);
        res.writeHead(418).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/inspector`;
    try {
      const page = await (await fetch(`${url}/cases/c1`)).text();
      expect(page).toContain('action="/inspector/cases/c1/command"');
      const token = tokenOf(page);
      const instance = (await engine.getCase('c1')).items.find((i) => i.itemId === 'pi_screening')!.instanceId;
      const done = await post(`${url}/cases/c1/command`, { token, instance, transition: 'complete' });
      expect(done.headers.get('location')).toBe('/inspector/cases/c1?done=command');
      expect((await fetch(`${url}/elsewhere`)).status).toBe(418);
      expect(passedOn).toEqual(['/elsewhere']);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
