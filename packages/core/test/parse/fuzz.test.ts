/**
 * Fuzzing the parser with mutated corpus files: whatever the input, `parseCmmn` returns a model or
 * throws a `ModelError` — never a TypeError, a RangeError or any other exception — and a model it
 * returns can be exported and read back.
 *
 * The seed is random unless `CASEKIT_FUZZ_SEED` is set; a failure prints the seed to rerun with.
 * `CASEKIT_FUZZ_RUNS` scales the number of cases (default 10,000 mutated files, 1,000 of them also
 * exported and read back). About 15 s on an idle 2-core machine.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CmmnModel, ModelError, parseCmmn, toCmmnXml } from '@casekit/core';
import { allModelFiles } from '../corpus-files.js';

const SEED = process.env['CASEKIT_FUZZ_SEED'] === undefined ? Date.now() ^ (Math.random() * 0x7fffffff) : Number(process.env['CASEKIT_FUZZ_SEED']);
const SCALE = process.env['CASEKIT_FUZZ_RUNS'] === undefined ? 1 : Number(process.env['CASEKIT_FUZZ_RUNS']) / 10_000;
const MUTATION_RUNS = Math.max(1, Math.round(10_000 * SCALE));
const ROUND_TRIP_RUNS = Math.max(1, Math.round(1_000 * SCALE));
/** Generous: a loaded CI machine must not turn a slow run into a failure. */
const TIMEOUT = Math.max(240_000, 30 * MUTATION_RUNS);

const files = allModelFiles().map((f) => f.xml);

/** Ids declared in a file, the targets of the "point a reference elsewhere" mutation. */
const idsOf = (xml: string): string[] => [...xml.matchAll(/\bid="([^"]*)"/g)].map((m) => m[1]!);

/** Start offsets of start tags (`<name`) in a file. */
const startTags = (xml: string): number[] => [...xml.matchAll(/<[A-Za-z_]/g)].map((m) => m.index);

/** The end offset of the element starting at `start` (a balanced scan; the text end if unbalanced). */
function elementEnd(xml: string, start: number): number {
  let depth = 0;
  const tag = /<(\/?)[^>]*?(\/?)>/g;
  tag.lastIndex = start;
  for (let m = tag.exec(xml); m !== null; m = tag.exec(xml)) {
    if (m[0].startsWith('<!') || m[0].startsWith('<?')) continue;
    if (m[1] === '/') depth--;
    else if (m[2] !== '/') depth++;
    if (depth <= 0) return m.index + m[0].length;
  }
  return xml.length;
}

/** A mutation of the text, built from random natural numbers (positions and choices modulo a length). */
type Mutation = (xml: string) => string;

/** A random natural number; `fc.double` would not do: it favours values near 0, i.e. the file's start. */
const natural = fc.nat();
const at = (xml: string, n: number): number => n % (xml.length + 1);
const pick = <T,>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

const INSERTS = ['<', '>', '"', "'", '&', '/', '=', '&amp;', '&foo;', '&#0;', '<![CDATA[', ']]>', '<!--', '-->', '<?x?>', '\u0000', '\uFFFF', '\uD800'];

/** One character replaced by an arbitrary one (a "byte flip"). */
const flip = fc.tuple(natural, fc.integer({ min: 0, max: 0xffff })).map(([n, code]): Mutation => (xml) => {
  const i = at(xml, n);
  return xml.slice(0, i) + String.fromCharCode(code) + xml.slice(i + 1);
});

/** A short span deleted. */
const deletion = fc.tuple(natural, fc.integer({ min: 1, max: 40 })).map(([n, length]): Mutation => (xml) => {
  const i = at(xml, n);
  return xml.slice(0, i) + xml.slice(i + length);
});

/** Markup characters inserted. */
const insertion = fc.tuple(natural, fc.constantFrom(...INSERTS)).map(([n, text]): Mutation => (xml) => {
  const i = at(xml, n);
  return xml.slice(0, i) + text + xml.slice(i);
});

/** The text cut short. */
const truncation = natural.map((n): Mutation => (xml) => xml.slice(0, at(xml, n)));

/** Two start tags exchange their names. */
const tagSwap = fc.tuple(natural, natural).map(([n1, n2]): Mutation => (xml) => {
  const names = [...xml.matchAll(/<([A-Za-z_][\w:.-]*)/g)];
  const a = pick(names, n1);
  const b = pick(names, n2);
  if (a === undefined || b === undefined || a.index === b.index) return xml;
  const [first, second] = a.index < b.index ? [a, b] : [b, a];
  return (
    xml.slice(0, first.index + 1) +
    second[1] +
    xml.slice(first.index + 1 + first[1]!.length, second.index + 1) +
    first[1] +
    xml.slice(second.index + 1 + second[1]!.length)
  );
});

