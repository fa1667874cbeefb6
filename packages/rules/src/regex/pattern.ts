/**
 * Regular expressions of FEEL's `matches`, `replace` and `split` (XML Schema regular expressions with
 * XPath's anchors, reluctant quantifiers and flags), compiled to a program for a Pike VM
 * ({@link ./vm.ts}): matching takes time linear in the input for a given pattern, whatever the
 * pattern — no input can make it backtrack catastrophically, because it never backtracks.
 *
 * What needs backtracking is refused with a reason: backreferences (`\1`) and lookaround
 * (`(?=`, `(?!`, `(?<=`, `(?<!`). Character escapes, classes (with ranges, negation and XML Schema
 * subtraction `[a-z-[aeiou]]`), `\p{…}` categories, `.`, groups, `(?:…)`, `^`, `$`, greedy and
 * reluctant `* + ? {n} {n,} {n,m}` are supported; `\d`, `\w`, `\s` and `.` mean what they mean in
 * JavaScript's Unicode mode, as they did when feelin ran FEEL regular expressions.
 */
import { ExpressionFailure } from '../errors.js';

/** A predicate on one code point. */
export type CharTest = (codePoint: number) => boolean;

/** One instruction of a compiled pattern. */
export type Instruction =
  | { readonly op: 'char'; readonly test: CharTest }
  | { readonly op: 'split'; readonly first: number; readonly second: number }
  | { readonly op: 'jump'; readonly to: number }
  /** Records the position in a slot: a group's start or end, or where an optional iteration starts. */
  | { readonly op: 'save'; readonly slot: number }
  | { readonly op: 'lineStart' }
  | { readonly op: 'lineEnd' }
  /** Fails unless the position moved since the slot was saved (an optional iteration may not match the empty string). */
  | { readonly op: 'progress'; readonly slot: number }
  /** Clears the groups of a repeated operand at the start of each iteration. */
  | { readonly op: 'reset'; readonly from: number; readonly to: number }
  | { readonly op: 'match' };

/**
 * A compiled pattern: its program, how many capture groups it has (group 0 is the match) and how
 * many slots a thread carries (two per group, then one register per repetition that could match
 * the empty string).
 */
export interface Program {
  readonly source: string;
  readonly flags: string;
  readonly instructions: readonly Instruction[];
  readonly groups: number;
  readonly slots: number;
  readonly multiline: boolean;
}

/** The most instructions of one compiled pattern (a `{n,m}` repeats its operand's instructions). */
const MAX_INSTRUCTIONS = 20_000;

type Node =
  | { readonly kind: 'char'; readonly test: CharTest }
  | { readonly kind: 'sequence'; readonly items: readonly Node[] }
  | { readonly kind: 'choice'; readonly options: readonly Node[] }
  | { readonly kind: 'repeat'; readonly item: Node; readonly min: number; readonly max: number; readonly greedy: boolean }
  | { readonly kind: 'group'; readonly item: Node; readonly index: number | undefined }
  | { readonly kind: 'lineStart' }
  | { readonly kind: 'lineEnd' };

const LINE_TERMINATORS: ReadonlySet<number> = new Set([0x0a, 0x0d, 0x2028, 0x2029]);

/** `\d`, `\w`, `\s` as JavaScript's Unicode mode has them; `\i` and `\c` as XML names. */
const CLASS_ESCAPES: Readonly<Record<string, CharTest>> = {
  d: (c) => c >= 0x30 && c <= 0x39,
  w: (c) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f,
  s: (c) => /\s/u.test(String.fromCodePoint(c)),
  i: (c) => c === 0x3a || c === 0x5f || /\p{L}/u.test(String.fromCodePoint(c)),
  c: (c) => c === 0x3a || c === 0x5f || c === 0x2d || c === 0x2e || /[\p{L}\p{Nd}\p{Mn}\p{Mc}]/u.test(String.fromCodePoint(c)),
};

