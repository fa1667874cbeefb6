/**
 * The contract of documents: a case with documents survives save and load, metadata and
 * versions in its case file, the content kept out of the state and the history.
 */
import assert from 'node:assert/strict';
import { createEngine, createMemoryBlobStore, VirtualClock, type CaseInstanceId, type CaseStore } from '@casekit/core';
import { contractTests, same, T0 } from './fixtures.js';
import type { ContractTest } from './types.js';

const { tests, test } = contractTests();

// --- documents -------------------------------------------------------------------------------

test('documents', 'a case with documents (metadata and versions in its case file) survives save and load; content stays out', async ({ store, second }) => {
  const xml = `<definitions xmlns="http://www.omg.org/spec/CMMN/20151109/MODEL" id="docs_defs" targetNamespace="http://casekit.dev/store-contract/documents">
  <caseFileItemDefinition id="def_doc" definitionType="http://www.omg.org/spec/CMMN/DefinitionType/CMISDocument"/>
  <case id="docs_case" name="Documents">
    <caseFileModel><caseFileItem id="cfi_report" name="report" definitionRef="def_doc"/></caseFileModel>
    <casePlanModel id="docs_plan" name="Documents">
      <planItem id="pi_read" name="Read report" definitionRef="t_read"><entryCriterion id="ec_read" sentryRef="s_arrived"/></planItem>
      <sentry id="s_arrived"><caseFileItemOnPart id="op_arrived" sourceRef="cfi_report"><standardEvent>create</standardEvent></caseFileItemOnPart></sentry>
      <humanTask id="t_read" name="Read report"/>
    </casePlanModel>
  </case>
</definitions>`;
  const blobStore = createMemoryBlobStore();
  const on = (s: CaseStore, owner: string) => createEngine({ store: s, clock: new VirtualClock(T0), owner, authorization: 'none', documents: { blobStore } });
  const a = on(store, 'a');
  await a.publish(xml, { key: 'documents' });
  const { id } = await a.startCase();
  const content = (text: string) => ({ name: 'report.pdf', contentType: 'application/pdf', content: new TextEncoder().encode(text) });
  const first = await a.attachDocument(id, 'report', content('SECRET-CONTENT-1'));
  const next = await a.replaceDocument(id, 'report', content('SECRET-CONTENT-22'));
  const b = on(await second(), 'b');
  const loaded = (await (await second()).load(id as CaseInstanceId))!;
  same(loaded.state.caseFile['report'], { ...next.document, previousVersions: [first.document] });
  assert.equal((await b.getCase(id)).items.find((i) => i.name === 'Read report')?.state, 'Active');
  const read = await b.readDocument(id, 'report', { version: 1 });
  let text = '';
  for await (const chunk of read.content) text += new TextDecoder().decode(chunk as Uint8Array);
  assert.equal(text, 'SECRET-CONTENT-1');
  const history = await b.history(id);
  assert.deepEqual(history.filter((r) => r.scope === 'caseFile').map((r) => `${r.itemName}:${r.transition}:${r.command}`), ['report:create:attachDocument', 'report:replace:replaceDocument']);
  assert.ok(!JSON.stringify([loaded.state, history]).includes('SECRET-CONTENT'), 'content never in the state or the history');
  const found = await (await second()).query({ caseFile: { 'report.contentType': 'application/pdf', 'report.version': 2 } });
  assert.deepEqual(found.map((c) => c.id), [id], 'document metadata is queried like any case file value');
});

/** The `documents` tests. */
export const DOCUMENTS_CONTRACT: readonly ContractTest[] = Object.freeze(tests);
