/**
 * The `casekit` command line as a library: {@link main} runs it in-process.
 *
 * @packageDocumentation
 */
export { main } from './main.js';
export type { CliIo, TextSink } from './io.js';
export { ExitCode } from './exit-codes.js';
export type { ValidateJson } from './commands/validate.js';
export type { InspectJson } from './commands/inspect.js';
export type { ProblemJson } from './format/problems.js';
export type { ReportSummary } from './format/report.js';
export type {
  CaseFileItemSummary,
  CasePlanSummary,
  CaseSummary,
  ControlRuleSummary,
  ControlSummary,
  CriterionSummary,
  ExpressionSummary,
  ExternalSummary,
  ItemSummary,
  ModelSummary,
  NamedSummary,
  OnPartSummary,
  PlanningTableSummary,
  RuleSummary,
  SentrySummary,
} from './inspect/summarize.js';
