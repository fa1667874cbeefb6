/**
 * A Pike VM over a compiled pattern: every thread advances one code point at a time, at most one
 * thread per instruction, so a search costs at most (input length × instructions) steps — each
 * spent from the evaluation's budget. Threads are kept in priority order, so the match and its
 * groups are the ones a backtracking engine (leftmost, first alternative first) would find.
 */
import type { Budget } from '../budget.js';
import { isLineTerminator, type Program } from './pattern.js';

/** A match: `slots[2n]`/`slots[2n+1]` are the start and end of group n (-1 when it did not take part). */
export type Slots = readonly number[];

interface Thread {
  readonly pc: number;
  readonly slots: number[];
}

/** What the searches of one call share: which instruction was reached at which step (reused, never reset). */
export interface SearchState {
  readonly marks: Int32Array;
  generation: number;
}

/** A fresh state for the searches of one call over `program`. */
export function searchState(program: Program): SearchState {
  return { marks: new Int32Array(program.instructions.length).fill(-1), generation: 0 };
}

/**
 * The leftmost match of `program` in `input` starting at or after `from`, or null. Spends a step per
 * thread per position from `budget`. Searches of one call (every match of a `replace`) share `state`.
 */
export function search(program: Program, input: string, from: number, budget: Budget, state: SearchState = searchState(program)): Slots | null {
  const { instructions, multiline } = program;
  const marks = state.marks;
  let generation = ++state.generation;
  let current: Thread[] = [];
  let next: Thread[] = [];
  let matched: number[] | null = null;

  const atLineStart = (at: number): boolean => at === 0 || (multiline && isLineTerminator(input.charCodeAt(at - 1)));
  const atLineEnd = (at: number): boolean => at === input.length || (multiline && isLineTerminator(input.charCodeAt(at)));

  /** Adds the thread at `pc` and everything it reaches without reading, in priority order. */
  const add = (list: Thread[], pc: number, slots: number[], at: number): void => {
    const stack: Thread[] = [{ pc, slots }];
    while (stack.length > 0) {
      const thread = stack.pop() as Thread;
      if (marks[thread.pc] === generation) continue;
      marks[thread.pc] = generation;
      const instruction = instructions[thread.pc]!;
      switch (instruction.op) {
        case 'jump':
          stack.push({ pc: instruction.to, slots: thread.slots });
          break;
        case 'split':
          stack.push({ pc: instruction.second, slots: thread.slots }, { pc: instruction.first, slots: thread.slots });
          break;
        case 'save': {
          const copy = thread.slots.slice();
          copy[instruction.slot] = at;
          stack.push({ pc: thread.pc + 1, slots: copy });
          break;
        }
        case 'lineStart':
          if (atLineStart(at)) stack.push({ pc: thread.pc + 1, slots: thread.slots });
          break;
        case 'lineEnd':
          if (atLineEnd(at)) stack.push({ pc: thread.pc + 1, slots: thread.slots });
          break;
        case 'progress':
          if (thread.slots[instruction.slot] !== at) stack.push({ pc: thread.pc + 1, slots: thread.slots });
          break;
        case 'reset': {
          const copy = thread.slots.slice();
          copy.fill(-1, instruction.from, instruction.to);
          stack.push({ pc: thread.pc + 1, slots: copy });
          break;
        }
        default:
          list.push(thread);
      }
    }
  };

  const empty = new Array<number>(program.slots).fill(-1);
  for (let at = from; ; ) {
    if (matched === null) add(current, 0, empty, at);
    if (current.length === 0 && (matched !== null || at >= input.length)) break;
    budget.step(1 + current.length);
    const codePoint = at < input.length ? (input.codePointAt(at) as number) : -1;
    const after = at + (codePoint > 0xffff ? 2 : 1);
    generation = ++state.generation;
    for (const thread of current) {
      const instruction = instructions[thread.pc]!;
      if (instruction.op === 'match') {
        matched = thread.slots;
        break;
      }
      if (instruction.op === 'char' && codePoint >= 0 && instruction.test(codePoint)) add(next, thread.pc + 1, thread.slots, after);
    }
    if (at >= input.length) break;
    [current, next] = [next, []];
    at = after;
  }
  return matched;
}
