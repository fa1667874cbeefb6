/** `casekit serve`: the inspector over a store, on the loopback interface. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '@casekit/core';
import { openSqliteStore } from '@casekit/store-sqlite';
import { startInspectorServer } from '../src/commands/serve.js';
import { runCli, tempFiles } from './helpers.js';

const MODEL = resolve(__dirname, '../../../examples/care-coordination/care-coordination.cmmn');

describe('casekit serve', () => {
  it('serves the cases of a SQLite store on 127.0.0.1, acting as the named user', async () => {
    const dir = tempFiles({});
    const file = join(dir, 'cases.db');
    const store = await openSqliteStore(file);
    const engine = createEngine({ store });
    await engine.publish(readFileSync(MODEL, 'utf8'), { key: 'care-coordination' });
    await engine.startCase({ caseId: 'stored-1' });
    await store.close();

    const server = await startInspectorServer({ store: 'cases.db', user: { id: 'nina', roles: ['nurse'] }, port: 0 }, dir);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const list = await (await fetch(server.url)).text();
      expect(list).toContain('href="/cases/stored-1"');
      const page = await (await fetch(`${server.url}cases/stored-1`)).text();
      expect(page).toContain('acting as <strong>nina</strong> (nurse)');
      expect(page).toContain('data-action="complete" data-item="pi_screening"');
    } finally {
      await server.close();
    }
  });

  it('publishes the models it is given to an in-memory store', async () => {
    const server = await startInspectorServer({ user: { id: 'u' }, port: 0, models: [{ xml: readFileSync(MODEL, 'utf8'), fileName: 'care.cmmn' }] });
    try {
      expect(server.engine.deployments().map((d) => d.key)).toEqual(['care-coordination']);
      expect((await fetch(server.url)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('needs --user, a port number and a path for --base-path', async () => {
    expect((await runCli(['serve'])).code).toBe(2);
    expect((await runCli(['serve', '--user', 'u', '--port', 'http'])).code).toBe(2);
    expect((await runCli(['serve', '--user', 'u', '--base-path', 'x y'])).code).toBe(2);
    const help = await runCli(['serve', '--help']);
    expect(help.stdout).toContain('--store <file|url>');
  });
});

describe('casekit serve on PostgreSQL', () => {
  it('serves the cases of a PostgreSQL store (in a schema of its own)', async () => {
    // CASEKIT_PG_URL's server (CI starts one), else a throwaway cluster of the local binaries.
    const { testServer } = await import('../../store-postgres/test/postgres-server.js');
    const pg = await testServer();
    const { openPostgresStore } = await import('@casekit/store-postgres');
    const schema = 'casekit_cli_serve_test';
    const caseId = `pg-${process.pid}`;
    const store = await openPostgresStore(pg.url, { schema });
    try {
      const engine = createEngine({ store });
      await engine.publish(readFileSync(MODEL, 'utf8'), { key: 'care-coordination' });
      await engine.startCase({ caseId, user: { id: 'nina' } });
      const server = await startInspectorServer({ store: pg.url, schema, user: { id: 'nina', roles: ['nurse'] }, port: 0 });
      try {
        expect(await (await fetch(server.url)).text()).toContain(`href="/cases/${caseId}"`);
        expect(await (await fetch(`${server.url}cases/${caseId}`)).text()).toContain('data-action="complete" data-item="pi_screening"');
      } finally {
        await server.close();
      }
    } finally {
      await store.close();
      await pg.stop();
    }
  }, 120_000);
});
