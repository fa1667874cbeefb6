/**
 * The contract of model versions: stored once, the first content of a version kept, the latest
 * version the highest, seen by every handle.
 */
import assert from 'node:assert/strict';
import { CONTRACT_MODEL_XML, contractTests } from './fixtures.js';
import type { ContractTest } from './types.js';

const { tests, test } = contractTests();

// --- models ----------------------------------------------------------------------------------

test('models', 'versions are stored once; the first content of a version stays', async ({ store }) => {
  const v1 = await store.saveModel({ key: 'claims', version: 1, xml: CONTRACT_MODEL_XML[1] });
  assert.equal(v1.key, 'claims');
  assert.equal(v1.version, 1);
  assert.equal(v1.xml, CONTRACT_MODEL_XML[1]);
  assert.equal(typeof v1.deployedAt, 'number');
  assert.deepEqual(await store.saveModel({ key: 'claims', version: 1, xml: CONTRACT_MODEL_XML[1] }), v1);
  assert.deepEqual(await store.saveModel({ key: 'claims', version: 1, xml: CONTRACT_MODEL_XML[2] }), v1, 'another content does not replace it');
  assert.deepEqual(await store.loadModel('claims', 1), v1);
  assert.equal(await store.loadModel('claims', 2), undefined);
  assert.equal(await store.loadModel('other', 1), undefined);
});

test('models', 'the latest version is the highest; keys are independent; other handles see them', async ({ store, second }) => {
  assert.equal(await store.latestModel('claims'), undefined);
  await store.saveModel({ key: 'claims', version: 2, xml: CONTRACT_MODEL_XML[2] });
  await store.saveModel({ key: 'claims', version: 1, xml: CONTRACT_MODEL_XML[1] });
  await store.saveModel({ key: 'intake', version: 1, xml: '<definitions/>' });
  const other = await second();
  assert.equal((await other.latestModel('claims'))?.version, 2);
  assert.equal((await other.latestModel('claims'))?.xml, CONTRACT_MODEL_XML[2]);
  assert.equal((await other.latestModel('intake'))?.version, 1);
  assert.equal((await other.loadModel('claims', 1))?.xml, CONTRACT_MODEL_XML[1]);
});

test('models', 'concurrent saves of one version: one content wins, everyone sees it', async ({ store, second }) => {
  const other = await second();
  const results = await Promise.all(
    Array.from({ length: 6 }, (_, i) => (i % 2 === 0 ? store : other).saveModel({ key: 'k', version: 1, xml: `<definitions id="d${i}"/>` })),
  );
  assert.equal(new Set(results.map((r) => r.xml)).size, 1);
  assert.equal((await store.loadModel('k', 1))?.xml, results[0]!.xml);
});

/** The `models` tests. */
export const MODELS_CONTRACT: readonly ContractTest[] = Object.freeze(tests);
