/**
 * The PostgreSQL server the tests run against:
 * - `CASEKIT_PG_URL` set → that server (CI: .ci/run starts a throwaway cluster and sets it);
 * - under CI (`CI` or `CASEKIT_REQUIRE_PG` set) without it → the tests FAIL, never skip;
 * - otherwise → a throwaway cluster of the local PostgreSQL binaries, started for this test file
 *   on a free loopback port and removed afterwards; without binaries, a clear failure saying how
 *   to provide a server.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A server for the tests. */
export interface TestServer {
  readonly url: string;
  /** Whether the tests started it (and `stop` removes it). */
  readonly throwaway: boolean;
  stop(): Promise<void>;
}

const HOW = [
  'The PostgreSQL tests need a server. Either',
  '  - set CASEKIT_PG_URL=postgres://user:password@host:port/database (any PostgreSQL ≥ 12 you may create schemas in), or',
  '  - install PostgreSQL (Debian/Ubuntu: apt-get install -y postgresql) so that the tests start a throwaway cluster.',
].join('\n');

function binDir(): string | undefined {
  const fromEnv = process.env.CASEKIT_PG_BIN;
  if (fromEnv !== undefined && existsSync(join(fromEnv, 'initdb'))) return fromEnv;
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (existsSync(join(dir, 'initdb'))) return dir;
  } catch {
    // no pg_config
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(join(debian, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(debian, versions[0], 'bin');
  }
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The server to test against (see the file's comment). */
export async function testServer(): Promise<TestServer> {
  const url = process.env.CASEKIT_PG_URL;
  if (url !== undefined && url !== '') return { url, throwaway: false, stop: async () => undefined };
  if ((process.env.CI ?? '') !== '' || (process.env.CASEKIT_REQUIRE_PG ?? '') !== '') {
    throw new Error(`CASEKIT_PG_URL is not set, and under CI the PostgreSQL tests do not start their own server (.ci/run starts one).\n${HOW}`);
  }
  const bin = binDir();
  if (bin === undefined) throw new Error(`No PostgreSQL server: CASEKIT_PG_URL is not set and no PostgreSQL binaries were found.\n${HOW}`);

  const dir = mkdtempSync(join(tmpdir(), 'casekit-pg-'));
  chmodSync(dir, 0o755);
  const data = join(dir, 'data');
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  // PostgreSQL refuses to run as root: as root, the cluster belongs to the `postgres` user.
  const run = (command: string, args: string[]): void => {
    const result = root
      ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', [command, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ')], { encoding: 'utf8' })
      : spawnSync(command, args, { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}\n${HOW}`);
  };
  if (root) execFileSync('chown', ['postgres:postgres', dir]);
  const port = await freePort();
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  // A test cluster: durability settings off (the server is never killed; the clients are).
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    throwaway: true,
    async stop() {
      try {
        run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
