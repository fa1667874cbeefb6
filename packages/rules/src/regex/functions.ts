/**
 * FEEL's regular-expression functions — `matches`, `replace`, `split` — on casekit's linear-time
 * engine, with the results feelin gave with JavaScript regular expressions (`$0`…`$99`, `$&`,
 * `$$` in replacements; JavaScript's `split`, groups included). Inputs are bounded by
 * `maxStringLength`, patterns by `maxPatternLength`, and the work by the step budget.
 */
import type { Budget } from '../budget.js';
import { compilePattern, type Program } from './pattern.js';
import { search, searchState, type Slots } from './vm.js';

/** How many compiled patterns are kept (the least recently compiled are dropped first). */
const CACHE_SIZE = 256;
const cache = new Map<string, Program>();

/**
 * The compiled form of a pattern with its flags, from the cache when compiled before. Throws
 * ExpressionFailure (with `pattern`) when the pattern is refused.
 */
export function regexProgram(pattern: string, flags: string, maxPatternLength: number): Program {
  const key = `${flags}\u0000${pattern}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const program = compilePattern(pattern, flags, maxPatternLength);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, program);
  return program;
}

/** The code units one position after `at` (a code point is one or two). */
function advance(input: string, at: number): number {
  return at + ((input.codePointAt(at) ?? 0) > 0xffff ? 2 : 1);
}

function group(input: string, slots: Slots, index: number): string | undefined {
  const start = slots[index * 2] as number;
  const end = slots[index * 2 + 1] as number;
  return start < 0 || end < 0 ? undefined : input.slice(start, end);
}

/** FEEL `matches(input, pattern, flags)`: whether some part of `input` matches. */
export function regexMatches(input: string, pattern: string, flags: string, budget: Budget): boolean {
  const program = regexProgram(pattern, flags, budget.limits.maxPatternLength);
  budget.text(input.length, 'the input of matches');
  return search(program, input, 0, budget) !== null;
}

/** JavaScript's GetSubstitution, after feelin's `$0` → `$&`. */
function substitute(replacement: string, input: string, slots: Slots, groups: number): string {
  let result = '';
  for (let i = 0; i < replacement.length; i++) {
    const char = replacement[i] as string;
    const next = replacement[i + 1];
    if (char !== '$' || next === undefined) {
      result += char;
      continue;
    }
    if (next === '$') {
      result += '$';
      i++;
    } else if (next === '&' || next === '0') {
      result += group(input, slots, 0) ?? '';
      i++;
    } else if (next === '`') {
      result += input.slice(0, slots[0]);
      i++;
    } else if (next === "'") {
      result += input.slice(slots[1]);
      i++;
    } else if (/[0-9]/.test(next)) {
      const two = replacement.slice(i + 1, i + 3);
      const [index, digits] = /^[0-9]{2}$/.test(two) && Number(two) >= 1 && Number(two) <= groups ? [Number(two), 2] : [Number(next), 1];
      if (index >= 1 && index <= groups) {
        result += group(input, slots, index) ?? '';
        i += digits;
      } else result += char;
    } else result += char;
  }
  return result;
}

/** FEEL `replace(input, pattern, replacement, flags)`: every match replaced. */
export function regexReplace(input: string, pattern: string, replacement: string, flags: string, budget: Budget): string {
  const program = regexProgram(pattern, flags, budget.limits.maxPatternLength);
  budget.text(input.length, 'the input of replace');
  const state = searchState(program);
  const parts: string[] = [];
  let length = 0;
  let last = 0;
  for (let from = 0; from <= input.length; ) {
    const slots = search(program, input, from, budget, state);
    if (slots === null) break;
    const start = slots[0] as number;
    const end = slots[1] as number;
    const piece = input.slice(last, start) + substitute(replacement, input, slots, program.groups);
    length += piece.length;
    if (length > budget.limits.maxStringLength) budget.text(length + input.length - end, 'the result of replace');
    parts.push(piece);
    last = end;
    from = end === start ? (end < input.length ? advance(input, end) : end + 1) : end;
  }
  parts.push(input.slice(last));
  return parts.join('');
}

/** FEEL `split(string, delimiter)`: JavaScript's `split` with the pattern (its groups spliced in). */
export function regexSplit(input: string, pattern: string, budget: Budget): (string | null)[] {
  const program = regexProgram(pattern, '', budget.limits.maxPatternLength);
  budget.text(input.length, 'the input of split');
  if (input.length === 0) return search(program, input, 0, budget) === null ? [''] : [];
  const state = searchState(program);
  const result: (string | null)[] = [];
  let previous = 0;
  for (let from = 0; from < input.length; ) {
    const slots = search(program, input, from, budget, state);
    if (slots === null) break;
    const start = slots[0] as number;
    const end = slots[1] as number;
    if (start >= input.length) break;
    if (end === previous) {
      from = advance(input, start);
      continue;
    }
    result.push(input.slice(previous, start));
    for (let index = 1; index <= program.groups; index++) result.push(group(input, slots, index) ?? null);
    if (result.length > budget.limits.maxCollectionLength) budget.collection(result.length, 'the result of split');
    previous = end;
    from = end;
  }
  result.push(input.slice(previous));
  return result;
}
