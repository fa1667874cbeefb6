// Lets `node` resolve '@casekit/*' to this checkout's built packages (`pnpm build`), as an
// installed dependency would: `node --import ./examples/register.mjs <script>`.
// An application that installs @casekit/core and @casekit/rules from the registry needs none of this.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`
const root = ${JSON.stringify(new URL('../packages/', import.meta.url).href)};
export async function resolve(specifier, context, next) {
  const m = /^@casekit\\/([a-z-]+)$/.exec(specifier);
  return m ? { url: root + m[1] + '/dist/index.js', shortCircuit: true } : next(specifier, context);
}`),
);
