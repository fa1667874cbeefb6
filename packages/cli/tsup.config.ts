import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // src/version.ts reads ../package.json relative to import.meta.url; the shim provides it in CJS.
  shims: true,
});
