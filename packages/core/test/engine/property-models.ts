/**
 * The models the engine property tests run on: every corpus and conformance file that parses,
 * one entry per `<case>`. Cases whose start throws ModelError (drafts) or ExpressionError
 * (expressions casekit cannot evaluate) are skipped and counted; every other outcome of the start,
 * a crash included, is kept so that the properties see it.
 */
import { ExpressionError, ModelError, VirtualClock, createEngine, safeParseCmmn, type CmmnModel } from '@casekit/core';
import { allModelFiles, EXPECTED_INVALID } from '../corpus-files.js';
import { FIXTURES } from './property-fixtures.js';

/** The fixed start of every property run's virtual clock. */
export const T0 = '2026-01-01T00:00:00Z';

/** The deterministic id generator of the property runs. */
export function counter(): () => string {
  let n = 0;
  return () => `id-${++n}`;
}

/** One startable case of one model file. */
export interface PropertyModel {
  /** Corpus-relative file name (`conformance/…` for the conformance suite). */
  readonly file: string;
  /** The `<case>` id. */
  readonly caseId: string;
  readonly model: CmmnModel;
  /** Discretionary item ids of this case (for commands on a closed case). */
  readonly discretionaryItems: readonly string[];
  /** Names the generator writes into the case file: declared case file items and the names the model's conditions read. */
  readonly variables: readonly string[];
  /** Literals of the model's conditions (strings, numbers and their neighbours), offered as case file values. */
  readonly literals: readonly (string | number)[];
  /** Role ids of the case (the generator acts as users holding some of them). */
  readonly roles: readonly string[];
  /** A hand-written model of property-fixtures.ts rather than a corpus or conformance file. */
  readonly fixture: boolean;
}

/** A case left out, and why. */
export interface Skipped {
  readonly file: string;
  readonly caseId: string | undefined;
  readonly reason: string;
}

const NOT_VARIABLES = new Set([
  'and', 'or', 'not', 'eq', 'ne', 'lt', 'gt', 'le', 'ge', 'lte', 'gte', 'empty', 'true', 'false', 'null', 'div', 'mod',
  'instanceof', 'var', 'caseInstance', 'planItemInstance', 'task', 'execution', 'repetitionCounter', 'new',
]);

/**
 * Names read by conditions, taken crudely from `${…}`/`#{…}` bodies: identifiers that are neither
 * keywords, nor function names (followed by `(` or `:`), nor property names (after `.`); string or
 * bare arguments of `getVariable('x')` / `var:get(x)`-style calls; JSON Logic `{"var": "x"}`.
 */
export function conditionVariables(xml: string): string[] {
  const names = new Set<string>();
  const text = xml
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
  for (const match of text.matchAll(/[$#]\{([^}]*)\}/g)) {
    const body = match[1]!;
    for (const call of body.matchAll(/(?:getVariable|get|getOrDefault|exists|isEmpty|isNotEmpty|eq|ne|lt|lte|gt|gte)\(\s*['"]?([A-Za-z_]\w*)/g)) {
      names.add(call[1]!);
    }
    const withoutStrings = body.replace(/'[^']*'|"[^"]*"/g, ' ');
    for (const id of withoutStrings.matchAll(/(^|[^.\w:])([A-Za-z_]\w*)(?![\w:]|\s*\()/g)) {
      if (!NOT_VARIABLES.has(id[2]!)) names.add(id[2]!);
    }
  }
  for (const match of text.matchAll(/\{\s*"var"\s*:\s*"([A-Za-z_]\w*)/g)) names.add(match[1]!);
  return [...names].sort();
}

/** String and number literals of `${…}`/`#{…}` bodies; numbers come with their neighbours (thresholds). */
export function conditionLiterals(xml: string): (string | number)[] {
  const literals = new Set<string | number>();
  const text = xml.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  for (const match of text.matchAll(/[$#]\{([^}]*)\}/g)) {
    const body = match[1]!;
    for (const quoted of body.matchAll(/'([^']*)'|"([^"]*)"/g)) literals.add(quoted[1] ?? quoted[2]!);
    for (const number of body.replace(/'[^']*'|"[^"]*"/g, ' ').matchAll(/(?<![\w.])(\d+(?:\.\d+)?)(?![\w.])/g)) {
      const n = Number(number[1]);
      literals.add(n - 1).add(n).add(n + 1);
    }
  }
  return [...literals].sort((a, b) => String(a).localeCompare(String(b)));
}

/**
 * Every case of the shared corpus and conformance suite whose start is not refused as a draft or for
 * its expressions, then the hand-written fixtures (which must parse and compile).
 */
export async function loadPropertyModels(): Promise<{ models: PropertyModel[]; skipped: Skipped[]; files: number }> {
  const models: PropertyModel[] = [];
  const skipped: Skipped[] = [];
  const files = allModelFiles().filter((f) => !EXPECTED_INVALID.has(f.name));
  const fixtures = new Set<string>(FIXTURES.map((f) => f.name));
  for (const file of [...files, ...FIXTURES]) {
    const fixture = fixtures.has(file.name);
    const parsed = safeParseCmmn(file.xml, { fileName: file.name });
    if (!parsed.success && fixture) throw new Error(`fixture ${file.name} does not parse: ${JSON.stringify(parsed.problems)}`);
    if (!parsed.success) {
      skipped.push({ file: file.name, caseId: undefined, reason: 'does not parse' });
      continue;
    }
    const model = parsed.model;
    const conditionNames = conditionVariables(file.xml);
    const literals = conditionLiterals(file.xml);
    for (const c of model.definitions.cases) {
      if (c.id === undefined) continue;
      const engine = createEngine({ authorization: 'none', clock: new VirtualClock(T0), idGenerator: counter() });
      engine.deploy(model, { key: 'model' });
      try {
        await engine.startCase({ caseDefinition: c.id });
      } catch (error) {
        if (fixture && (error instanceof ModelError || error instanceof ExpressionError)) throw error;
        if (error instanceof ModelError || error instanceof ExpressionError) {
          skipped.push({ file: file.name, caseId: c.id, reason: error.name });
          continue;
        }
        // Any other outcome of the start (a typed error or a crash) is for the properties to judge.
      }
      const compiled = engine.compiled('model', 1, c.id);
      const discretionaryItems = compiled.nodes.filter((n) => n.discretionary).map((n) => n.id);
      const variables = new Set([...compiled.caseFileItems.keys(), ...conditionNames]);
      models.push({
        file: file.name,
        caseId: c.id,
        model,
        discretionaryItems: [...new Set(discretionaryItems)],
        variables: [...variables].sort(),
        literals,
        roles: compiled.roles.map((r) => r.id).filter((id): id is string => id !== undefined),
        fixture,
      });
    }
  }
  return { models, skipped, files: files.length };
}
