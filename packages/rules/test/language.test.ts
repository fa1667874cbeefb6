import { describe, expect, test } from 'vitest';
import { JSON_LOGIC_LANGUAGE, languageOf } from '../src/index.js';

describe('languageOf (§11)', () => {
  test.each([
    ['${amount > 1000}', undefined, 'el'],
    ['#{amount > 1000}', undefined, 'el'],
    ['Hello ${name}', undefined, 'el'],
    ['amount > 1000', undefined, 'el'],
    ['true', undefined, 'el'],
    ['{"var":"approved"}', undefined, 'jsonlogic'],
    ['  {"and":[]}', undefined, 'jsonlogic'],
    ['{"var":"approved"}', JSON_LOGIC_LANGUAGE, 'jsonlogic'],
    ['[1, 2]', 'https://jsonlogic.com', 'jsonlogic'],
    ['true', 'JsonLogic', 'jsonlogic'],
    ['amount > 1000', 'https://www.omg.org/spec/DMN/20191111/FEEL/', 'feel'],
    ['amount > 1000', 'http://www.omg.org/spec/FEEL/20140401', 'feel'],
    ['amount > 1000', 'feel', 'feel'],
    ['amount > 1000', 'FEEL', 'feel'],
    ['${x}', 'juel', 'el'],
    ['${x}', 'el', 'el'],
    ['${x}', 'JUEL', 'el'],
    // The schema's default XPath is treated as "no language": the body decides.
    ['${amount > 1000}', 'http://www.w3.org/1999/XPath', 'el'],
    ['amount > 1000', 'http://www.w3.org/1999/XPath', 'el'],
    ['{"var":"x"}', 'http://www.w3.org/1999/XPath', 'jsonlogic'],
    ['${x}', '', 'el'],
    ['${x}', '   ', 'el'],
    // Host languages are never run, whatever the body looks like.
    ['x > 1', 'javascript', 'unsupported'],
    ['${x > 1}', 'JavaScript', 'unsupported'],
    ['x > 1', 'groovy', 'unsupported'],
    ['x > 1', 'python', 'unsupported'],
    ['x > 1', 'http://www.w3.org/1999/XSL/Transform', 'unsupported'],
    ['#root.x > 1', 'spel', 'unsupported'],
  ] as const)('%j with language %j → %s', (body, language, expected) => {
    expect(languageOf(body, language)).toBe(expected);
  });
});
