/**
 * The EL tokenizer: turns the text of one `${…}` (or a bare EL body) into tokens.
 */
import { ExpressionFailure } from '../errors.js';

/** The kinds of EL tokens. */
export type TokenType = 'number' | 'string' | 'identifier' | 'keyword' | 'punctuator' | 'end';

/** One EL token; `start`/`end` are offsets into the whole expression body. */
export interface Token {
  readonly type: TokenType;
  /** Punctuator or keyword text, identifier name, decoded string value, number text. */
  readonly value: string;
  /** The numeric value of a number token. */
  readonly number: number;
  readonly start: number;
  readonly end: number;
}

/** EL reserved words (EL 2.2 §1.17). */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'true',
  'false',
  'null',
  'and',
  'or',
  'not',
  'eq',
  'ne',
  'lt',
  'gt',
  'le',
  'ge',
  'empty',
  'div',
  'mod',
  'instanceof',
]);

const IDENTIFIER = /[\p{L}_$][\p{L}\p{N}_$]*/uy;
const NUMBER = /(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /\s+/y;
const TWO_CHAR = new Set(['==', '!=', '<=', '>=', '&&', '||']);
const ONE_CHAR = new Set(['(', ')', '[', ']', '.', ',', '?', ':', '<', '>', '!', '+', '-', '*', '/', '%', '}']);

/**
 * Tokenizes `source` from `start`. In `template` mode the expression ends at the first `}` outside
 * a string (the `}` becomes the `end` token); in `bare` mode it ends at the end of the source.
 *
 * @returns the tokens (the last one of type `end`) and the offset just after the expression.
 */
export function tokenize(source: string, start: number, mode: 'template' | 'bare'): { tokens: Token[]; next: number } {
  const tokens: Token[] = [];
  let i = start;
  const length = source.length;
  for (;;) {
    WHITESPACE.lastIndex = i;
    if (WHITESPACE.test(source)) i = WHITESPACE.lastIndex;
    if (i >= length) {
      if (mode === 'template') throw new ExpressionFailure("unterminated expression: missing '}'", i);
      tokens.push({ type: 'end', value: '', number: 0, start: i, end: i });
      return { tokens, next: i };
    }
    const c = source[i] as string;
    if (c === '}') {
      if (mode === 'bare') throw new ExpressionFailure("unexpected '}'", i);
      tokens.push({ type: 'end', value: '}', number: 0, start: i, end: i + 1 });
      return { tokens, next: i + 1 };
    }
    if (c === "'" || c === '"') {
      const { value, next } = readString(source, i);
      tokens.push({ type: 'string', value, number: 0, start: i, end: next });
      i = next;
      continue;
    }
    if ((c >= '0' && c <= '9') || (c === '.' && isDigit(source.charCodeAt(i + 1)))) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(source);
      const text = (match as RegExpExecArray)[0];
      tokens.push({ type: 'number', value: text, number: Number(text), start: i, end: i + text.length });
      i += text.length;
      continue;
    }
    IDENTIFIER.lastIndex = i;
    const word = IDENTIFIER.exec(source);
    if (word !== null) {
      const text = word[0];
      tokens.push({ type: KEYWORDS.has(text) ? 'keyword' : 'identifier', value: text, number: 0, start: i, end: i + text.length });
      i += text.length;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (TWO_CHAR.has(two)) {
      tokens.push({ type: 'punctuator', value: two, number: 0, start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if (ONE_CHAR.has(c)) {
      tokens.push({ type: 'punctuator', value: c, number: 0, start: i, end: i + 1 });
      i += 1;
      continue;
    }
    throw new ExpressionFailure(`unexpected character ${describeChar(source, i)} at ${i}`, i);
  }
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Reads a quoted string at `start`: the EL escapes are `\\`, `\'` and `\"`. */
function readString(source: string, start: number): { value: string; next: number } {
  const quote = source.charCodeAt(start);
  const parts: string[] = [];
  let chunk = start + 1;
  for (let i = chunk; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code === quote) {
      parts.push(source.slice(chunk, i));
      return { value: parts.join(''), next: i + 1 };
    }
    if (code === 92 /* \\ */) {
      const escaped = source[i + 1];
      if (escaped !== '\\' && escaped !== "'" && escaped !== '"') {
        const shown = escaped === undefined ? 'end of input' : describeChar(source, i + 1);
        throw new ExpressionFailure(`invalid escape sequence in string at ${i}: \\ followed by ${shown}`, i);
      }
      parts.push(source.slice(chunk, i), escaped);
      i += 1;
      chunk = i + 1;
    }
  }
  throw new ExpressionFailure(`unterminated string starting at ${start}`, start);
}

function describeChar(source: string, at: number): string {
  const code = source.codePointAt(at) ?? 0;
  const char = String.fromCodePoint(code);
  return code < 32 || code === 127 ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `'${char}'`;
}
