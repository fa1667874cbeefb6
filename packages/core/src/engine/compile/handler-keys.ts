/** How the host finds a task's handler or a decision task's decision: the keys of its definition. */
import type { PlanItemDefinition } from '../../model/types.js';

/** Task handler lookup keys, most specific first: definition id, definition name, processRef/caseRef/decisionRef and what they name. */
export function handlerKeys(definition: PlanItemDefinition): string[] {
  const keys: string[] = [];
  const add = (key: string | undefined): void => {
    if (key !== undefined && key !== '' && !keys.includes(key)) keys.push(key);
  };
  add(definition.id);
  add(definition.name);
  if (definition.kind === 'ProcessTask') {
    add(definition.processRef);
    add(definition.process?.name);
    add(definition.process?.externalRef);
  }
  if (definition.kind === 'DecisionTask') {
    add(definition.decisionRef);
    add(definition.decision?.name);
    add(definition.decision?.externalRef);
  }
  if (definition.kind === 'CaseTask') add(definition.caseRef);
  return keys;
}
