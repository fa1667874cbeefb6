import { describe, expect, test } from 'vitest';
import type { ElNode } from '../../src/el/ast.js';
import { parseEl } from '../../src/el/parser.js';
import { ExpressionFailure } from '../../src/errors.js';
import { EXPRESSION_LIMITS } from '../../src/limits.js';

/** The tree as an S-expression, to compare shapes compactly. */
function show(node: ElNode): string {
  switch (node.kind) {
    case 'Literal':
      return JSON.stringify(node.value);
    case 'Identifier':
      return node.name;
    case 'Member':
      return `(. ${show(node.object)} ${node.property})`;
    case 'Index':
      return `([] ${show(node.object)} ${show(node.index)})`;
    case 'Unary':
      return `(${node.operator} ${show(node.argument)})`;
    case 'Binary':
      return `(${node.operator} ${show(node.left)} ${show(node.right)})`;
    case 'Logical':
      return `(${node.operator} ${node.operands.map(show).join(' ')})`;
    case 'Conditional':
      return `(? ${show(node.test)} ${show(node.consequent)} ${show(node.alternate)})`;
    case 'Call':
      return `(call ${node.prefix === undefined ? '' : `${node.prefix}:`}${node.name}${node.args.map((a) => ` ${show(a)}`).join('')})`;
    case 'MethodCall':
      return `(method ${node.receiver}.${node.method}${node.args.map((a) => ` ${show(a)}`).join('')})`;
  }
}

function tree(body: string): string {
  const template = parseEl(body);
  expect(template.composite).toBe(false);
  return show(template.parts[0] as ElNode);
}

