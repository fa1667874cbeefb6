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
  WORK_VERBS,
  CASE_VERBS,
  PROFILES,
  ITEM_STATES,
  CASE_STATES,
  SCENARIO_LIMITS,
  type Profile,
  type ScenarioProblem,
  type ScenarioErrorCode,
  type WorkVerb,
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
  ENGINE_PROFILES,
  type RunOptions,
  type ScenarioResult,
  type ScenarioFailure,
  type ScenarioSnapshot,
  type Mismatch,
  type ItemStateRow,
} from './runner.js';
export {
  loadScenarioFile,
  runScenarioFile,
  modelForScenario,
  loadScenarioDecisions,
  readInputFile,
  InputFileError,
  MAX_INPUT_BYTES,
  type RunFileOptions,
} from './load.js';
export { formatReport, formatTimeline, formatJunit, type SuiteEntry } from './report.js';
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
