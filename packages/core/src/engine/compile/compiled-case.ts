/**
 * The executable form of one case of a model: plan item *nodes* (one per use of a plan item: a
 * stage definition used twice gives its children twice), their structural facts compiled once
 * (what entering, ending or starting one does), compiled rules and expressions, and the indexes
 * that make the cost of an event follow the number of sentries it touches.
 */
import type { CompiledExpression } from '@casekit/rules';
import type { CmmnModel } from '../../model/cmmn-model.js';
import type { Case, CaseFileItem, DiscretionaryItem, PlanItem, PlanItemDefinition, Role, Stage } from '../../model/types.js';
import type { PlanItemKind, PlanItemState, PlanItemTransition } from '../../lifecycle/index.js';
import type { TimerSpec } from '../../timer/index.js';
import type { Profile, ProfileWarning } from '../profile.js';
import type { CompiledWork } from './work-spec.js';

/** A compiled rule: absent (undefined), unconditional (`true`), or a condition. */
export type CompiledRule = true | CompiledExpression;

/** A compiled on-part. */
export type CompiledOnPart =
  | {
      readonly kind: 'planItem';
      /** Nodes (uses of the source plan item) in scope of the sentry's owner. */
      readonly sources: readonly number[];
      readonly event: string;
      readonly exitCriterionId: string | undefined;
      /** Depth of the stage instance the source and the owner must share (0 = case plan model). */
      readonly scopeDepth: number;
    }
  | { readonly kind: 'caseFile'; readonly name: string; readonly event: string };

/** A compiled entry or exit criterion of a node. */
export interface CompiledCriterion {
  readonly type: 'entry' | 'exit';
  /** Index in the node's criteria list (entry criteria first). */
  readonly index: number;
  readonly id: string | undefined;
  readonly sentryId: string | undefined;
  readonly onParts: readonly CompiledOnPart[];
  readonly ifPart: CompiledExpression | undefined;
  /** `casekit:triggerMode="onEvent"` (or Flowable's): all on-parts must occur in one step. */
  readonly onEvent: boolean;
  /** The owner states in which the criterion is watched (§4): it remembers on-parts only there. */
  readonly watchedIn: ReadonlySet<PlanItemState>;
  /** Where its occurred on-parts are kept in the owner's sentry memory: the first word, and how many. */
  readonly memoryOffset: number;
  readonly memoryWords: number;
}

/** Where a timer event listener starts its clock. */
export type CompiledTimerStart =
  | { readonly kind: 'creation' }
  | { readonly kind: 'planItem'; readonly sources: readonly number[]; readonly event: string; readonly scopeDepth: number }
  | { readonly kind: 'caseFile'; readonly name: string; readonly event: string };

/** What entering a node does once its entry criterion is satisfied (or at once, without one). */
export type EntryBehaviour =
  /** Milestones: `occur`. */
  | 'occur'
  /** Tasks and stages: `start`, or `enable` under a manual activation rule. */
  | 'startOrEnable'
  /** Event listeners: nothing; they wait for their event. */
  | 'wait';

/** What starting a task hands to the host (the effect of `start`). */
export type StartBehaviour = 'none' | 'invokeTask' | 'startChildCase' | 'evaluateDecision';

/** Structural facts of a node, compiled once from its kind and definition so that the step never switches on types. */
export interface NodeBehaviour {
  readonly entry: EntryBehaviour;
  /** The transition an exit criterion applies (`terminate` for the case plan model). */
  readonly exit: 'exit' | 'parentTerminate' | 'terminate';
  /** The transition its stage's ending applies to it while it is not done. */
  readonly endedByStage: 'exit' | 'parentTerminate';
  /** The states from which its stage's ending moves it. */
  readonly endableFrom: ReadonlySet<PlanItemState>;
  /** Whether a user may raise it with `occur` (user event listeners). */
  readonly userOccurs: boolean;
  /** What `start` (and `manualStart`, `reactivate`) hands to the host. */
  readonly onStart: StartBehaviour;
  /** A stage: it has children, a tally, and its transitions propagate to them. */
  readonly isStage: boolean;
  /** The transitions after which an item without entry criteria repeats (its repetition rule permitting). */
  readonly repeatsAfter: ReadonlySet<PlanItemTransition>;
  /** Roles that may give it a plan item command (performer role, or authorized roles of a user event listener); empty = any case member. */
  readonly commandRoles: readonly string[];
  /**
   * Who gives it plan item commands (docs/authorization.md): `roles` — a holder of `commandRoles`,
   * or any member of the case team when there are none (human tasks, user event listeners, other
   * tasks); `case` — the case owner or a case-command role (stages, the case plan model included);
   * `granted` — no user, unless the engine grants a role on it (timer and other event listeners,
   * milestones: the engine moves them).
   */
  readonly commandedBy: 'roles' | 'case' | 'granted';
}

/**
 * When an open instance of a node does not keep its stage from completing by itself (a profile's
 * reading, docs/profiles.md; under `cmmn` no node has one).
 */
export interface OpenExemption {
  /** `flowable:completionNeutralRule`: while the instance is Available and the rule holds. */
  readonly neutral: CompiledRule | undefined;
  /** Flowable: an Available instance created to wait for the item's next repetition (its 2nd and later). */
  readonly waitingRepetition: boolean;
  /** Flowable: an Available event listener, once none of these watchers of its `occur` can hear it any longer. */
  readonly listenerWatchers: readonly Watcher[] | undefined;
}