const SINGLE_ESCAPES: Readonly<Record<string, number>> = { n: 0x0a, r: 0x0d, t: 0x09, f: 0x0c, v: 0x0b, 0: 0 };
const SYNTAX_CHARACTERS = '\\|.?*+{}()[]^$-/';

/** Parses `source` (XML Schema / XPath syntax) into a syntax tree. Throws ExpressionFailure naming the pattern. */
class Parser {
  private at = 0;
  groups = 0;

  constructor(
    private readonly source: string,
    private readonly ignoreCase: boolean,
    private readonly dotAll: boolean,
  ) {}

  fail(reason: string): never {
    throw new ExpressionFailure(`regular expression ${JSON.stringify(this.source)}: ${reason} at ${this.at}`, undefined, { pattern: this.source });
  }

  parse(): Node {
    const node = this.choice();
    if (this.at < this.source.length) this.fail(`unexpected ${JSON.stringify(this.source[this.at])}`);
    return node;
  }

  private peek(): string | undefined {
    return this.source[this.at];
  }

  private choice(): Node {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.at++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as Node) : { kind: 'choice', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    for (let next = this.peek(); next !== undefined && next !== '|' && next !== ')'; next = this.peek()) {
      items.push(this.quantified(this.atom()));
    }
    return items.length === 1 ? (items[0] as Node) : { kind: 'sequence', items };
  }

  private quantified(item: Node): Node {
    let min: number;
    let max: number;
    const next = this.peek();
    if (next === '*') [min, max] = [0, Infinity];
    else if (next === '+') [min, max] = [1, Infinity];
    else if (next === '?') [min, max] = [0, 1];
    else if (next === '{' && /^\{\d+(,\d*)?\}/.test(this.source.slice(this.at))) {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(this.at)) as RegExpExecArray;
      min = Number(match[1]);
      max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
      if (min > 1_000 || (max !== Infinity && max > 1_000)) this.fail('a repetition count above 1000');
      if (max < min) this.fail('a repetition {n,m} with m < n');
      this.at += match[0].length - 1;
    } else return item;
    this.at++;
    if (item.kind === 'lineStart' || item.kind === 'lineEnd') this.fail('a quantifier on an anchor');
    let greedy = true;
    if (this.peek() === '?') {
      greedy = false;
      this.at++;
    }
    const after = this.peek();
    if (after === '*' || after === '+' || after === '?' || (after === '{' && /^\{\d/.test(this.source.slice(this.at)))) this.fail('two quantifiers in a row');
    return { kind: 'repeat', item, min, max, greedy };
  }

  private atom(): Node {
    const char = this.peek() as string;
    switch (char) {
      case '(':
        return this.group();
      case '[':
        return this.charTest(this.characterClass());
      case '.': {
        this.at++;
        const dotAll = this.dotAll;
        return { kind: 'char', test: (c) => dotAll || !LINE_TERMINATORS.has(c) };
      }
      case '^':
        this.at++;
        return { kind: 'lineStart' };
      case '$':
        this.at++;
        return { kind: 'lineEnd' };
      case '\\':
        return this.charTest(this.escape());
      case '*':
      case '+':
      case '?':
        return this.fail(`nothing to repeat before ${JSON.stringify(char)}`);
      case '{':
      case '}':
      case ']':
        return this.fail(`${JSON.stringify(char)} must be escaped`);
      default: {
        const codePoint = this.source.codePointAt(this.at) as number;
        this.at += codePoint > 0xffff ? 2 : 1;
        return this.charTest((c) => c === codePoint);
      }
    }
  }

  private charTest(test: CharTest): Node {
    if (!this.ignoreCase) return { kind: 'char', test };
    return { kind: 'char', test: (c) => test(c) || test(foldLower(c)) || test(foldUpper(c)) };
  }

