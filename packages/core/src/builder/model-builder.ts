/**
 * The entry points of the builder: {@link createModel} (any number of cases, processes and
 * decisions in one file) and {@link buildCase} (one case, built at once), and `build()`, which
 * turns what was authored into a linked, validated, frozen {@link CmmnModel} — the same model
 * `parseCmmn` gives for the XML `toCmmnXml` writes from it.
 */
import { ModelError } from '../errors.js';
import { CmmnModel } from '../model/cmmn-model.js';
import { freezeModel } from '../model/freeze.js';
import { linkModel, type ExternalDefinitions } from '../model/link.js';
import { severityOf, type Problem, type ProblemCode } from '../model/problems.js';
import type { Definitions } from '../model/types.js';
import { walkModel, type ModelNode } from '../model/walk.js';
import { validateModel } from '../validate/validate.js';
import { newCase } from './authoring-cases.js';
import { parameterHandle } from './authoring-parameters.js';
import { AUTHORING_PROBLEMS, takeId } from './authoring-problems.js';
import { emitModel } from './emit.js';
import type {
  CalledElementOptions,
  CaseFileItemDefinitionHandle,
  CaseFileItemDefinitionOptions,
  CaseBuilder,
  CaseOptions,
  DecisionHandle,
  ElementOptions,
  ModelOptions,
  ProcessHandle,
} from './handles/index.js';
import { IdGenerator } from './ids.js';
import { idsOf, layoutWithIds, type LayoutOptions } from './layout.js';
import { bind, type CalledRec, type ModelRec, type ParameterRec } from './state.js';

/**
 * Options of `build()`.
 *
 * @example
 * m.build({ diagram: { columnGap: 120 }, externals: { processes: ['payout'] } });
 */
export interface BuildOptions {
  /** Generate a CMMNDI diagram (default `true`), with layout options, or not (`false`). */
  readonly diagram?: boolean | LayoutOptions;
  /** Cases, processes and decisions deployed elsewhere that caseRef / processRef / decisionRef may name. */
  readonly externals?: ExternalDefinitions;
  /** What {@link ModelError} messages call the model. Default `builder`. */
  readonly source?: string;
}

/**
 * The outcome of `safeBuild()`: the model, or every problem when there are errors.
 *
 * @example
 * const result = m.safeBuild();
 * if (!result.success) for (const p of result.problems) console.log(p.code, p.elementId, p.message);
 */
export type BuildResult =
  | { readonly success: true; readonly model: CmmnModel; readonly problems: readonly Problem[] }
  | { readonly success: false; readonly model: undefined; readonly problems: readonly Problem[] };

/**
 * Authors a CMMN file: cases, and the processes, decisions and case file item definitions they
 * refer to. Each method returns a handle that other elements take as a reference.
 *
 * @example
 * const m = createModel({ targetNamespace: 'https://example.com/claims' });
 * const payout = m.process('Pay out', { externalRef: 'payout' });
 * const claim = m.case('Insurance claim', { id: 'claim' });
 * claim.plan.processTask('Pay out', { process: payout });
 * const model = m.build();
 */
export interface ModelBuilder {
  /** Adds a `<case>`; give a literal `id` to have TypeScript keep its handles apart from other cases'. */
  case<const C extends string = string>(name: string, options?: CaseOptions<C>): CaseBuilder<C>;
  /** Adds a `<process>` for process tasks to call. */
  process(name: string, options?: CalledElementOptions): ProcessHandle;
  /** Adds a `<decision>` for decision tasks to evaluate. */
  decision(name: string, options?: CalledElementOptions): DecisionHandle;
  /** Adds a `<caseFileItemDefinition>` for case file items to use. */
  caseFileItemDefinition(name: string, options?: CaseFileItemDefinitionOptions): CaseFileItemDefinitionHandle;
  /**
   * Builds the model: linked like a parsed one, validated (`model.problems` holds draft warnings
   * and warnings), frozen. Throws {@link ModelError} listing every problem when there are errors.
   * May be called again after more authoring; each call returns a new model.
   */
  build(options?: BuildOptions): CmmnModel;
  /** Like `build()`, but returns the problems instead of throwing. */
  safeBuild(options?: BuildOptions): BuildResult;
}

