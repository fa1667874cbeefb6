/**
 * casekit testing: run scenario files (JSON or YAML) against CMMN models, from vitest or the CLI.
 *
 * @packageDocumentation
 */
export {
  checkScenario,
  verbOf,
  ScenarioError,
  VERBS,
  ITEM_VERBS,
  CASE_VERBS,
  type Scenario,
  type ScenarioStep,
  type ScenarioUser,
  type Expectations,
  type Verb,
  type ItemVerb,
} from './scenario.js';
export {
  runScenario,
  partialMatch,
  type RunOptions,
  type ScenarioResult,
  type ScenarioFailure,
  type ScenarioSnapshot,
  type Mismatch,
  type ItemStateRow,
} from './runner.js';
export { loadScenarioFile, runScenarioFile } from './load.js';
export { formatReport, formatTimeline } from './report.js';
export {
  describeCaseStore,
  runContractTest,
  CASE_STORE_CONTRACT,
  CONTRACT_MODEL_XML,
  type CaseStoreFixture,
  type CaseStoreFactory,
  type ContractContext,
  type ContractTest,
  type TestFunctions,
} from './store-contract.js';
