import { describe, expect, test } from 'vitest';
import { ExpressionFailure } from '../../src/errors.js';
import { tokenize } from '../../src/el/tokenizer.js';

const kinds = (source: string) => tokenize(source, 0, 'bare').tokens.map((t) => `${t.type}:${t.value}`);

describe('tokenize', () => {
  test('operators, longest match first', () => {
    expect(kinds('a==b!=c<=d>=e&&f||g<h>i!j')).toEqual([
      'identifier:a', 'punctuator:==', 'identifier:b', 'punctuator:!=', 'identifier:c', 'punctuator:<=',
      'identifier:d', 'punctuator:>=', 'identifier:e', 'punctuator:&&', 'identifier:f', 'punctuator:||',
      'identifier:g', 'punctuator:<', 'identifier:h', 'punctuator:>', 'identifier:i', 'punctuator:!',
      'identifier:j', 'end:',
    ]);
    expect(kinds('(a)[b].c,d?e:f+g-h*i/j%k')).toEqual([
      'punctuator:(', 'identifier:a', 'punctuator:)', 'punctuator:[', 'identifier:b', 'punctuator:]',
      'punctuator:.', 'identifier:c', 'punctuator:,', 'identifier:d', 'punctuator:?', 'identifier:e',
      'punctuator::', 'identifier:f', 'punctuator:+', 'identifier:g', 'punctuator:-', 'identifier:h',
      'punctuator:*', 'identifier:i', 'punctuator:/', 'identifier:j', 'punctuator:%', 'identifier:k', 'end:',
    ]);
  });

  test('keywords are reserved words, other words are identifiers', () => {
    expect(kinds('true false null and or not eq ne lt gt le ge empty div mod instanceof var trueish')).toEqual([
      'keyword:true', 'keyword:false', 'keyword:null', 'keyword:and', 'keyword:or', 'keyword:not', 'keyword:eq',
      'keyword:ne', 'keyword:lt', 'keyword:gt', 'keyword:le', 'keyword:ge', 'keyword:empty', 'keyword:div',
      'keyword:mod', 'keyword:instanceof', 'identifier:var', 'identifier:trueish', 'end:',
    ]);
  });

  test('identifiers may use $, _, digits and Unicode letters', () => {
    expect(kinds('$a _b c1 größe 変数')).toEqual([
      'identifier:$a', 'identifier:_b', 'identifier:c1', 'identifier:größe', 'identifier:変数', 'end:',
    ]);
  });

  test('numbers: integers, decimals, leading dot, exponents', () => {
    const numbers = tokenize('0 42 3.5 1. .25 1e3 2.5E-2', 0, 'bare').tokens.filter((t) => t.type === 'number');
    expect(numbers.map((t) => t.number)).toEqual([0, 42, 3.5, 1, 0.25, 1000, 0.025]);
  });

  test('strings: both quotes and the three EL escapes', () => {
    const strings = tokenize(`'a\\'b' "c\\"d" 'e\\\\f' "it's" 'say "hi"'`, 0, 'bare').tokens.filter((t) => t.type === 'string');
    expect(strings.map((t) => t.value)).toEqual([`a'b`, 'c"d', 'e\\f', "it's", 'say "hi"']);
  });

  test('token offsets point into the whole body', () => {
    const { tokens } = tokenize('x ${ab + 1}', 4, 'template');
    expect(tokens.map((t) => [t.value, t.start, t.end])).toEqual([
      ['ab', 4, 6],
      ['+', 7, 8],
      ['1', 9, 10],
      ['}', 10, 11],
    ]);
  });

  test("template mode stops at the first '}' outside a string", () => {
    const source = "${a == '}'} tail";
    const { tokens, next } = tokenize(source, 2, 'template');
    expect(tokens.map((t) => t.value)).toEqual(['a', '==', '}', '}']);
    expect(source.slice(next)).toBe(' tail');
  });

  test.each([
    ["'abc", /unterminated string starting at 0/],
    ["'a\\nb'", /invalid escape sequence in string at 2: \\ followed by 'n'/],
    ["'a\\", /invalid escape sequence .* end of input/],
    ['a = b', /unexpected character '=' at 2/],
    ['a & b', /unexpected character '&' at 2/],
    ['a | b', /unexpected character '\|' at 2/],
    ['a ; b', /unexpected character ';' at 2/],
    ['a\u0000', /unexpected character U\+0000 at 1/],
    ['a }', /unexpected '}'/],
  ])('rejects %j', (source, message) => {
    expect(() => tokenize(source, 0, 'bare')).toThrow(ExpressionFailure);
    expect(() => tokenize(source, 0, 'bare')).toThrow(message);
  });

  test("template mode needs the closing '}'", () => {
    expect(() => tokenize('${a + b', 2, 'template')).toThrow(/unterminated expression: missing '}'/);
  });

  test('a long string with many escapes tokenizes in linear time', () => {
    const body = `'${"\\'".repeat(30_000)}'`;
    const started = performance.now();
    const [token] = tokenize(body, 0, 'bare').tokens;
    expect(token?.value).toBe("'".repeat(30_000));
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
