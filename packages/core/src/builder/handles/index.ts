/**
 * The public types of the builder: handles (what the builder returns for each element it
 * creates, and what other elements take as references) and the option objects, one file per
 * kind of element.
 *
 * Every handle carries the id of its case as the type parameter `C`. Give a case a literal id
 * (`m.case('Claim', { id: 'claim' })`) and TypeScript refuses handles of another case wherever
 * a reference must stay inside the case (on-part sources, performers, criteria, …); without a
 * literal id `C` is `string` and `build()` catches the mix-up instead.
 *
 * @module
 */
export type * from './element-options.js';
export type * from './definitions.js';
export type * from './case-file-items.js';
export type * from './roles.js';
export type * from './parameters.js';
export type * from './items.js';
export type * from './sentries.js';
export type * from './rules.js';
export type {
  DefinitionElementOptions,
  ItemOptions,
  DefinitionOptions,
  DiscretionaryOptions,
  UseOptions,
  DiscretionaryUseOptions,
  PlanningTableOptions,
} from './item-options.js';
export type * from './tasks.js';
export type * from './milestones-event-listeners.js';
export type * from './containers.js';