/** An attribute value changed to an id declared elsewhere in the file (wrong kinds, out of reach). */
const retarget = fc.tuple(natural, natural).map(([n1, n2]): Mutation => (xml) => {
  const values = [...xml.matchAll(/\b([\w:]+)="([^"]*)"/g)].filter((m) => !m[1]!.startsWith('xmlns'));
  const target = pick(values, n1);
  const id = pick(idsOf(xml), n2);
  if (target === undefined || id === undefined) return xml;
  const start = target.index + target[1]!.length + 2;
  return xml.slice(0, start) + id + xml.slice(start + target[2]!.length);
});

/** A whole element duplicated in place (duplicate ids, a second casePlanModel, …). */
const duplication = natural.map((n): Mutation => (xml) => {
  const start = pick(startTags(xml), n);
  if (start === undefined) return xml;
  const end = elementEnd(xml, start);
  return xml.slice(0, end) + xml.slice(start, end) + xml.slice(end);
});

/** A whole element removed (dangling references, missing parts). */
const removal = natural.map((n): Mutation => (xml) => {
  const start = pick(startTags(xml), n);
  if (start === undefined) return xml;
  return xml.slice(0, start) + xml.slice(elementEnd(xml, start));
});

/** Any mutation; those that keep the XML well-formed weigh more, so that pass 2 and the validator see many of them. */
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: flip },
  { weight: 2, arbitrary: deletion },
  { weight: 2, arbitrary: insertion },
  { weight: 1, arbitrary: truncation },
  { weight: 2, arbitrary: tagSwap },
  { weight: 3, arbitrary: retarget },
  { weight: 3, arbitrary: duplication },
  { weight: 3, arbitrary: removal },
);

/** A corpus file with one to three mutations applied. */
const mutatedFile = fc
  .tuple(fc.integer({ min: 0, max: files.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([index, mutations]) => mutations.reduce((xml, mutate) => mutate(xml), files[index]!));

/** What parsing gave: a model, or the ModelError. Anything else is thrown on. */
function parseOrModelError(xml: string): CmmnModel | ModelError {
  try {
    return parseCmmn(xml);
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
}

/**
 * A copy of a model tree without the `prefix` of kept XML elements and attributes: the exporter
 * keeps namespace URIs but may pick other prefixes (when the file's prefix names another namespace).
 */
function withoutPrefixes(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  if (Array.isArray(value)) {
    const copy: unknown[] = [];
    seen.set(value, copy);
    for (const item of value) copy.push(withoutPrefixes(item, seen));
    return copy;
  }
  const copy: Record<string, unknown> = {};
  seen.set(value, copy);
  for (const [key, item] of Object.entries(value)) if (key !== 'prefix') copy[key] = withoutPrefixes(item, seen);
  return copy;
}

function assertWithSeed(property: fc.IProperty<[string]>, numRuns: number): void {
  try {
    fc.assert(property, { seed: SEED, numRuns, endOnFailure: false });
  } catch (error) {
    console.error(`fuzz.test.ts failed with seed ${SEED}; rerun with CASEKIT_FUZZ_SEED=${SEED}`);
    throw error;
  }
}

describe(`parser fuzzing (seed ${SEED})`, () => {
  it('has corpus files to mutate', () => {
    expect(files.length).toBeGreaterThan(200);
  });

  it(`parseCmmn returns a model or throws ModelError on ${MUTATION_RUNS} mutated files`, () => {
    assertWithSeed(
      fc.property(mutatedFile, (xml) => {
        const outcome = parseOrModelError(xml);
        if (outcome instanceof ModelError) {
          expect(outcome.problems.length).toBeGreaterThan(0);
          expect(outcome.problems.some((p) => p.severity === 'error')).toBe(true);
        } else {
          expect(outcome).toBeInstanceOf(CmmnModel);
          expect(outcome.errors).toEqual([]);
        }
      }),
      MUTATION_RUNS,
    );
  }, TIMEOUT);

  it(`a model read from a mutated file exports to XML that reads back equal (${ROUND_TRIP_RUNS} files)`, () => {
    assertWithSeed(
      fc.property(mutatedFile, (xml) => {
        const outcome = parseOrModelError(xml);
        if (outcome instanceof ModelError) return;
        const exported = toCmmnXml(outcome);
        const again = parseCmmn(exported);
        expect(withoutPrefixes(again.definitions)).toEqual(withoutPrefixes(outcome.definitions));
        expect(toCmmnXml(again)).toBe(exported);
      }),
      ROUND_TRIP_RUNS,
    );
  }, TIMEOUT);

  it('the fuzzer reaches every pass: models, malformed XML and errors of pass 2', () => {
    const outcomes = fc.sample(mutatedFile, { seed: SEED, numRuns: 500 }).map(parseOrModelError);
    const models = outcomes.filter((o) => o instanceof CmmnModel).length;
    const codes = new Set(outcomes.flatMap((o) => (o instanceof ModelError ? o.problems.map((p) => p.code) : [])));
    expect(models).toBeGreaterThan(50);
    expect(codes).toContain('MalformedXml');
    expect(codes).toContain('DuplicateId');
    expect(codes).toContain('UnresolvedReference');
  });
});
