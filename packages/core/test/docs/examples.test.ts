/**
 * The `@example`s of the engine's public surface compile: every example in the TSDoc of the
 * modules a host application uses (the engine facade, its options, the errors, the stores' public
 * interfaces) is extracted and type-checked against the sources, with the handful of names the
 * examples assume (`engine`, `caseId`, `user`, `xml`…) declared. An example that drifts from the
 * API fails this test, so `pnpm test` (and CI) keeps the documentation true.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const FILES = [
  'packages/core/src/engine/engine.ts',
  'packages/core/src/engine/facade/engine-core.ts',
  'packages/core/src/engine/facade/case-commands.ts',
  'packages/core/src/engine/engine-options.ts',
  'packages/core/src/engine/clock.ts',
  'packages/core/src/engine/commands.ts',
  'packages/core/src/engine/gate.ts',
  'packages/core/src/errors.ts',
];

/** The `@example` blocks of a source file, with the line each starts on. */
export function examplesOf(source: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  const comment = /\/\*\*([\s\S]*?)\*\//g;
  for (let match = comment.exec(source); match !== null; match = comment.exec(source)) {
    const body = match[1]!;
    const at = body.indexOf('@example');
    if (at < 0) continue;
    const line = source.slice(0, match.index).split('\n').length + body.slice(0, at).split('\n').length - 1;
    const rest = body.slice(at + '@example'.length);
    const end = rest.search(/\n\s*\*\s*@\w/);
    const text = (end < 0 ? rest : rest.slice(0, end))
      .split('\n')
      .map((l) => l.replace(/^\s*\*\s?/, ''))
      .join('\n')
      .replace(/```\w*/g, '')
      .trim();
    if (text !== '') out.push({ line, code: text });
  }
  return out;
}

const PRELUDE = `
import { readFileSync } from 'node:fs';
import {
  createEngine, VirtualClock, CasekitError, IllegalTransitionError, ModelNotDeployedError, ModelError, InvalidInputError, MemoryCaseStore, TaskClaimedError,
  PLAN_ITEM_COMMANDS, CASE_COMMANDS, TEAM_COMMANDS, WORK_COMMANDS, parseCmmn,
  type CaseEngine, type CaseStore, type User, type CaseCommandName, type PlanItemCommandName,
} from '@casekit/core';
import { acceptValues } from '../../src/engine/gate.js';
import { openPostgresStore } from '@casekit/store-postgres';
import { createDecisionRegistry, loadDecisionTables } from '@casekit/rules';
declare const engine: CaseEngine;
declare const caseId: string;
declare const id: string;
declare const user: User;
declare const xml: string;
declare const store: CaseStore;
declare const clock: VirtualClock;
declare const bank: { pay(input: unknown, options: { idempotencyKey: string }): Promise<string> };
declare const pay: (claim: unknown) => Promise<boolean>;
declare const log: { warn(value: unknown): void };
declare const owner: User;
declare const requestBody: string;
void [readFileSync, createEngine, VirtualClock, CasekitError, IllegalTransitionError, TaskClaimedError, ModelNotDeployedError, ModelError, InvalidInputError, MemoryCaseStore, PLAN_ITEM_COMMANDS, CASE_COMMANDS, TEAM_COMMANDS, WORK_COMMANDS, parseCmmn, acceptValues, openPostgresStore, createDecisionRegistry, loadDecisionTables, engine, caseId, id, user, xml, store, clock, bank, pay, log, owner, requestBody];
`;

describe('the @examples of the public engine surface', () => {
  const snippets = FILES.flatMap((file) => examplesOf(readFileSync(`${root}${file}`, 'utf8')).map((example) => ({ file, ...example })));

  it('are many: each export a host uses shows how', () => {
    expect(snippets.length).toBeGreaterThan(40);
  });

  it('all type-check against the sources', () => {
    const fileName = `${root}packages/core/test/docs/__examples__.ts`;
    const body = snippets.map((s, i) => `// ${s.file}:${s.line}\nasync function example${i}(): Promise<void> {\n${s.code}\n}\nvoid example${i};`).join('\n\n');
    const text = `${PRELUDE}\n${body}\n`;
    const config = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
    const host = ts.createCompilerHost(config.options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (name, version, onError, create) => (name === fileName ? ts.createSourceFile(name, text, version) : read(name, version, onError, create));
    const program = ts.createProgram({ rootNames: [fileName], options: { ...config.options, noEmit: true, noUnusedLocals: false }, host });
    const problems = ts
      .getPreEmitDiagnostics(program, program.getSourceFile(fileName))
      .map((d) => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        const before = text.split('\n').slice(0, line + 1).reverse().find((l) => l.startsWith('// packages/')) ?? '';
        return `${before.slice(3)} (snippet line ${line}): ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
  }, 60_000);
});
