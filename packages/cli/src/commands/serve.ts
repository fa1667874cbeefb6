import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { createEngine, MemoryCaseStore, type CaseEngine, type CaseStore, type User } from '@casekit/core';
import { createInspector } from '@casekit/inspector';
import { ExitCode } from '../exit-codes.js';
import { printReport } from '../format/report.js';
import { loadFiles } from '../load.js';
import { defineCommand, UsageError } from './command.js';

/** Options of {@link startInspectorServer}. */
export interface InspectorServerOptions {
  /** A SQLite file, a `postgres://` URL, or undefined for an in-memory store. */
  readonly store?: string | undefined;
  /** The PostgreSQL schema holding casekit's tables (default `public`). */
  readonly schema?: string | undefined;
  readonly user: User;
  /** Default 127.0.0.1 (this machine only). */
  readonly host?: string;
  /** Default 8080; 0 picks a free port. */
  readonly port?: number;
  /** CMMN models (XML) published to the store before serving. */
  readonly models?: readonly { readonly xml: string; readonly fileName: string }[];
  readonly basePath?: string;
}

/** A running inspector server. */
export interface InspectorServer {
  readonly url: string;
  readonly engine: CaseEngine;
  close(): Promise<void>;
}

/**
 * Loads an optional store package installed beside the CLI. The name is not a literal, so that
 * the build leaves the import to run time (the stores' drivers are native or optional).
 */
async function optional<T>(name: string): Promise<T> {
  try {
    return (await import(/* @vite-ignore */ name)) as T;
  } catch (error) {
    throw new Error(`--store needs ${name} (npm install ${name}): ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Opens the store a `--store` value names: `postgres://`/`postgresql://` URLs, else a SQLite file. */
async function openStore(store: string | undefined, schema: string | undefined, cwd: string): Promise<CaseStore> {
  if (store === undefined) return new MemoryCaseStore();
  if (/^postgres(ql)?:\/\//i.test(store)) {
    const { openPostgresStore } = await optional<typeof import('@casekit/store-postgres')>(POSTGRES);
    return openPostgresStore(store, schema === undefined ? {} : { schema });
  }
  const { openSqliteStore } = await optional<typeof import('@casekit/store-sqlite')>(SQLITE);
  return openSqliteStore(resolve(cwd, store));
}

/** The engine's authorization counts the roles `--roles` gives the user, in every case. */
const TRUST_USER_ROLES = { authorization: { trustUserRoles: true } };

const SQLITE = '@casekit/store-sqlite';
const POSTGRES = '@casekit/store-postgres';

/**
 * Starts the inspector (`@casekit/inspector`) on an engine over a store, in a `node:http` server:
 * what `casekit serve` runs.
 *
 * @example
 * const server = await startInspectorServer({ store: '.casekit/demo.db', user: { id: 'carlos', roles: ['case manager'] }, port: 0 });
 * console.log(server.url);
 * await server.close();
 */
export async function startInspectorServer(options: InspectorServerOptions, cwd = process.cwd()): Promise<InspectorServer> {
  const store = await openStore(options.store, options.schema, cwd);
  // The command line names the user and vouches for the roles it gives them.
  const engine = createEngine({ store, ...TRUST_USER_ROLES });
  for (const model of options.models ?? []) await engine.publish(model.xml, { fileName: model.fileName });
  const inspector = createInspector({ engine, user: options.user, basePath: options.basePath });
  const server: Server = createServer((req, res) => void inspector(req, res));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8080, host, () => done());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}${options.basePath ?? ''}/`,
    engine,
    close: async () => {
      await new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await store.close?.();
    },
  };
}

/**
 * `casekit serve [model.cmmn...] --user <id>`: the case inspector over a store (docs/inspector.md),
 * on 127.0.0.1 unless `--host` says otherwise, until interrupted.
 */
export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'Serve the case inspector (cases, live diagrams, work list) over a case store',
  args: { name: 'model.cmmn', min: 0, max: 100 },
  options: {
    store: { type: 'string', valueName: '<file|url>', description: 'A SQLite file or a postgres:// URL (default: an in-memory store)' },
    schema: { type: 'string', valueName: '<name>', description: "With a postgres:// store: the schema of casekit's tables (default public)" },
    user: { type: 'string', valueName: '<id>', description: 'The user the inspector acts as (required)' },
    roles: { type: 'string', valueName: '<a,b>', description: "That user's roles, comma-separated" },
    host: { type: 'string', valueName: '<address>', description: 'The address to listen on (default 127.0.0.1: this machine only)' },
    port: { type: 'string', valueName: '<n>', description: 'The port (default 8080; 0 picks a free one)' },
    'base-path': { type: 'string', valueName: '<path>', description: 'Serve under this path, e.g. /inspector' },
  },
  details: [
    'Opens the store (better-sqlite3 or pg must be installed beside @casekit/store-sqlite or',
    '@casekit/store-postgres), publishes the given models to it, and serves the inspector: the',
    'cases, each case with its live diagram, plan, history and the commands the user may give,',
    "and the user's work list. Every command is given as --user with --roles, so the engine's",
    'authorization applies. Stop with Ctrl-C.',
    '',
    'Exit codes: 0 stopped, 1 a model has errors or the server could not start, 2 usage error.',
  ],
  async run({ args, options, console }) {
    if (options.user === undefined || options.user.trim() === '') throw new UsageError('--user is required: the inspector acts as that user');
    const roles = (options.roles ?? '').split(',').map((r) => r.trim()).filter((r) => r !== '');
    const port = options.port === undefined ? 8080 : Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, got "${options.port}"`);
    const basePath = options['base-path'];
    if (basePath !== undefined && !/^\/[A-Za-z0-9._~/-]*$/.test(basePath)) throw new UsageError(`--base-path must be a path such as /inspector, got "${basePath}"`);
    const files = await loadFiles(args, console);
    if (files.some((f) => f.result === undefined || !f.result.success)) {
      printReport(files, console);
      return ExitCode.Failure;
    }
    let server: InspectorServer;
    try {
      server = await startInspectorServer(
        {
          store: options.store,
          schema: options.schema,
          user: { id: options.user, roles },
          host: options.host,
          port,
          basePath: basePath?.replace(/\/+$/, ''),
          models: await Promise.all(args.map(async (file) => ({ xml: await console.readFile(resolve(console.cwd, file)), fileName: file }))),
        },
        console.cwd,
      );
    } catch (error) {
      console.err(`casekit serve: ${error instanceof Error ? error.message : String(error)}`);
      return ExitCode.Failure;
    }
    console.out(`casekit inspector on ${server.url} acting as ${options.user}${roles.length > 0 ? ` (${roles.join(', ')})` : ''}; Ctrl-C stops it`);
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    await server.close();
    return ExitCode.Ok;
  },
});
