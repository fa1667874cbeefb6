/** The timeline as text: case-team changes show roles as words, never JSON. */
import { describe, expect, it } from 'vitest';
import type { TransitionRecord } from '@casekit/core';
import { formatTimeline } from '@casekit/testing';

const record = (r: Partial<TransitionRecord>): TransitionRecord =>
  ({ seq: 1, at: Date.parse('2026-03-02T08:00:00Z'), caseId: 'c1', instanceId: undefined, itemId: undefined, itemName: undefined, command: 'x', user: 'carlos', from: null, to: 'Active', scope: 'case', transition: 'create', ...r }) as TransitionRecord;

describe('formatTimeline', () => {
  it('prints case-team changes with their roles as words', () => {
    const text = formatTimeline([
      record({ scope: 'team', itemId: 'nina', transition: 'addMember' as TransitionRecord['transition'], from: null, to: '["nurse","case manager"]' }),
      record({ scope: 'team', itemId: 'nina', transition: 'setMemberRoles' as TransitionRecord['transition'], from: '["nurse","case manager"]', to: '[]' }),
      record({ scope: 'team', itemId: 'nina', transition: 'removeMember' as TransitionRecord['transition'], from: '[]', to: 'removed' }),
    ]);
    expect(text).not.toMatch(/[[{]"/);
    expect(text.split('\n')).toEqual([
      '2026-03-02T08:00:00Z  team:nina                        addMember       —          → nurse, case manager carlos',
      '2026-03-02T08:00:00Z  team:nina                        setMemberRoles  nurse, case manager → (no roles) carlos',
      '2026-03-02T08:00:00Z  team:nina                        removeMember    (no roles) → removed    carlos',
    ]);
  });
});
