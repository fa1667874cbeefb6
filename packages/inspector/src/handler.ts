/**
 * The inspector as a request handler: `(req, res, next?)` over node's `IncomingMessage` and
 * `ServerResponse`, so that a host mounts it in its own `node:http` server, or in Express,
 * Fastify or Hono through their access to node's request and response. It reads and commands
 * cases only through the engine's public API, always as the user the host names.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CasekitError, PLAN_ITEM_COMMANDS, type CaseEngine, type CaseSnapshot, type CaseState, type JsonValue, type User } from '@casekit/core';
import { renderSvg } from '@casekit/render';
import { CSS, JS } from './assets.js';
import { BodyError, readForm } from './body.js';
import { checkCsrfToken, csrfToken, sameOrigin } from './csrf.js';
import { CASE_STATES, casePage, casesPage, errorPage, workPage, type PageContext, type WorkEntry } from './pages.js';
import { whyNotActive } from './why-not.js';

/**
 * Options of {@link createInspector}.
 *
 * @example
 * const options: InspectorOptions = { engine, user: (req) => sessionUser(req), basePath: '/inspector' };
 */
export interface InspectorOptions {
  /** The engine whose cases are shown and commanded. */
  readonly engine: CaseEngine;
  /**
   * Who acts: every command is given as this user, so the engine's authorization applies as to
   * any API call. A function receives each request (read the host's session there); undefined
   * answers 403.
   */
  readonly user: User | ((req: IncomingMessage) => User | undefined | Promise<User | undefined>);
  /** The path the host mounts the inspector under, e.g. '/inspector'. Default: the root. */
  readonly basePath?: string;
  /** The key of the forms' CSRF tokens. Default: random per handler (tokens end with the process). */
  readonly secret?: string | Uint8Array;
  /** Origins besides the page's own that may post (a host behind another name). Default none. */
  readonly allowedOrigins?: readonly string[];
  /** Read the scheme from `X-Forwarded-Proto` (behind a TLS-terminating proxy). Default false. */
  readonly trustProxy?: boolean;
  /** The name in the header. Default 'casekit inspector'. */
  readonly title?: string;
  /** The most cases a list shows. Default 200. */
  readonly limit?: number;
}

/**
 * A node request handler; calls `next` (when given) for paths it does not serve.
 *
 * @example
 * const handler: InspectorHandler = createInspector({ engine, user });
 * app.use('/inspector', (req, res, next) => void handler(req, res, next));
 */
export type InspectorHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => Promise<void>;

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-store',
};

/** The user commands a button may send (the engine checks that each is legal now). */
const COMMANDS: ReadonlySet<string> = new Set(PLAN_ITEM_COMMANDS);

function send(res: ServerResponse, status: number, type: string, body: string, close = false): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body), ...(close ? { connection: 'close' } : {}) });
  res.end(body);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { ...SECURITY_HEADERS, location, 'content-length': 0 });
  res.end();
}

/** The message of an engine error a user may act on (not found, not authorized, illegal now). */
function userError(error: unknown): string | undefined {
  if (error instanceof CasekitError) return error.message;
  return undefined;
}

/**
 * Creates the inspector's request handler: the cases list (`/`, filtered by `?state=` and
 * `?definition=`), one case (`/cases/<id>`: the live diagram, the plan tree with why each item
 * is not Active, the commands the user may give, planning, the case file editor, the history),
 * the user's work list (`/work`), and the case's diagram alone (`/cases/<id>/diagram.svg`).
 * POSTs are accepted from the same origin only and carry a per-user token.
 *
 * @example
 * import { createServer } from 'node:http';
 * const inspector = createInspector({ engine, user: { id: 'carlos', roles: ['case manager'] } });
 * createServer((req, res) => void inspector(req, res)).listen(8080, '127.0.0.1');
 */