  private group(): Node {
    this.at++;
    let index: number | undefined;
    if (this.source.startsWith('?:', this.at)) this.at += 2;
    else if (this.peek() === '?') this.fail('lookaround and other (?…) groups are not supported: they need backtracking');
    else index = ++this.groups;
    const item = this.choice();
    if (this.peek() !== ')') this.fail('a group is not closed');
    this.at++;
    return { kind: 'group', item, index };
  }

  /** An escape at `\`: a class escape, a category, or one character (as a test). */
  private escape(): CharTest {
    const single = this.singleEscape();
    if (single !== undefined) return (c) => c === single;
    const char = this.source[this.at + 1];
    if (char === undefined) return this.fail('a pattern may not end with \\');
    this.at += 2;
    const lower = char.toLowerCase();
    if (Object.hasOwn(CLASS_ESCAPES, lower)) {
      const test = CLASS_ESCAPES[lower] as CharTest;
      return char === lower ? test : (c) => !test(c);
    }
    if (lower === 'p') return this.category(char === 'P');
    if (/[1-9]/.test(char)) return this.fail('backreferences are not supported: they need backtracking');
    return this.fail(`unknown escape \\${char}`);
  }

  /** The code point of a one-character escape at `\` (`\n`, `\.`, `\u00E9`), consumed; else undefined. */
  private singleEscape(): number | undefined {
    const char = this.source[this.at + 1];
    if (char === undefined) return undefined;
    if (Object.hasOwn(SINGLE_ESCAPES, char)) {
      this.at += 2;
      return SINGLE_ESCAPES[char] as number;
    }
    if (SYNTAX_CHARACTERS.includes(char)) {
      this.at += 2;
      return char.codePointAt(0) as number;
    }
    if (char !== 'u') return undefined;
    const match = /^(?:\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{4}))/.exec(this.source.slice(this.at + 2));
    if (match === null) return this.fail('\\u needs four hexadecimal digits');
    this.at += 2 + match[0].length;
    return Number.parseInt(match[1] ?? (match[2] as string), 16);
  }

  /** `\p{L}`, `\p{Lu}`, `\P{N}`: Unicode general categories (blocks, `\p{IsBasicLatin}`, are not supported). */
  private category(negated: boolean): CharTest {
    const match = /^\{([A-Za-z]{1,2})\}/.exec(this.source.slice(this.at));
    if (match === null) return this.fail('\\p needs a Unicode general category such as {L} or {Nd}');
    this.at += match[0].length;
    let regex: RegExp;
    try {
      regex = new RegExp(`^\\p{${match[1]}}$`, 'u');
    } catch {
      return this.fail(`unknown Unicode category ${JSON.stringify(match[1])}`);
    }
    return negated ? (c) => !regex.test(String.fromCodePoint(c)) : (c) => regex.test(String.fromCodePoint(c));
  }

  /** `[…]`, `[^…]`, with ranges, escapes and a subtraction `-[…]` at the end. */
  private characterClass(): CharTest {
    this.at++;
    let negated = false;
    if (this.peek() === '^') {
      negated = true;
      this.at++;
    }
    const tests: CharTest[] = [];
    let subtracted: CharTest | undefined;
    let first = true;
    for (;;) {
      const char = this.peek();
      if (char === undefined) return this.fail('a character class is not closed');
      if (char === ']' && !first) break;
      if (char === '-' && this.source[this.at + 1] === '[') {
        this.at++;
        subtracted = this.characterClass();
        if (this.peek() !== ']') this.fail('a subtraction must end its character class');
        break;
      }
      if (char === '[') this.fail('"[" must be escaped in a character class');
      first = false;
      const low = this.classCharacter();
      if (typeof low === 'function') {
        tests.push(low);
        continue;
      }
      if (this.peek() === '-' && this.source[this.at + 1] !== ']' && this.source[this.at + 1] !== '[') {
        this.at++;
        const high = this.classCharacter();
        if (typeof high === 'function') return this.fail('a range must end at a character');
        if (high < low) this.fail('a range out of order');
        tests.push((c) => c >= low && c <= high);
      } else tests.push((c) => c === low);
    }
    this.at++;
    const any: CharTest = (c) => tests.some((test) => test(c));
    const included: CharTest = subtracted === undefined ? any : (c) => any(c) && !(subtracted as CharTest)(c);
    return negated ? (c) => !included(c) : included;
  }

  /** One member of a class: a code point, or a class escape as a test. */
  private classCharacter(): number | CharTest {
    if (this.peek() === '\\') return this.singleEscape() ?? this.escape();
    const codePoint = this.source.codePointAt(this.at) as number;
    this.at += codePoint > 0xffff ? 2 : 1;
    return codePoint;
  }
}

