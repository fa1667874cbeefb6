import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string, entry = 'index') => fileURLToPath(new URL(`./packages/${pkg}/src/${entry}.ts`, import.meta.url));
/** `@casekit/<pkg>` and its subpaths (`@casekit/core/internals`) resolve to the sources. */
const packages = ['core', 'rules', 'testing', 'store-sqlite', 'store-postgres', 'render', 'inspector'];

export default defineConfig({
  resolve: {
    alias: [
      { find: '@casekit/core/internals', replacement: src('core', 'internals') },
      ...packages.map((pkg) => ({ find: new RegExp(`^@casekit/${pkg}$`), replacement: src(pkg) })),
    ],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/**/*.test.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
