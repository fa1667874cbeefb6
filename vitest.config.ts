import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      '@casekit/core': src('core'),
      '@casekit/rules': src('rules'),
      '@casekit/testing': src('testing'),
      '@casekit/store-sqlite': src('store-sqlite'),
      '@casekit/store-postgres': src('store-postgres'),
      '@casekit/render': src('render'),
      '@casekit/inspector': src('inspector'),
    },
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