function foldLower(c: number): number {
  const folded = String.fromCodePoint(c).toLowerCase();
  return folded.length === 1 || (folded.length === 2 && (folded.codePointAt(0) as number) > 0xffff) ? (folded.codePointAt(0) as number) : c;
}

function foldUpper(c: number): number {
  const folded = String.fromCodePoint(c).toUpperCase();
  return folded.length === 1 || (folded.length === 2 && (folded.codePointAt(0) as number) > 0xffff) ? (folded.codePointAt(0) as number) : c;
}

/** Whether a node can match the empty string. */
function nullable(node: Node): boolean {
  switch (node.kind) {
    case 'char':
      return false;
    case 'lineStart':
    case 'lineEnd':
      return true;
    case 'sequence':
      return node.items.every(nullable);
    case 'choice':
      return node.options.some(nullable);
    case 'repeat':
      return node.min === 0 || nullable(node.item);
    case 'group':
      return nullable(node.item);
  }
}

/** The capture groups inside a node: [first, last] indexes, or undefined. */
function groupsIn(node: Node): [number, number] | undefined {
  const children: readonly Node[] = node.kind === 'sequence' ? node.items : node.kind === 'choice' ? node.options : node.kind === 'repeat' || node.kind === 'group' ? [node.item] : [];
  let range: [number, number] | undefined = node.kind === 'group' && node.index !== undefined ? [node.index, node.index] : undefined;
  for (const child of children) {
    const inner = groupsIn(child);
    if (inner !== undefined) range = range === undefined ? inner : [Math.min(range[0], inner[0]), Math.max(range[1], inner[1])];
  }
  return range;
}

/** Emits a node's instructions. */
class Emitter {
  readonly code: Instruction[] = [];
  /** The next free slot for a register, after the groups' slots. */
  slots: number;

  constructor(
    private readonly source: string,
    groups: number,
  ) {
    this.slots = (groups + 1) * 2;
  }

  private push(instruction: Instruction): number {
    if (this.code.length >= MAX_INSTRUCTIONS) {
      throw new ExpressionFailure(`regular expression ${JSON.stringify(this.source)}: too large once its repetitions are expanded (more than ${MAX_INSTRUCTIONS} instructions)`, undefined, {
        pattern: this.source,
      });
    }
    this.code.push(instruction);
    return this.code.length - 1;
  }

  private patch(at: number, instruction: Instruction): void {
    this.code[at] = instruction;
  }

  emit(node: Node): void {
    switch (node.kind) {
      case 'char':
        this.push({ op: 'char', test: node.test });
        return;
      case 'lineStart':
        this.push({ op: 'lineStart' });
        return;
      case 'lineEnd':
        this.push({ op: 'lineEnd' });
        return;
      case 'sequence':
        for (const item of node.items) this.emit(item);
        return;
      case 'group':
        if (node.index !== undefined) this.push({ op: 'save', slot: node.index * 2 });
        this.emit(node.item);
        if (node.index !== undefined) this.push({ op: 'save', slot: node.index * 2 + 1 });
        return;
      case 'choice': {
        const jumps: number[] = [];
        node.options.forEach((option, index) => {
          if (index === node.options.length - 1) {
            this.emit(option);
            return;
          }
          const split = this.push({ op: 'match' });
          this.emit(option);
          jumps.push(this.push({ op: 'match' }));
          this.patch(split, { op: 'split', first: split + 1, second: this.code.length });
        });
        for (const jump of jumps) this.patch(jump, { op: 'jump', to: this.code.length });
        return;
      }
      case 'repeat':
        this.repeat(node.item, node.min, node.max, node.greedy);
        return;
    }
  }