export function createInspector(options: InspectorOptions): InspectorHandler {
  const { engine } = options;
  const base = (options.basePath ?? '').replace(/\/+$/, '');
  const secret = typeof options.secret === 'string' ? Buffer.from(options.secret) : (options.secret ?? randomBytes(32));
  const title = options.title ?? 'casekit inspector';
  const limit = options.limit ?? 200;

  const userOf = async (req: IncomingMessage): Promise<User | undefined> => (typeof options.user === 'function' ? options.user(req) : options.user);

  const caseView = async (ctx: PageContext, id: string, notice: { done?: string; error?: string }) => {
    const snapshot: CaseSnapshot = await engine.getCase(id);
    const [history, legal, applicable, deployment] = await Promise.all([
      engine.history(id),
      engine.legalCommands(id, ctx.user),
      engine.applicableDiscretionaryItems(id, ctx.user),
      engine.deployment(snapshot.modelKey, snapshot.modelVersion),
    ]);
    const model = deployment.model;
    const svg = renderSvg(model, { case: snapshot.caseDefinitionId, snapshot, history, applicable, idPrefix: 'ck' });
    const theCase = model.findCase(snapshot.caseDefinitionId);
    const why = whyNotActive(model, snapshot, history, engine.clock.now());
    return casePage(ctx, { snapshot, caseName: theCase?.name ?? snapshot.caseDefinitionId, svg, history, legal, applicable, why, ...notice });
  };

  const workView = async (ctx: PageContext, notice: { done?: string; error?: string }) => {
    const active = await engine.store.query({ state: 'Active', limit });
    const entries: WorkEntry[] = [];
    for (const c of active) {
      const items = await engine.legalCommands(c.id, ctx.user);
      if (items.length > 0) entries.push({ caseId: c.id, caseDefinitionId: c.caseDefinitionId, items });
    }
    return workPage(ctx, entries, notice.done, notice.error);
  };

  return async (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://inspector.invalid');
    // Express strips its mount path from req.url; a plain node server does not.
    let path = url.pathname;
    if (base !== '' && (path === base || path.startsWith(`${base}/`))) path = path.slice(base.length);
    if (path === '') path = '/';
    const method = req.method ?? 'GET';
    let ctx: PageContext | undefined;
    try {
      if (method === 'GET' && path === '/assets/inspector.css') return send(res, 200, 'text/css; charset=utf-8', CSS);
      if (method === 'GET' && path === '/assets/inspector.js') return send(res, 200, 'text/javascript; charset=utf-8', JS);
      const route = matchRoute(method, path);
      if (route === undefined) {
        if (next !== undefined) return next();
        return send(res, 404, 'text/html; charset=utf-8', errorPage(undefined, 'Not found', `No page at ${path}.`));
      }
      const user = await userOf(req);
      if (user === undefined) return send(res, 403, 'text/html; charset=utf-8', errorPage(undefined, 'Forbidden', 'The host names no user for this request.'));
      ctx = { base, user, token: csrfToken(secret, user.id), title };
      const page = (status: number, body: string) => send(res, status, 'text/html; charset=utf-8', body);
      if (route.name === 'wrongMethod') return page(405, errorPage(ctx, 'Method not allowed', `${method} ${path}`));

      if (method === 'POST') {
        if (!sameOrigin(req, options.allowedOrigins ?? [], options.trustProxy === true)) {
          return page(403, errorPage(ctx, 'Forbidden', 'The form was not sent from this inspector (cross-origin request refused).'));
        }
        const form = await readForm(req);
        if (!checkCsrfToken(secret, user.id, form['token'])) return page(403, errorPage(ctx, 'Forbidden', 'The form token is missing or stale: reload the page and try again.'));
        const caseId = route.caseId!;
        const back = form['back'] === 'work' ? `${base}/work` : `${base}/cases/${encodeURIComponent(caseId)}`;
        let done: string;
        try {
          if (route.name === 'command') {
            const transition = form['transition'] ?? '';
            const instance = form['instance'] ?? '';
            if (!COMMANDS.has(transition) || instance === '') return page(400, errorPage(ctx, 'Bad request', 'The form names no command or no instance.'));
            await engine.planItemCommand(caseId, transition as never, instance, { user });
            done = 'command';
          } else if (route.name === 'plan') {
            const item = form['item'] ?? '';
            if (item === '') return page(400, errorPage(ctx, 'Bad request', 'The form names no discretionary item.'));
            const owner = form['owner'];
            await engine.plan(caseId, item, { user, ...(owner === undefined || owner === '' ? {} : { in: owner }) });
            done = 'plan';
          } else {
            let values: unknown;
            try {
              values = JSON.parse(form['json'] ?? '');
            } catch (error) {
              return page(400, await caseView(ctx, caseId, { error: `The case file is not valid JSON: ${error instanceof Error ? error.message : String(error)}` }));
            }
            if (values === null || typeof values !== 'object' || Array.isArray(values)) {
              return page(400, await caseView(ctx, caseId, { error: 'The case file must be a JSON object of case file items.' }));
            }
            await engine.setCaseFile(caseId, values as Record<string, JsonValue>, { user });
            done = 'caseFile';
          }
        } catch (error) {
          const message = userError(error);
          if (message === undefined) throw error;
          const code = (error as { code?: string }).code;
          const status = code === 'CaseNotFound' ? 404 : code === 'NotAuthorized' ? 403 : 409;
          if (code === 'CaseNotFound') return page(404, errorPage(ctx, 'Not found', message));
          return page(status, form['back'] === 'work' ? await workView(ctx, { error: message }) : await caseView(ctx, caseId, { error: message }));
        }
        return redirect(res, `${back}?done=${done}`);
      }

      const done = url.searchParams.get('done') ?? undefined;
      switch (route.name) {
        case 'cases': {
          const state = url.searchParams.get('state') ?? '';
          const definition = url.searchParams.get('definition') ?? '';
          const stateFilter = (CASE_STATES as readonly string[]).includes(state) ? (state as CaseState) : undefined;
          const [cases, all] = await Promise.all([
            engine.store.query({ ...(stateFilter === undefined ? {} : { state: stateFilter }), ...(definition === '' ? {} : { caseDefinitionId: definition }), limit }),
            engine.store.query({ limit: 1000 }),
          ]);
          const definitions = [...new Set(all.map((c) => c.caseDefinitionId))].sort();
          return page(200, casesPage(ctx, cases, definitions, { state: stateFilter, definition: definition === '' ? undefined : definition }));
        }
        case 'work':
          return page(200, await workView(ctx, { done }));
        case 'case':
          return page(200, await caseView(ctx, route.caseId!, { done }));
        case 'diagram': {
          const id = route.caseId!;
          const snapshot = await engine.getCase(id);
          const [history, applicable, deployment] = await Promise.all([
            engine.history(id),
            engine.applicableDiscretionaryItems(id, user),
            engine.deployment(snapshot.modelKey, snapshot.modelVersion),
          ]);
          return send(res, 200, 'image/svg+xml; charset=utf-8', renderSvg(deployment.model, { case: snapshot.caseDefinitionId, snapshot, history, applicable }));
        }
        default:
          // a POST route asked for with GET
          return page(405, errorPage(ctx, 'Method not allowed', `${method} ${path}`));
      }
    } catch (error) {
      if (error instanceof BodyError) return send(res, error.status, 'text/html; charset=utf-8', errorPage(ctx, 'Bad request', error.message), error.status === 413);
      if ((error as { code?: string }).code === 'CaseNotFound') return send(res, 404, 'text/html; charset=utf-8', errorPage(ctx, 'Not found', (error as Error).message));
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (next !== undefined) return next(error);
      return send(res, 500, 'text/html; charset=utf-8', errorPage(ctx, 'Internal error', 'The inspector could not answer; the host log has the details.'));
    }
  };
}

interface Route {
  readonly name: 'cases' | 'work' | 'case' | 'diagram' | 'command' | 'plan' | 'caseFile' | 'wrongMethod';
  readonly caseId?: string;
}

/** The route of a method and path, or undefined for a path the inspector does not serve. */
function matchRoute(method: string, path: string): Route | undefined {
  const get = method === 'GET' || method === 'HEAD';
  if (path === '/') return get ? { name: 'cases' } : { name: 'wrongMethod' };
  if (path === '/work') return get ? { name: 'work' } : { name: 'wrongMethod' };
  const m = /^\/cases\/([^/]+)(?:\/(diagram\.svg|command|plan|case-file))?$/.exec(path);
  if (m === null) return undefined;
  let caseId: string;
  try {
    caseId = decodeURIComponent(m[1]!);
  } catch {
    return undefined;
  }
  const sub = m[2];
  if (sub === undefined) return get ? { name: 'case', caseId } : { name: 'wrongMethod' };
  if (sub === 'diagram.svg') return get ? { name: 'diagram', caseId } : { name: 'wrongMethod' };
  if (method !== 'POST') return { name: 'wrongMethod' };
  return { name: sub === 'case-file' ? 'caseFile' : sub === 'plan' ? 'plan' : 'command', caseId };
}
