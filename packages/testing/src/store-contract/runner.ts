/**
 * The runner of the store contract: the list of every test, in order, and the functions that run
 * them over a store, one fresh fixture per test.
 */
import type { CaseStore } from '@casekit/core';
import { CASES_CONTRACT, HISTORY_CONTRACT } from './cases.js';
import { DOCUMENTS_CONTRACT } from './documents.js';
import { ENGINE_CONTRACT } from './engine.js';
import { INPUT_CHECKS_CONTRACT } from './input-checks.js';
import { MODELS_CONTRACT } from './models.js';
import { OUTBOX_CONTRACT } from './outbox.js';
import { QUERIES_CONTRACT } from './queries.js';
import { WORK_CONTRACT } from './tasks.js';
import { TIMERS_CONTRACT } from './timers.js';
import type { CaseStoreFactory, ContractContext, ContractTest, TestFunctions } from './types.js';

/** Every test of the contract, in order. */
export const CASE_STORE_CONTRACT: readonly ContractTest[] = Object.freeze([
  ...CASES_CONTRACT,
  ...INPUT_CHECKS_CONTRACT,
  ...HISTORY_CONTRACT,
  ...QUERIES_CONTRACT,
  ...TIMERS_CONTRACT,
  ...OUTBOX_CONTRACT,
  ...MODELS_CONTRACT,
  ...ENGINE_CONTRACT,
  ...DOCUMENTS_CONTRACT,
  ...WORK_CONTRACT,
]);

/**
 * Registers the whole contract for a store, one `it` per test, grouped by concern.
 *
 * @example
 * import { describe, it } from 'vitest';
 * import { describeCaseStore } from '@casekit/testing';
 * describeCaseStore('memory', () => ({ store: new MemoryCaseStore() }), { describe, it });
 */
export function describeCaseStore(name: string, factory: CaseStoreFactory, test: TestFunctions): void {
  test.describe(`CaseStore contract: ${name}`, () => {
    for (const group of [...new Set(CASE_STORE_CONTRACT.map((t) => t.group))]) {
      test.describe(group, () => {
        for (const contract of CASE_STORE_CONTRACT.filter((t) => t.group === group)) {
          test.it(contract.name, () => runContractTest(contract, factory), 30_000);
        }
      });
    }
  });
}

/** Runs one contract test on a fresh fixture, then closes what it opened. */
export async function runContractTest(contract: ContractTest, factory: CaseStoreFactory): Promise<void> {
  const fixture = await factory();
  const opened: CaseStore[] = [];
  const context: ContractContext = {
    store: fixture.store,
    async second() {
      const handle = fixture.reopen === undefined ? fixture.store : await fixture.reopen();
      if (handle !== fixture.store) opened.push(handle);
      return handle;
    },
  };
  try {
    await contract.run(context);
  } finally {
    for (const handle of opened) await handle.close?.();
    await fixture.store.close?.();
    await fixture.dispose?.();
  }
}
