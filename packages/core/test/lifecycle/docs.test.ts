import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CASE_FILE_ITEM_STATES,
  CASE_FILE_ITEM_TRANSITIONS,
  CASE_STATES,
  CASE_TRANSITIONS,
  PLAN_ITEM_STATES,
  PLAN_ITEM_TRANSITIONS,
  nextCaseFileItemState,
  nextCaseState,
  nextPlanItemState,
} from '../../src/lifecycle/index.js';

/** docs/lifecycles.md's mermaid diagrams must show exactly the machines' edges and final states. */
const doc = readFileSync(fileURLToPath(new URL('../../../../docs/lifecycles.md', import.meta.url)), 'utf8');

type Next = (from: string | null, transition: string, before?: string) => string | undefined;

const LIFECYCLES: Record<string, { states: readonly string[]; transitions: readonly string[]; next: Next; befores: readonly string[] }> = {
  case: { states: CASE_STATES, transitions: CASE_TRANSITIONS, next: nextCaseState as Next, befores: [] },
  stageTask: {
    states: PLAN_ITEM_STATES,
    transitions: PLAN_ITEM_TRANSITIONS,
    next: (f, t, b) => nextPlanItemState('task', f as never, t as never, b as never),
    befores: PLAN_ITEM_STATES,
  },
  milestoneEventListener: {
    states: PLAN_ITEM_STATES,
    transitions: PLAN_ITEM_TRANSITIONS,
    next: (f, t, b) => nextPlanItemState('milestone', f as never, t as never, b as never),
    befores: PLAN_ITEM_STATES,
  },
  caseFileItem: { states: CASE_FILE_ITEM_STATES, transitions: CASE_FILE_ITEM_TRANSITIONS, next: nextCaseFileItemState as Next, befores: [] },
};

function diagram(name: string): { edges: Set<string>; finals: Set<string> } {
  const block = [...doc.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').find((b) => b.includes(`%% lifecycle: ${name}\n`));
  if (block === undefined) throw new Error(`no diagram for ${name}`);
  const edges = new Set<string>();
  const finals = new Set<string>();
  for (const line of block.split('\n').map((l) => l.trim())) {
    const m = /^(\[\*\]|\w+) --> (\[\*\]|\w+)(?: : (.+))?$/.exec(line);
    if (m === null) continue;
    const [, from = '', to = '', labels] = m;
    if (to === '[*]') {
      finals.add(from);
      continue;
    }
    for (const label of (labels ?? '').split(',').map((l) => l.trim())) {
      const lm = /^(\w+)(?: \[(?:before = (\w+)|(no before))\])?$/.exec(label);
      if (lm === null) throw new Error(`unreadable label ${label} in ${name}`);
      edges.add(`${from} -${lm[1]}${lm[2] ? `[${lm[2]}]` : lm[3] ? '[]' : ''}-> ${to}`);
    }
  }
  return { edges, finals };
}

describe.each(Object.keys(LIFECYCLES))('docs/lifecycles.md: %s diagram', (name) => {
  const { states, transitions, next, befores } = LIFECYCLES[name]!;

  it('shows exactly the legal transitions', () => {
    const expected = new Set<string>();
    for (const from of [null, ...states]) {
      for (const t of transitions) {
        const plain = next(from, t);
        const guarded = befores.filter((b) => next(from, t, b) !== plain);
        if (plain !== undefined) expected.add(`${from ?? '[*]'} -${t}${guarded.length > 0 ? '[]' : ''}-> ${plain}`);
        for (const b of guarded) {
          const to = next(from, t, b);
          if (to !== undefined) expected.add(`${from ?? '[*]'} -${t}[${b}]-> ${to}`);
        }
      }
    }
    expect([...diagram(name).edges].sort()).toEqual([...expected].sort());
  });

  it('marks exactly the final states', () => {
    const reachable = new Set<string>();
    for (const from of [null, ...states]) for (const t of transitions) for (const b of [undefined, ...befores]) {
      const to = next(from, t, b);
      if (to !== undefined) reachable.add(to);
    }
    const finals = [...reachable].filter((s) => transitions.every((t) => [undefined, ...befores].every((b) => next(s, t, b) === undefined)));
    expect([...diagram(name).finals].sort()).toEqual(finals.sort());
  });
});
