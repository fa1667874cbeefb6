/**
 * Test helpers: build a JSON decision table in one call.
 */
import { compileDecisions, readDecisionTableJson, type Decision } from '../../src/index.js';

/** Compiles one JSON table (the object form of docs/rules.md). */
export function table(json: Record<string, unknown>): Decision {
  const [decision] = compileDecisions(readDecisionTableJson({ id: 'test', ...json }));
  return decision!;
}

/** Returns the error `run` throws (fails the test when it does not throw). */
export function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
