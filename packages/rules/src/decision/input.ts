/**
 * The bounds of an evaluation's input (the case file a decision task hands over): nesting depth,
 * number of values, characters — and plain data only, so no getter, class instance or function is
 * ever touched by an entry.
 */
import { isPlainObject } from '../context.js';
import { DecisionInputError } from './errors.js';
import { DECISION_LIMITS } from './limits.js';

/**
 * Walks the input once (iteratively, so hostile nesting cannot exhaust the stack) and throws
 * {@link DecisionInputError} when it is over a limit or holds something that is not data.
 */
export function checkInput(decision: string, input: unknown): void {
  if (!isPlainObject(input)) throw new DecisionInputError(decision, undefined, 'the input must be a plain object (the case file)');
  let values = 0;
  let characters = 0;
  // Two parallel stacks (value, depth): no allocation per value.
  const stack: unknown[] = [input];
  const depths: number[] = [1];
  const tooLarge = (): never => {
    throw new DecisionInputError(decision, undefined, `the input is too large (more than ${DECISION_LIMITS.maxInputValues} values)`);
  };
  const tooLong = (): never => {
    throw new DecisionInputError(decision, undefined, `the input is too large (more than ${DECISION_LIMITS.maxInputCharacters} characters)`);
  };
  while (stack.length > 0) {
    const value = stack.pop();
    const depth = depths.pop()!;
    values += 1;
    if (values > DECISION_LIMITS.maxInputValues) tooLarge();
    if (value === null || value === undefined || typeof value === 'number' || typeof value === 'boolean') continue;
    if (typeof value === 'string') {
      characters += value.length;
      if (characters > DECISION_LIMITS.maxInputCharacters) tooLong();
      continue;
    }
    if (typeof value !== 'object') throw new DecisionInputError(decision, undefined, `the input holds a ${typeof value}, which is not data`);
    if (value instanceof Date) continue;
    if (depth > DECISION_LIMITS.maxInputDepth) {
      throw new DecisionInputError(decision, undefined, `the input is nested too deeply (more than ${DECISION_LIMITS.maxInputDepth} levels)`);
    }
    if (Array.isArray(value)) {
      if (values + stack.length + value.length > DECISION_LIMITS.maxInputValues) tooLarge();
      for (let i = 0; i < value.length; i++) {
        stack.push(value[i]);
        depths.push(depth + 1);
      }
      continue;
    }
    if (!isPlainObject(value)) throw new DecisionInputError(decision, undefined, 'the input holds an object that is not plain data');
    const keys = Object.keys(value);
    if (values + stack.length + keys.length > DECISION_LIMITS.maxInputValues) tooLarge();
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      characters += key.length;
      stack.push(value[key]);
      depths.push(depth + 1);
    }
    if (characters > DECISION_LIMITS.maxInputCharacters) tooLong();
  }
}
