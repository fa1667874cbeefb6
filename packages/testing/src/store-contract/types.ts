/**
 * The shapes of the store contract: a store's fixture and factory, what a test receives, one
 * test, and the `describe` / `it` of the framework that registers them.
 */
import type { CaseStore } from '@casekit/core';

/** A fresh store for one test. */
export interface CaseStoreFixture {
  readonly store: CaseStore;
  /**
   * Opens another handle on the same storage, as a second process would (a new connection or
   * pool). Default: the same store object. The suite closes the handles it opened.
   */
  readonly reopen?: () => CaseStore | Promise<CaseStore>;
  /** Called after the test (drop the schema, delete the file…), after the handles are closed. */
  readonly dispose?: () => void | Promise<void>;
}

/** Makes a fresh, empty store for each test. */
export type CaseStoreFactory = () => CaseStoreFixture | Promise<CaseStoreFixture>;

/** What a contract test receives. */
export interface ContractContext {
  readonly store: CaseStore;
  /** Another handle on the same storage (see {@link CaseStoreFixture.reopen}). */
  second(): Promise<CaseStore>;
}

/** One test of the contract. */
export interface ContractTest {
  /** `cases`, `history`, `queries`, `timers`, `models` or `engine`. */
  readonly group: string;
  readonly name: string;
  run(context: ContractContext): Promise<void>;
}

/** The `describe` / `it` of a test framework. */
export interface TestFunctions {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeout?: number): void;
}
