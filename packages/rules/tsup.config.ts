import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // feelin is ESM-only: bundle it (and its own dependencies) so the CJS build can load it.
  noExternal: ['feelin'],
});