function called(model: ModelRec, kind: 'Process' | 'Decision', name: string, options: CalledElementOptions): CalledRec {
  const id = takeId(model, options.id, kind, name);
  const parameterKind = kind === 'Process' ? 'ProcessParameter' : 'DecisionParameter';
  const parameter = (input: string | (ElementOptions & { readonly name: string })): ParameterRec => {
    const o = typeof input === 'string' ? { name: input } : input;
    return {
      kind: parameterKind,
      model,
      case: undefined,
      id: takeId(model, o.id, parameterKind, name, o.name),
      name: o.name,
      options: o,
    };
  };
  const record: CalledRec = {
    kind,
    model,
    id,
    name,
    options,
    inputs: (options.inputs ?? []).map(parameter),
    outputs: (options.outputs ?? []).map(parameter),
  };
  (kind === 'Process' ? model.processes : model.decisions).push(record);
  return record;
}

const ORDER = { error: 0, draft: 1, warning: 2 } as const;

function buildModel(model: ModelRec, options: BuildOptions): BuildResult {
  const { definitions, namespaces, problems: emitted } = emitModel(model);
  if (options.diagram !== false) {
    const layout = typeof options.diagram === 'object' ? options.diagram : {};
    definitions['cmmnDi'] = layoutWithIds(
      definitions as unknown as Definitions,
      layout,
      new IdGenerator(idsOf(definitions as unknown as Definitions)),
    );
  }
  const found: { code: ProblemCode; message: string; elementId: string | undefined; node: object | undefined }[] = [
    ...(AUTHORING_PROBLEMS.get(model) ?? []).map((p) => ({ ...p, node: undefined })),
    ...emitted,
  ];
  const report = (code: ProblemCode, message: string, at: object, elementId: string | undefined): void => {
    found.push({ code, message, elementId, node: at });
  };
  const root = definitions as ModelNode;
  const index = linkModel(root, report, options.externals);
  validateModel(definitions as unknown as Definitions, report);
  freezeModel(root);

  // The parser orders problems by level, then by position in the file; document order is the
  // built model's position, so both list the problems of the same model in the same order.
  const position = new Map<object, number>();
  walkModel(root, (current) => position.set(current, position.size));
  const problems: Problem[] = found
    .map((p, i) => ({ p, i, at: p.node === undefined ? -1 : (position.get(p.node) ?? -1) }))
    .sort((a, b) => ORDER[severityOf(a.p.code)] - ORDER[severityOf(b.p.code)] || a.at - b.at || a.i - b.i)
    .map(({ p }) =>
      Object.freeze({
        code: p.code,
        severity: severityOf(p.code),
        message: p.message,
        elementId: p.elementId,
        line: undefined,
        column: undefined,
      }),
    );
  Object.freeze(problems);
  if (problems.some((p) => p.severity === 'error')) return { success: false, model: undefined, problems };
  const declarations = Object.freeze(namespaces.map((d) => Object.freeze({ ...d })));
  const built = new CmmnModel(definitions as unknown as Definitions, problems, index, undefined, declarations);
  return { success: true, model: built, problems };
}

/**
 * Starts authoring a CMMN file.
 *
 * @example
 * const m = createModel({ targetNamespace: 'https://example.com/claims' });
 * const c = m.case('Insurance claim', { id: 'claim' });
 * const review = c.plan.humanTask('Review claim', { performer: c.role('Adjuster') });
 * c.plan.milestone('Reviewed', { entryCriteria: [{ on: on(review, 'complete') }] });
 * const model = m.build();
 */
