/**
 * The EL parser: a recursive-descent parser from tokens to the syntax tree (EL 2.2 §1.17
 * precedence), with bounded nesting.
 */
import { FORBIDDEN_NAMES } from '../context.js';
import { ExpressionFailure } from '../errors.js';
import { EXPRESSION_LIMITS } from '../limits.js';
import type { BinaryOperator, ElNode, ElTemplate, UnaryOperator } from './ast.js';
import { PSEUDO_METHODS, PSEUDO_RECEIVERS } from './flowable.js';
import { tokenize, type Token } from './tokenizer.js';

/**
 * Parses an EL body. With `${…}` or `#{…}` in it, the body is a template (text and
 * expressions; `\${` is a literal `${`); without, the whole body is one EL expression.
 */
export function parseEl(source: string): ElTemplate {
  if (!source.includes('${') && !source.includes('#{')) {
    const { tokens } = tokenize(source, 0, 'bare');
    return { parts: [new Parser(tokens).parseWhole()], composite: false };
  }
  const parts: (string | ElNode)[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\' && (source.startsWith('${', i + 1) || source.startsWith('#{', i + 1))) {
      text += source.slice(i + 1, i + 3);
      i += 3;
      continue;
    }
    if ((c === '$' || c === '#') && source[i + 1] === '{') {
      if (text !== '') parts.push(text);
      text = '';
      const { tokens, next } = tokenize(source, i + 2, 'template');
      parts.push(new Parser(tokens).parseWhole());
      i = next;
      continue;
    }
    const nextSpecial = findNextSpecial(source, i + 1);
    text += source.slice(i, nextSpecial);
    i = nextSpecial;
  }
  if (text !== '') parts.push(text);
  if (parts.length === 0) parts.push('');
  const composite = !(parts.length === 1 && typeof parts[0] !== 'string');
  return { parts, composite };
}

/** The next offset at or after `from` that may start `${`, `#{` or `\${`. */
function findNextSpecial(source: string, from: number): number {
  for (let i = from; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 36 /* $ */ || c === 35 /* # */ || c === 92 /* \ */) return i;
  }
  return source.length;
}

const EQUALITY: Readonly<Record<string, BinaryOperator>> = { '==': '==', '!=': '!=', eq: '==', ne: '!=' };
const RELATIONAL: Readonly<Record<string, BinaryOperator>> = {
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
  lt: '<',
  gt: '>',
  le: '<=',
  ge: '>=',
};
const ADDITIVE: Readonly<Record<string, BinaryOperator>> = { '+': '+', '-': '-' };
const MULTIPLICATIVE: Readonly<Record<string, BinaryOperator>> = { '*': '*', '/': '/', div: '/', '%': '%', mod: '%' };
const UNARY: Readonly<Record<string, UnaryOperator>> = { '-': '-', '!': '!', not: '!', empty: 'empty' };

function depthOf(...children: readonly ElNode[]): number {
  let max = 0;
  for (const child of children) if (child.depth > max) max = child.depth;
  const depth = max + 1;
  if (depth > EXPRESSION_LIMITS.maxDepth) {
    throw new ExpressionFailure(`expression nested too deeply (more than ${EXPRESSION_LIMITS.maxDepth} levels)`);
  }
  return depth;
}

function checkName(name: string, at: number): void {
  if (FORBIDDEN_NAMES.has(name)) throw new ExpressionFailure(`access to '${name}' is not allowed`, at);
}

