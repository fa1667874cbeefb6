/**
 * Semantic profiles (docs/profiles.md): what each compiles into the case, that the default changes
 * nothing, that the compiled cache is per profile, and case tasks that start a case of another
 * deployment (a caseRef with a file or QName prefix).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ModelError, PROFILES, VirtualClock, createEngine, parseCmmn, type CompiledCase, type Profile } from '@casekit/core';
import { allInstances, compileCase } from '@casekit/core/internals';
import { definitions } from '../cmmn-text.js';
import { allModelFiles, CORPUS } from '../corpus-files.js';

const here = dirname(fileURLToPath(import.meta.url));
const TASKS = resolve(here, '../../../testing/test/conformance/10-tasks');
const corpus = (name: string): string => readFileSync(join(CORPUS, name), 'utf8');

function compiled(xml: string, profile?: Profile): CompiledCase {
  const model = parseCmmn(xml);
  return compileCase(model, model.definitions.cases[0]!, profile === undefined ? {} : { profile });
}

describe('the default profile', () => {
  it('compiles no profile fact into any model of the corpus and the conformance suite', () => {
    let checked = 0;
    for (const file of allModelFiles()) {
      let model;
      try {
        model = parseCmmn(file.xml);
      } catch {
        continue;
      }
      for (const c of model.definitions.cases) {
        let cmmn: CompiledCase;
        try {
          cmmn = compileCase(model, c);
        } catch {
          continue;
        }
        checked++;
        expect(cmmn.profile).toBe('cmmn');
        expect(cmmn.warnings).toEqual([]);
        for (const node of cmmn.nodes) {
          expect(node.openExemption, `${file.name} ${node.id}`).toBeUndefined();
          expect(node.exemptChildren).toBe(false);
        }
        for (const watchers of cmmn.planItemWatchers.values()) for (const w of watchers) expect(w.activate).toBeUndefined();
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('the flowable profile', () => {
  it('compiles completionNeutralRule, cross-border entry, listener repetition, idle listeners and waiting repetitions', () => {
    const neutral = compiled(corpus('flowable/CompletionNeutralTest.testSimpleStageCompletion.cmmn'), 'flowable');
    const task = neutral.nodes.find((n) => n.id === 'completionNeutralTask')!;
    expect(task.openExemption?.neutral).toBe(true);
    expect(neutral.nodes[task.parent!]!.exemptChildren).toBe(true);

    const border = compiled(corpus('flowable/EntryCriteriaTest.testCrossBorderSentry.cmmn'), 'flowable');
    const a = border.nodes.find((n) => n.id === 'planItem1')!;
    const [watcher] = border.planItemWatchers.get(`${a.index}:complete`)!;
    expect(watcher!.activate!.map((n) => border.nodes[n]!.name)).toEqual(['Stage 2', 'Stage 3']);

    const repeating = compiled(corpus('flowable/RepetitionRuleTest.testRepeatingRuleUserEventListener.cmmn'), 'flowable');
    const listener = repeating.nodes.find((n) => n.id === 'planItem2')!;
    expect([...listener.behaviour.repeatsAfter]).toEqual(['occur']);
    expect(listener.openExemption?.listenerWatchers).toHaveLength(1);
    expect(repeating.nodes.find((n) => n.id === 'planItem1')!.openExemption?.waitingRepetition).toBe(true);
  });

  it('reads a completionNeutralRule condition', () => {
    const xml = corpus('flowable/CompletionNeutralTest.testSimpleStageCompletion.cmmn').replace(
      '<flowable:completionNeutralRule/>',
      '<flowable:completionNeutralRule><flowable:condition>${optional}</flowable:condition></flowable:completionNeutralRule>',
    );
    const rule = compiled(xml, 'flowable').nodes.find((n) => n.id === 'completionNeutralTask')!.openExemption?.neutral;
    expect(rule).not.toBe(true);
    expect(rule).toBeDefined();
  });
});

describe('the camunda profile', () => {
  const model = corpus('camunda/SentryEntryCriteriaTest.testCaseFileItemOnPart.cmmn');

  it('ignores case file item on-parts with a warning where CMMN sees a draft', async () => {
    await expect(async () => {
      const engine = createEngine({ clock: new VirtualClock('2026-01-01T00:00:00Z') });
      engine.deploy(model);
      await engine.startCase();
    }).rejects.toThrow(ModelError);

    const engine = createEngine({ clock: new VirtualClock('2026-01-01T00:00:00Z'), profile: 'camunda' });
    const { key, version } = engine.deploy(model);
    const snapshot = await engine.startCase();
    expect(snapshot.items.find((i) => i.itemId === 'PI_HumanTask_1')?.state).toBe('Active');
    const { warnings } = engine.compiled(key, version, 'case');
    expect(warnings).toEqual([expect.objectContaining({ code: 'IgnoredByProfile', profile: 'camunda', elementId: 'Sentry_1', line: 22 })]);
  });

  it('honours camunda:repeatOnStandardEvent only under its profile', () => {
    const xml = readFileSync(resolve(here, '../../../testing/test/conformance/05-rules/camunda-repeat-on-standard-event.cmmn'), 'utf8');
    const node = (profile: Profile) => compiled(xml, profile).nodes.find((n) => n.id === 'pi_call')!;
    expect([...node('camunda').behaviour.repeatsAfter]).toEqual(['disable']);
    expect([...node('cmmn').behaviour.repeatsAfter].sort()).toEqual(['complete', 'terminate']);
  });
});

describe('the engine', () => {
  it('compiles each case for its profile (the cache is keyed by profile)', () => {
    const xml = corpus('flowable/CompletionNeutralTest.testSimpleStageCompletion.cmmn');
    for (const profile of PROFILES) {
      const engine = createEngine({ profile });
      const { key, version } = engine.deploy(xml);
      expect(engine.compiled(key, version, 'testSimpleStageCompletion').profile).toBe(profile);
    }
  });

  it.each([
    ['a file prefix', 'caseRef="cross-file-intake.cmmn#intake_case"'],
    ['a QName prefix', 'xmlns:in="http://casekit.dev/conformance/intake" caseRef="in:intake_case"'],
    ['no prefix', 'caseRef="intake_case"'],
  ])('starts the child case of a caseRef with %s from another deployment', async (_what, ref) => {
    const parent = definitions(`
      <case id="referral_case" name="Referral">
        <casePlanModel id="plan_referral" name="Referral">
          <planItem id="pi_intake" name="Run intake" definitionRef="ct_intake"/>
          <caseTask id="ct_intake" name="Run intake" ${ref}/>
        </casePlanModel>
      </case>`);
    const engine = createEngine({ clock: new VirtualClock('2026-01-01T00:00:00Z') });
    engine.deploy(parent, { key: 'referral' });
    // Without the file that defines the case, the caseRef names nothing: a draft.
    await expect(engine.startCase()).rejects.toThrow(ModelError);
    engine.deploy(readFileSync(join(TASKS, 'cross-file-intake.cmmn'), 'utf8'), { key: 'intake' });
    const started = await engine.startCase({ caseDefinition: 'referral_case' });
    expect(started.items.find((i) => i.itemId === 'pi_intake')?.state).toBe('Active');
    const task = [...allInstances(await engine.getState(started.id))].find((i) => i.childCase !== undefined);
    const child = await engine.getCase(task!.childCase!);
    expect(child.items.map((i) => [i.itemId, i.state])).toEqual([['pi_interview', 'Active']]);
  });

  it("starts a child case from its parent's own model version when another deployment defines the same case id", async () => {
    const own = definitions(`
      <case id="referral_case" name="Referral">
        <casePlanModel id="plan_referral" name="Referral">
          <planItem id="pi_intake" name="Run intake" definitionRef="ct_intake"/>
          <caseTask id="ct_intake" name="Run intake" caseRef="intake_case"/>
        </casePlanModel>
      </case>
      <case id="intake_case" name="Intake">
        <casePlanModel id="plan_own_intake" name="Intake">
          <planItem id="pi_own" name="Own intake step" definitionRef="t_own"/>
          <humanTask id="t_own" name="Own intake step"/>
        </casePlanModel>
      </case>`);
    const engine = createEngine({ clock: new VirtualClock('2026-01-01T00:00:00Z') });
    engine.deploy(own, { key: 'referral' });
    engine.deploy(readFileSync(join(TASKS, 'cross-file-intake.cmmn'), 'utf8'), { key: 'intake' });
    const started = await engine.startCase({ caseDefinition: 'referral_case' });
    const task = [...allInstances(await engine.getState(started.id))].find((i) => i.childCase !== undefined);
    const child = await engine.getCase(task!.childCase!);
    expect(child.items.map((i) => i.itemId)).toEqual(['pi_own']);
  });
});