  /**
   * One iteration of a repetition, as ECMAScript's RepeatMatcher has it: the operand's groups are
   * cleared first, and an optional iteration that matches the empty string fails.
   */
  private iteration(item: Node, optional: boolean): void {
    const groups = groupsIn(item);
    if (groups !== undefined) this.push({ op: 'reset', from: groups[0] * 2, to: groups[1] * 2 + 2 });
    const register = optional && nullable(item) ? this.slots++ : undefined;
    if (register !== undefined) this.push({ op: 'save', slot: register });
    this.emit(item);
    if (register !== undefined) this.push({ op: 'progress', slot: register });
  }

  private optional(item: Node, greedy: boolean): void {
    const split = this.push({ op: 'match' });
    this.iteration(item, true);
    this.patch(split, this.choose(split + 1, this.code.length, greedy));
  }

  private choose(taken: number, skipped: number, greedy: boolean): Instruction {
    return greedy ? { op: 'split', first: taken, second: skipped } : { op: 'split', first: skipped, second: taken };
  }

  private repeat(item: Node, min: number, max: number, greedy: boolean): void {
    for (let i = 0; i < min; i++) this.iteration(item, false);
    if (max === Infinity) {
      const split = this.push({ op: 'match' });
      this.iteration(item, true);
      this.push({ op: 'jump', to: split });
      this.patch(split, this.choose(split + 1, this.code.length, greedy));
      return;
    }
    for (let i = min; i < max; i++) this.optional(item, greedy);
  }
}

/**
 * Compiles a FEEL regular expression with its flags (`s`, `m`, `i`, `x`, `q`). Throws
 * ExpressionFailure (with `pattern`) for a syntax error, what needs backtracking, an unknown flag
 * or a pattern too large.
 */
export function compilePattern(source: string, flags: string, maxLength: number): Program {
  const fail = (reason: string): never => {
    throw new ExpressionFailure(`regular expression ${JSON.stringify(source.length > 80 ? `${source.slice(0, 80)}…` : source)}: ${reason}`, undefined, {
      pattern: source,
      ...(reason.startsWith('longer') ? { limit: 'maxPatternLength' as const } : {}),
    });
  };
  if (source.length > maxLength) fail(`longer than ${maxLength} characters`);
  const unknown = flags.replace(/[smixq]/g, '');
  if (unknown !== '') fail(`unknown flag ${JSON.stringify(unknown)} (FEEL knows s, m, i, x and q)`);
  let text = source;
  if (flags.includes('q')) text = [...source].map((char) => (SYNTAX_CHARACTERS.includes(char) ? `\\${char}` : char)).join('');
  else if (flags.includes('x')) text = stripWhitespace(source);
  const parser = new Parser(text, flags.includes('i'), flags.includes('s'));
  const tree = parser.parse();
  const emitter = new Emitter(source, parser.groups);
  emitter.emit({ kind: 'group', item: tree, index: 0 });
  emitter.code.push({ op: 'match' });
  return { source, flags, instructions: emitter.code, groups: parser.groups, slots: emitter.slots, multiline: flags.includes('m') };
}

/** The `x` flag: whitespace outside character classes is removed. */
function stripWhitespace(source: string): string {
  let result = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (char === '\\') {
      result += source.slice(i, i + 2);
      i++;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    if (!inClass && /[\t\n\r ]/.test(char)) continue;
    result += char;
  }
  return result;
}

/** Whether a code point ends a line (for `^` and `$` under the `m` flag). */
export function isLineTerminator(codePoint: number): boolean {
  return LINE_TERMINATORS.has(codePoint);
}
