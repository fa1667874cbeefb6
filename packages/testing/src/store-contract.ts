/**
 * The contract every `CaseStore` passes — the in-memory store, SQLite, PostgreSQL, and yours.
 *
 * The tests are plain async functions asserting with `node:assert`, so the suite runs under any
 * test framework: {@link describeCaseStore} registers them with the `describe` and `it` you pass
 * (vitest's, jest's, `node:test`'s), and {@link CASE_STORE_CONTRACT} lists them for any other
 * use. Each test gets a fresh, empty store from your factory; tests about several processes open
 * a second handle on the same storage through `reopen`.
 */
export { CASE_STORE_CONTRACT, describeCaseStore, runContractTest } from './store-contract/runner.js';
export { CONTRACT_MODEL_XML } from './store-contract/fixtures.js';
export type { CaseStoreFactory, CaseStoreFixture, ContractContext, ContractTest, TestFunctions } from './store-contract/types.js';
