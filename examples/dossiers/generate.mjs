// Writes each dossier's .cmmn file (with its CMMNDI diagram) from its model.mjs:
//   node --import ./examples/register.mjs examples/dossiers/generate.mjs
import { writeFileSync } from 'node:fs';
import { toCmmnXml } from '@casekit/core';
import { DOSSIERS } from './dossiers.mjs';

for (const [name, build] of Object.entries(DOSSIERS)) {
  const model = build();
  for (const p of model.problems) console.log(`${name}: ${p.severity} ${p.code} ${p.message}`);
  writeFileSync(new URL(`./${name}/${name}.cmmn`, import.meta.url), toCmmnXml(model));
  console.log(`wrote ${name}/${name}.cmmn`);
}