class Parser {
  private index = 0;
  private nesting = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  /** One expression followed by the `end` token. */
  parseWhole(): ElNode {
    const first = this.peek();
    if (first.type === 'end') throw new ExpressionFailure('empty expression', first.start);
    const node = this.parseExpression();
    const last = this.peek();
    if (last.type !== 'end') throw this.unexpected(last);
    return node;
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  private advance(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index += 1;
    return token;
  }

  /** The operator text of the next token when it is a punctuator or keyword, else ''. */
  private operator(): string {
    const token = this.peek();
    return token.type === 'punctuator' || token.type === 'keyword' ? token.value : '';
  }

  private expect(value: string): Token {
    const token = this.peek();
    if ((token.type === 'punctuator' || token.type === 'end') && token.value === value) return this.advance();
    throw new ExpressionFailure(`expected '${value}' but found ${describe(token)} at ${token.start}`, token.start);
  }

  private unexpected(token: Token): ExpressionFailure {
    if (token.type === 'end') return new ExpressionFailure(`unexpected end of expression at ${token.start}`, token.start);
    return new ExpressionFailure(`unexpected ${describe(token)} at ${token.start}`, token.start);
  }

  private enter(at: number): void {
    this.nesting += 1;
    if (this.nesting > EXPRESSION_LIMITS.maxDepth) {
      throw new ExpressionFailure(`expression nested too deeply (more than ${EXPRESSION_LIMITS.maxDepth} levels)`, at);
    }
  }

  private leave(): void {
    this.nesting -= 1;
  }

  private parseExpression(): ElNode {
    this.enter(this.peek().start);
    const test = this.parseOr();
    let result = test;
    if (this.operator() === '?') {
      this.advance();
      const consequent = this.parseExpression();
      this.expect(':');
      const alternate = this.parseExpression();
      result = { kind: 'Conditional', test, consequent, alternate, start: test.start, depth: depthOf(test, consequent, alternate) };
    }
    this.leave();
    return result;
  }

  private parseOr(): ElNode {
    return this.parseLogical('||', 'or', () => this.parseAnd());
  }

  private parseAnd(): ElNode {
    return this.parseLogical('&&', 'and', () => this.parseEquality());
  }

  private parseLogical(symbol: '&&' | '||', word: string, operand: () => ElNode): ElNode {
    const first = operand();
    let op = this.operator();
    if (op !== symbol && op !== word) return first;
    const operands = [first];
    while (op === symbol || op === word) {
      this.advance();
      operands.push(operand());
      op = this.operator();
    }
    return { kind: 'Logical', operator: symbol, operands, start: first.start, depth: depthOf(...operands) };
  }

  private parseBinary(table: Readonly<Record<string, BinaryOperator>>, operand: () => ElNode): ElNode {
    let left = operand();
    for (;;) {
      const op = this.operator();
      const operator = Object.hasOwn(table, op) ? table[op] : undefined;
      if (operator === undefined) return left;
      this.advance();
      const right = operand();
      left = { kind: 'Binary', operator, left, right, start: left.start, depth: depthOf(left, right) };
    }
  }

  private parseEquality(): ElNode {
    return this.parseBinary(EQUALITY, () => this.parseRelational());
  }

  private parseRelational(): ElNode {
    const node = this.parseBinary(RELATIONAL, () => this.parseAdditive());
    if (this.operator() === 'instanceof') {
      throw new ExpressionFailure(`'instanceof' is not supported (at ${this.peek().start})`, this.peek().start);
    }
    return node;
  }

  private parseAdditive(): ElNode {
    return this.parseBinary(ADDITIVE, () => this.parseMultiplicative());
  }

  private parseMultiplicative(): ElNode {
    return this.parseBinary(MULTIPLICATIVE, () => this.parseUnary());
  }

  private parseUnary(): ElNode {
    const op = this.operator();
    const operator = Object.hasOwn(UNARY, op) ? UNARY[op] : undefined;
    if (operator === undefined) return this.parsePostfix();
    const token = this.advance();
    this.enter(token.start);
    const argument = this.parseUnary();
    this.leave();
    if (operator === '-' && argument.kind === 'Literal' && typeof argument.value === 'number') {
      return { kind: 'Literal', value: -argument.value, start: token.start, depth: 1 };
    }
    return { kind: 'Unary', operator, argument, start: token.start, depth: depthOf(argument) };
  }

  private parsePostfix(): ElNode {
    let node = this.parsePrimary();
    for (;;) {
      const op = this.operator();
      if (op === '.') {
        this.advance();
        const name = this.peek();
        if (name.type !== 'identifier' && name.type !== 'keyword') {
          throw new ExpressionFailure(`expected a property name after '.' but found ${describe(name)} at ${name.start}`, name.start);
        }
        this.advance();
        checkName(name.value, name.start);
        if (this.operator() === '(') {
          node = this.parseMethodCall(node, name);
          continue;
        }
        node = { kind: 'Member', object: node, property: name.value, start: node.start, depth: depthOf(node) };
      } else if (op === '[') {
        const open = this.advance();
        const index = this.parseExpression();
        this.expect(']');
        if (index.kind === 'Literal' && typeof index.value === 'string') checkName(index.value, open.start);
        node = { kind: 'Index', object: node, index, start: node.start, depth: depthOf(node, index) };
      } else if (op === '(') {
        throw new ExpressionFailure(
          `only functions and the pseudo-methods ${[...PSEUDO_METHODS].join('/')} on ${[...PSEUDO_RECEIVERS].join('/')} can be called (at ${this.peek().start})`,
          this.peek().start,
        );
      } else {
        return node;
      }
    }
  }

  private parseMethodCall(target: ElNode, name: Token): ElNode {
    if (target.kind !== 'Identifier' || !PSEUDO_RECEIVERS.has(target.name) || !PSEUDO_METHODS.has(name.value)) {
      throw new ExpressionFailure(
        `method calls are not supported: only ${[...PSEUDO_METHODS].join('/')} on ${[...PSEUDO_RECEIVERS].join('/')} (at ${name.start})`,
        name.start,
      );
    }
    const args = this.parseArguments();
    if (args.length !== 1) {
      throw new ExpressionFailure(`${target.name}.${name.value} takes 1 argument, got ${args.length} (at ${name.start})`, name.start);
    }
    const [arg] = args as [ElNode];
    if (arg.kind === 'Literal' && typeof arg.value === 'string') checkName(arg.value, arg.start);
    return { kind: 'MethodCall', receiver: target.name, method: name.value, args, start: target.start, depth: depthOf(...args) };
  }

  private parseArguments(): ElNode[] {
    const open = this.expect('(');
    const args: ElNode[] = [];
    if (this.operator() === ')') {
      this.advance();
      return args;
    }
    this.enter(open.start);
    for (;;) {
      args.push(this.parseExpression());
      if (this.operator() === ',') {
        this.advance();
        continue;
      }
      this.expect(')');
      break;
    }
    this.leave();
    return args;
  }

  private parsePrimary(): ElNode {
    const token = this.peek();
    switch (token.type) {
      case 'number':
        this.advance();
        return { kind: 'Literal', value: token.number, start: token.start, depth: 1 };
      case 'string':
        this.advance();
        return { kind: 'Literal', value: token.value, start: token.start, depth: 1 };
      case 'keyword':
        if (token.value === 'true' || token.value === 'false' || token.value === 'null') {
          this.advance();
          const value = token.value === 'null' ? null : token.value === 'true';
          return { kind: 'Literal', value, start: token.start, depth: 1 };
        }
        throw this.unexpected(token);
      case 'identifier':
        return this.parseName();
      case 'punctuator':
        if (token.value === '(') {
          this.advance();
          const inner = this.parseExpression();
          this.expect(')');
          return inner;
        }
        throw this.unexpected(token);
      default:
        throw this.unexpected(token);
    }
  }

  /** An identifier, `name(…)` or `prefix:name(…)` (no spaces around the colon). */
  private parseName(): ElNode {
    const token = this.advance();
    const colon = this.peek();
    const local = this.peek(1);
    if (
      colon.type === 'punctuator' &&
      colon.value === ':' &&
      colon.start === token.end &&
      (local.type === 'identifier' || local.type === 'keyword') &&
      local.start === colon.end &&
      this.peek(2).type === 'punctuator' &&
      this.peek(2).value === '('
    ) {
      this.advance();
      this.advance();
      const args = this.parseArguments();
      return { kind: 'Call', prefix: token.value, name: local.value, args, start: token.start, depth: depthOf(...args) };
    }
    if (colon.type === 'punctuator' && colon.value === '(') {
      const args = this.parseArguments();
      return { kind: 'Call', prefix: undefined, name: token.value, args, start: token.start, depth: depthOf(...args) };
    }
    checkName(token.value, token.start);
    return { kind: 'Identifier', name: token.value, start: token.start, depth: 1 };
  }
}

function describe(token: Token): string {
  switch (token.type) {
    case 'end':
      return token.value === '}' ? "'}'" : 'end of expression';
    case 'string':
      return `string ${JSON.stringify(token.value.length > 20 ? `${token.value.slice(0, 20)}…` : token.value)}`;
    case 'number':
      return `number ${token.value}`;
    default:
      return `'${token.value}'`;
  }
}
