/** The care-coordination demo case behind an inspector on a loopback port, for the tests. */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEngine, parseCmmn, VirtualClock, type CaseEngine, type User } from '@casekit/core';
import { createInspector, type InspectorOptions } from '@casekit/inspector';

export const CARE_XML = readFileSync(new URL('../../../examples/care-coordination/care-coordination.cmmn', import.meta.url), 'utf8');
export const nurse: User = { id: 'nina', roles: ['nurse'] };
export const manager: User = { id: 'carlos', roles: ['case manager'] };
export const physician: User = { id: 'dr-patel', roles: ['physician'] };
/** Holds every role of the demo: may do everything. */
export const coordinator: User = { id: 'alex', roles: ['nurse', 'case manager', 'physician'] };

/**
 * The engine's authorization counts the roles the host gives its users (the inspector's host
 * vouches for the user it names); without it, roles come from each case's team only.
 */
export const TRUST_USER_ROLES = { authorization: { trustUserRoles: true } };

/** A fresh engine with the demo model deployed, on a virtual clock. */
export function careEngine(extraXml: readonly string[] = []): CaseEngine {
  let n = 0;
  const engine = createEngine({ clock: new VirtualClock('2026-03-02T08:00:00Z'), idGenerator: () => `id-${++n}`, ...TRUST_USER_ROLES });
  engine.deploy(parseCmmn(CARE_XML), { key: 'care-coordination' });
  for (const [i, xml] of extraXml.entries()) engine.deploy(parseCmmn(xml), { key: `extra-${i}` });
  return engine;
}

/** Drives a demo case to its Implementation stage (discretionary items may be planned). */
export async function toImplementation(engine: CaseEngine, caseId: string, riskLevel = 'high'): Promise<void> {
  await engine.complete(caseId, 'Screening', { user: nurse });
  await engine.complete(caseId, 'Comprehensive assessment', { user: nurse });
  await engine.complete(caseId, 'Risk evaluation', { output: { riskLevel, caseManagementModel: 'intensive' }, user: manager });
  await engine.complete(caseId, 'Draft care plan', { user: manager });
  await engine.complete(caseId, 'Approve care plan', { user: physician });
}

/** An inspector served on 127.0.0.1 at a free port. */
export interface Served {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function serve(options: InspectorOptions, mount = ''): Promise<Served> {
  const inspector = createInspector(options);
  const server = createServer((req, res) => {
    if (mount !== '' && !(req.url ?? '').startsWith(mount)) {
      res.writeHead(404).end('host 404');
      return;
    }
    void inspector(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${mount}`,
    server,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** The CSRF token in a page's forms. */
export function tokenOf(page: string): string {
  const m = /name="token" value="([^"]+)"/.exec(page);
  if (m === null) throw new Error('no token in the page');
  return m[1]!;
}

/** Posts a form as a browser on the page's origin would. */
export function post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(url).origin, ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}