/** One use of a plan item (or discretionary item) in the case plan. */
export interface CompiledNode {
  /** Dense index, in model (document) order; the root (case plan model) is 0. */
  readonly index: number;
  /** The plan item's (or discretionary item's, or case plan model's) id. */
  readonly id: string;
  /** Display name: the item's name, else its definition's, else its id. */
  readonly name: string;
  readonly element: PlanItem | DiscretionaryItem | Stage;
  readonly definition: PlanItemDefinition;
  /** Lifecycle family. */
  readonly kind: PlanItemKind;
  /** The definition's kind: 'HumanTask', 'Stage', … */
  readonly type: PlanItemDefinition['kind'];
  readonly behaviour: NodeBehaviour;
  /** Enclosing stage node (undefined for the root). */
  readonly parent: number | undefined;
  /** Number of enclosing stage nodes (root = 0). */
  readonly depth: number;
  readonly discretionary: boolean;
  readonly criteria: readonly CompiledCriterion[];
  readonly entryCount: number;
  /** Words of sentry memory an instance keeps (0: no criteria). */
  readonly memorySize: number;
  readonly required: CompiledRule | undefined;
  readonly repetition: CompiledRule | undefined;
  readonly manualActivation: CompiledRule | undefined;
  readonly isBlocking: boolean;
  readonly autoComplete: boolean;
  /** Stage: the child nodes created when it activates (non-discretionary), in model order. */
  readonly children: readonly number[];
  /** Stage or human task: discretionary nodes of its planning table (nested tables flattened). */
  readonly discretionaryItems: readonly number[];
  /** Discretionary node: the stage or human task node whose planning table offers it. */
  readonly planningOwner: number | undefined;
  /** Discretionary node: applicability rules (item's and enclosing tables'), all must hold. */
  readonly applicability: readonly CompiledExpression[];
  /** Discretionary node / user event listener: role ids and names allowed (empty = anyone). */
  readonly authorizedRoles: readonly string[];
  /** Human task: the performer role's id and name (empty = anyone). */
  readonly performerRoles: readonly string[];
  /** Human task: its work — assignee, candidates, due date, priority, four-eyes (docs/work.md). */
  readonly work: CompiledWork | undefined;
  readonly timer: { readonly spec: TimerSpec; readonly start: CompiledTimerStart } | undefined;
  /** Task handler lookup keys: definition id, definition name, processRef/caseRef/decisionRef. */
  readonly handlerKeys: readonly string[];
  /** When its open instances do not keep their stage open (profiles only). */
  readonly openExemption: OpenExemption | undefined;
  /** Stage: some child has an {@link OpenExemption}, so an open tally is looked into before it blocks completion. */
  readonly exemptChildren: boolean;
}

/** A watcher of an event: one on-part of one criterion of one node. */
export interface Watcher {
  readonly node: number;
  readonly criterion: number;
  readonly onPart: number;
  readonly scopeDepth: number;
  /**
   * Flowable's cross-border entry (profiles only): the stage nodes between the scope and the
   * owner, outermost first, started when Available so that the owner exists to enter.
   */
  readonly activate?: readonly number[];
}

/** A timer listener waiting for its start trigger. */
export interface TimerStartWatcher {
  readonly node: number;
  readonly scopeDepth: number;
}

/** The executable form of one case of a model. */
export interface CompiledCase {
  readonly model: CmmnModel;
  readonly caseElement: Case;
  readonly caseId: string;
  readonly nodes: readonly CompiledNode[];
  /** Plan item / discretionary item id → nodes using it. */
  readonly nodesByItemId: ReadonlyMap<string, readonly number[]>;
  /** Names (item name, then definition name) → item ids. */
  readonly itemIdsByName: ReadonlyMap<string, readonly string[]>;
  /** `${node}:${event}` → watchers. */
  readonly planItemWatchers: ReadonlyMap<string, readonly Watcher[]>;
  /** `${caseFileItemName}:${event}` → watchers. */
  readonly caseFileWatchers: ReadonlyMap<string, readonly Watcher[]>;
  /** Variable name → criteria whose if-part reads it. */
  readonly ifPartReaders: ReadonlyMap<string, readonly Watcher[]>;
  /** Criteria whose if-part reads are unknown, or with an if-part and no on-part. */
  readonly ifPartAlways: readonly Watcher[];
  /** Timer start triggers: `${node}:${event}` / `${name}:${event}` → timer nodes. */
  readonly timerStartByPlanItem: ReadonlyMap<string, readonly TimerStartWatcher[]>;
  readonly timerStartByCaseFile: ReadonlyMap<string, readonly TimerStartWatcher[]>;
  /** Case file item names declared in the model (nested ones included), with their parent's name. */
  readonly caseFileItems: ReadonlyMap<string, { readonly item: CaseFileItem; readonly parent: string | undefined }>;
  /** Roles by id. */
  readonly roles: readonly Role[];
  /** The semantic profile it was compiled for (docs/profiles.md). */
  readonly profile: Profile;
  /** What the profile read differently from CMMN 1.1 and the modeler should know (e.g. ignored on-parts). */
  readonly warnings: readonly ProfileWarning[];
}
