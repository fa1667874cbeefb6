// Writes the templates' .cmmn files (with their CMMNDI diagrams) from models.mjs:
//   node --import ./examples/register.mjs examples/care-templates/generate.mjs
import { writeFileSync } from 'node:fs';
import { toCmmnXml } from '@casekit/core';
import { TEMPLATES } from './models.mjs';

for (const [name, build] of Object.entries(TEMPLATES)) {
  const model = build();
  for (const p of model.problems) console.log(`${name}: ${p.severity} ${p.code} ${p.message}`);
  writeFileSync(new URL(`./${name}.cmmn`, import.meta.url), toCmmnXml(model));
  console.log(`wrote ${name}.cmmn`);
}
