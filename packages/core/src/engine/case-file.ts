/**
 * The case file (CMMN 1.1 §5.3 and §8.3, cmmn-semantics §9): writing an item raises `create` or
 * `update` (and `addChild` on its parent item), deleting it raises `delete` (and `removeChild`);
 * sentries and timer start triggers react to these events through the agenda.
 */
import { IllegalTransitionError } from '../errors.js';
import type { StepRun } from './kernel/step-run.js';
import type { JsonValue } from './state.js';

const RESERVED: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Creates or updates a case file item. */
export function writeCaseFile(run: StepRun, name: string, value: JsonValue): void {
  if (RESERVED.has(name)) {
    throw new IllegalTransitionError(name, 'Discarded', 'set', `"${name}" is a reserved name and cannot be a case file item`, { caseId: run.s.id });
  }
  const exists = Object.hasOwn(run.s.caseFile, name);
  const transition = exists ? 'update' : 'create';
  (run.s.caseFile as Record<string, JsonValue>)[name] = value;
  fileTransition(run, name, transition, exists ? 'Available' : null, 'Available');
  const parent = run.c.caseFileItems.get(name)?.parent;
  if (!exists && parent !== undefined && Object.hasOwn(run.s.caseFile, parent)) fileTransition(run, parent, 'addChild', 'Available', 'Available');
}

/** Writes each value in turn. */
export function writeValues(run: StepRun, values: Readonly<Record<string, JsonValue>> | undefined): void {
  for (const [name, value] of Object.entries(values ?? {})) writeCaseFile(run, name, value);
}

/** Deletes a case file item. */
export function removeCaseFile(run: StepRun, name: string): void {
  if (!Object.hasOwn(run.s.caseFile, name)) {
    throw new IllegalTransitionError(name, 'Discarded', 'delete', `case file item "${name}" does not exist`, { caseId: run.s.id });
  }
  delete (run.s.caseFile as Record<string, JsonValue>)[name];
  fileTransition(run, name, 'delete', 'Available', 'Discarded');
  const parent = run.c.caseFileItems.get(name)?.parent;
  if (parent !== undefined && Object.hasOwn(run.s.caseFile, parent)) fileTransition(run, parent, 'removeChild', 'Available', 'Available');
}

/**
 * Sets an existing case file item's value and raises `transition` on it: `replace` (a document's
 * new version), `update`, or `addChild` / `removeChild` (a document added to or removed from a
 * folder item).
 */
export function changeCaseFile(run: StepRun, name: string, value: JsonValue, transition: 'update' | 'replace' | 'addChild' | 'removeChild'): void {
  (run.s.caseFile as Record<string, JsonValue>)[name] = value;
  fileTransition(run, name, transition, 'Available', 'Available');
}

function fileTransition(run: StepRun, name: string, transition: 'create' | 'update' | 'replace' | 'delete' | 'addChild' | 'removeChild', from: string | null, to: string): void {
  run.record(undefined, 'caseFile', transition, from, to, name);
  run.push({ kind: 'file', seq: run.s.seq, name, transition });
}