describe('precedence and associativity (EL 2.2 §1.17)', () => {
  test.each([
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['(1 + 2) * 3', '(* (+ 1 2) 3)'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['8 / 4 div 2 % 3 mod 2', '(% (% (/ (/ 8 4) 2) 3) 2)'],
    ['a < b == c > d', '(== (< a b) (> c d))'],
    ['a lt b eq c gt d', '(== (< a b) (> c d))'],
    ['a le b ne c ge d', '(!= (<= a b) (>= c d))'],
    ['a || b && c', '(|| a (&& b c))'],
    ['a or b and c or d', '(|| a (&& b c) d)'],
    ['a && b && c && d', '(&& a b c d)'],
    ['!a && not b', '(&& (! a) (! b))'],
    ['empty a || b', '(|| (empty a) b)'],
    ['-a.b', '(- (. a b))'],
    ['- -1', '1'],
    ['-x * 2', '(* (- x) 2)'],
    ['a ? b : c ? d : e', '(? a b (? c d e))'],
    ['a ? b ? c : d : e', '(? a (? b c d) e)'],
    ['a == b ? 1 + 2 : 3', '(? (== a b) (+ 1 2) 3)'],
    ["a.b['c'][0].d", '(. ([] ([] (. a b) "c") 0) d)'],
    ['a[b[c]]', '([] a ([] b c))'],
    ['x.empty', '(. x empty)'],
  ])('%s → %s', (body, expected) => {
    expect(tree(body)).toBe(expected);
  });

  test('literals', () => {
    expect(tree('true')).toBe('true');
    expect(tree('null')).toBe('null');
    expect(tree("'it\\'s'")).toBe(JSON.stringify("it's"));
    expect(tree('1.5e2')).toBe('150');
  });
});

describe('functions and pseudo-methods', () => {
  test('prefix:name(…) needs the colon written tight', () => {
    expect(tree('var:get(x)')).toBe('(call var:get x)');
    expect(tree('fn:contains(a, "b")')).toBe('(call fn:contains a "b")');
    expect(tree('max(1, 2)')).toBe('(call max 1 2)');
    expect(tree('var:empty(x)')).toBe('(call var:empty x)');
    expect(tree('!var:get(goToC)')).toBe('(! (call var:get goToC))');
    // With spaces around the colon it is a conditional, even when a call follows.
    expect(tree('a ? b : c(1)')).toBe('(? a b (call c 1))');
    expect(tree('a ? var:get(x) : y')).toBe('(? a (call var:get x) y)');
    expect(tree('f()')).toBe('(call f)');
  });

  test('whitelisted pseudo-methods only', () => {
    expect(tree("caseInstance.getVariable('x')")).toBe('(method caseInstance.getVariable "x")');
    expect(tree('planItemInstance.hasVariable(name)')).toBe('(method planItemInstance.hasVariable name)');
    expect(tree("caseExecution.getVariable('y') != null")).toBe('(!= (method caseExecution.getVariable "y") null)');
    expect(() => parseEl('${caseInstance.setVariable("x", 1)}')).toThrow(/method calls are not supported/);
    expect(() => parseEl('${foo.getVariable("x")}')).toThrow(/method calls are not supported/);
    expect(() => parseEl('${caseInstance.getVariable("x", 1)}')).toThrow(/takes 1 argument, got 2/);
    expect(() => parseEl('${a.b.getVariable("x")}')).toThrow(/method calls are not supported/);
    expect(() => parseEl('${x.toString()}')).toThrow(/method calls are not supported/);
    expect(() => parseEl('${f(1)(2)}')).toThrow(/can be called/);
    expect(() => parseEl('${a[0](1)}')).toThrow(/can be called/);
  });
});

describe('templates', () => {
  test('a whole-body expression is not composite', () => {
    expect(parseEl('${a}').composite).toBe(false);
    expect(parseEl('#{a}').composite).toBe(false);
    expect(parseEl('a > 1').composite).toBe(false);
  });

  test('text and expressions mix into a composite', () => {
    const template = parseEl('Hello ${first} #{last}!');
    expect(template.composite).toBe(true);
    expect(template.parts.map((p) => (typeof p === 'string' ? p : show(p)))).toEqual(['Hello ', 'first', ' ', 'last', '!']);
  });

  test('\\${ is a literal ${, a lone $ or # is text', () => {
    const template = parseEl('cost: \\${price} is $5 #1 ${x}');
    expect(template.parts.map((p) => (typeof p === 'string' ? p : show(p)))).toEqual(['cost: ${price} is $5 #1 ', 'x']);
    const literal = parseEl('\\${x}');
    expect(literal.composite).toBe(true);
    expect(literal.parts).toEqual(['${x}']);
  });

  test("a '}' inside a string does not end the expression", () => {
    expect(show(parseEl("${a == '}'}").parts[0] as ElNode)).toBe('(== a "}")');
  });
});

describe('syntax errors carry a position', () => {
  test.each([
    ['${}', /empty expression/, 2],
    ['${a +}', /unexpected '}' at 5|unexpected end of expression at 5/, 5],
    ['${(a}', /expected '\)' but found '}' at 4/, 4],
    ['${a b}', /unexpected 'b' at 4/, 4],
    ['${a ? b}', /expected ':' but found '}' at 7/, 7],
    ['${a.}', /expected a property name after '.'/, 4],
    ['${a.1}', /unexpected number .1 at 3/, 3],
    ['${x instanceof y}', /'instanceof' is not supported/, 4],
    ['${[1, 2]}', /unexpected '\[' at 2/, 2],
    ['${true()}', /can be called/, 6],
    ['a b', /unexpected 'b' at 2/, 2],
    ['${a} ${', /unterminated expression/, 7],
  ])('%s', (body, message, position) => {
    let caught: unknown;
    try {
      parseEl(body);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ExpressionFailure);
    expect((caught as ExpressionFailure).reason).toMatch(message);
    expect((caught as ExpressionFailure).position).toBe(position);
  });
});

describe('forbidden names are rejected when written literally', () => {
  test.each(['${constructor}', '${a.constructor}', "${a['__proto__']}", '${a.prototype}', '${__proto__.x}', "${''.constructor}"])(
    '%s',
    (body) => {
      expect(() => parseEl(body)).toThrow(/access to '(constructor|__proto__|prototype)' is not allowed/);
    },
  );
});

describe('bounded nesting', () => {
  const max = EXPRESSION_LIMITS.maxDepth;
  test('parentheses', () => {
    expect(() => parseEl(`\${${'('.repeat(10_000)}1${')'.repeat(10_000)}}`)).toThrow(/nested too deeply/);
    expect(tree(`${'('.repeat(max - 2)}1${')'.repeat(max - 2)}`)).toBe('1');
  });
  test('unary chains', () => {
    expect(() => parseEl(`\${${'!'.repeat(50_000)}a}`)).toThrow(/nested too deeply/);
    expect(tree(`${'!'.repeat(4)}a`)).toBe('(! (! (! (! a))))');
  });
  test('left-leaning operator chains', () => {
    expect(() => parseEl(`\${${Array.from({ length: 20_000 }, () => '1').join(' + ')}}`)).toThrow(/nested too deeply/);
    expect(() => parseEl(`\${${'a.'.repeat(max + 5)}b}`)).toThrow(/nested too deeply/);
    expect(() => parseEl(`\${a${'[0]'.repeat(max + 5)}}`)).toThrow(/nested too deeply/);
  });
  test('logical chains are flat, so long ones are fine', () => {
    const chain = Array.from({ length: 1_000 }, (_, i) => `v${i}`).join(' && ');
    expect(tree(chain).startsWith('(&& v0 v1 v2')).toBe(true);
  });
  test('nested calls and ternaries', () => {
    expect(() => parseEl(`\${${'f('.repeat(5_000)}1${')'.repeat(5_000)}}`)).toThrow(/nested too deeply/);
    expect(() => parseEl(`\${${'a ? b : '.repeat(5_000)}c}`)).toThrow(/nested too deeply/);
  });
});
