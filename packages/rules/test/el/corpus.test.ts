/**
 * Every expression in the corpus models (../shared/corpus, read at test time, never copied) must
 * compile: the Flowable and Camunda JUEL conditions as EL, and the rest in the language they declare.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { compileExpression, ExpressionError, languageOf } from '../../src/index.js';

const CORPUS = fileURLToPath(new URL('../../../../../shared/corpus/', import.meta.url));

function modelFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return modelFiles(path);
    return /\.(cmmn|xml)$/i.test(name) ? [path] : [];
  });
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&amp;/g, '&');
}

interface Found {
  readonly file: string;
  readonly body: string;
  readonly language: string | undefined;
}

/** Condition and expression bodies (CDATA unwrapped), and attribute values that hold `${…}`. */
function expressionsIn(file: string): Found[] {
  const xml = readFileSync(file, 'utf8');
  const definitionsLanguage = /<(?:\w+:)?definitions\b[^>]*\bexpressionLanguage="([^"]*)"/.exec(xml)?.[1];
  const found: Found[] = [];
  const element = /<((?:\w+:)?(?:condition|body))\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1>)/g;
  for (const match of xml.matchAll(element)) {
    const raw = match[3] ?? '';
    const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/.exec(raw);
    const body = cdata ? (cdata[1] as string) : decodeXml(raw);
    if (body.trim() === '') continue;
    const language = /\blanguage="([^"]*)"/.exec(match[2] ?? '')?.[1] ?? definitionsLanguage;
    found.push({ file, body, language: language === undefined ? undefined : decodeXml(language) });
  }
  for (const match of xml.matchAll(/\s[\w:.-]+="([^"]*[$#]\{[^"]*)"/g)) {
    found.push({ file, body: decodeXml(match[1] as string), language: undefined });
  }
  return found;
}

describe('corpus expressions', () => {
  test('the corpus is there', () => {
    expect(existsSync(CORPUS), `corpus folder ${CORPUS}`).toBe(true);
  });

  const files = existsSync(CORPUS) ? modelFiles(CORPUS) : [];
  const all = files.flatMap(expressionsIn);
  const el = all.filter((e) => e.body.includes('${') || e.body.includes('#{'));

  test('finds the expressions of the Flowable and Camunda models', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(el.filter((e) => e.file.includes('/flowable/')).length).toBeGreaterThanOrEqual(30);
    expect(el.filter((e) => e.file.includes('/camunda/')).length).toBeGreaterThanOrEqual(10);
  });

  test('every ${…} written anywhere in a model file is inside an extracted expression', () => {
    for (const file of files) {
      const xml = readFileSync(file, 'utf8');
      const bodies = expressionsIn(file).map((e) => e.body).join('\n');
      for (const match of xml.matchAll(/[$#]\{[^}]*\}/g)) {
        expect(bodies, `${file}: ${match[0]}`).toContain(decodeXml(match[0]));
      }
    }
  });

  test.each(all.map((e) => [`${e.file.slice(CORPUS.length)}: ${e.body.trim().slice(0, 80)}`, e] as const))('%s', (_, e) => {
    const language = languageOf(e.body.trim(), e.language);
    if (language === 'unsupported') {
      expect(() => compileExpression(e.body, { language: e.language, id: 'corpus' })).toThrow(ExpressionError);
      expect(() => compileExpression(e.body, { language: e.language })).toThrow(/unsupported expression language/);
      return;
    }
    const compiled = compileExpression(e.body, e.language === undefined ? {} : { language: e.language });
    expect(compiled.language).toBe(language);
    if (compiled.language === 'el') expect(compiled.reads).toBeDefined();
    // Evaluating with no variables never crashes: a missing variable is null.
    expect(() => compiled.evaluate({ variables: {}, repetitionCounter: 1 })).not.toThrow();
  });
});