export function createModel(options: ModelOptions = {}): ModelBuilder {
  const record: ModelRec = {
    kind: 'Definitions',
    ids: new IdGenerator(),
    options,
    cases: [],
    processes: [],
    decisions: [],
    caseFileItemDefinitions: [],
  };
  if (options.id !== undefined) takeId(record, options.id, 'Definitions');
  const builder: ModelBuilder = {
    case: <const C extends string = string>(name: string, caseOptions: CaseOptions<C> = {}) =>
      newCase(record, name, caseOptions) as CaseBuilder<C>,
    process: (name, processOptions = {}) => {
      const p = called(record, 'Process', name, processOptions);
      return bind(
        {
          kind: 'Process',
          id: p.id,
          name: p.name,
          inputs: Object.freeze(p.inputs.map(parameterHandle)),
          outputs: Object.freeze(p.outputs.map(parameterHandle)),
        },
        p,
      ) as ProcessHandle;
    },
    decision: (name, decisionOptions = {}) => {
      const d = called(record, 'Decision', name, decisionOptions);
      return bind(
        {
          kind: 'Decision',
          id: d.id,
          name: d.name,
          inputs: Object.freeze(d.inputs.map(parameterHandle)),
          outputs: Object.freeze(d.outputs.map(parameterHandle)),
        },
        d,
      ) as DecisionHandle;
    },
    caseFileItemDefinition: (name, definitionOptions = {}) => {
      const id = takeId(record, definitionOptions.id, 'CaseFileItemDefinition', name);
      const d = { kind: 'CaseFileItemDefinition' as const, model: record, id, name, options: definitionOptions };
      record.caseFileItemDefinitions.push(d);
      for (const property of definitionOptions.properties ?? [])
        if (property.id !== undefined) takeId(record, property.id, 'Property');
      return bind({ kind: 'CaseFileItemDefinition', id, name }, d) as CaseFileItemDefinitionHandle;
    },
    build: (buildOptions = {}) => {
      const result = buildModel(record, buildOptions);
      if (!result.success) throw new ModelError(result.problems, buildOptions.source ?? 'builder');
      return result.model;
    },
    safeBuild: (buildOptions = {}) => buildModel(record, buildOptions),
  };
  return Object.freeze(builder);
}

/**
 * Options of {@link buildCase}: the case's, the model's (`model`) and `build()`'s (`build`).
 *
 * @example
 * buildCase('Claim', { id: 'claim', model: { targetNamespace: 'https://example.com' }, build: { diagram: false } }, (c) => {});
 */
export interface BuildCaseOptions<C extends string = string> extends CaseOptions<C> {
  readonly model?: ModelOptions;
  readonly build?: BuildOptions;
}

/**
 * Authors and builds a file with one case.
 *
 * @example
 * const model = buildCase('Insurance claim', { id: 'claim' }, (c) => {
 *   const review = c.plan.humanTask('Review claim');
 *   c.plan.milestone('Reviewed', { entryCriteria: [{ on: on(review, 'complete') }] });
 * });
 */
export function buildCase<const C extends string = string>(name: string, define: (c: CaseBuilder<C>) => void): CmmnModel;
export function buildCase<const C extends string = string>(
  name: string,
  options: BuildCaseOptions<C>,
  define: (c: CaseBuilder<C>) => void,
): CmmnModel;
export function buildCase<const C extends string = string>(
  name: string,
  optionsOrDefine: BuildCaseOptions<C> | ((c: CaseBuilder<C>) => void),
  maybeDefine?: (c: CaseBuilder<C>) => void,
): CmmnModel {
  const options = typeof optionsOrDefine === 'function' ? {} : optionsOrDefine;
  const define = typeof optionsOrDefine === 'function' ? optionsOrDefine : maybeDefine!;
  const { model: modelOptions, build: buildOptions, ...caseOptions } = options;
  const m = createModel(modelOptions);
  define(m.case<C>(name, caseOptions as CaseOptions<C>));
  return m.build(buildOptions);
}
