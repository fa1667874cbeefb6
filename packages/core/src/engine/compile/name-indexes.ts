/** The indexes by name a compiled case keeps: item names → plan item ids, case file item names → items. */
import type { Case, CaseFileItem } from '../../model/types.js';
import type { CompiledNode } from './compiled-case.js';

/** Names (the item's name, else its definition's) → the ids of the plan items that carry them (the root left out). */
export function itemIdsByNameOf(nodes: readonly Pick<CompiledNode, 'index' | 'id' | 'element' | 'definition'>[]): Map<string, string[]> {
  const itemIdsByName = new Map<string, string[]>();
  for (const node of nodes) {
    if (node.index === 0) continue;
    const name = node.element.name !== undefined && node.element.name !== '' ? node.element.name : node.definition.name;
    if (name === undefined || name === '') continue;
    const ids = itemIdsByName.get(name) ?? [];
    if (!ids.includes(node.id)) ids.push(node.id);
    itemIdsByName.set(name, ids);
  }
  return itemIdsByName;
}

/** Case file item names declared in the case (nested ones included, the first of a name kept) → the item and its parent's name. */
export function caseFileItemsOf(caseElement: Case): Map<string, { item: CaseFileItem; parent: string | undefined }> {
  const caseFileItems = new Map<string, { item: CaseFileItem; parent: string | undefined }>();
  const visit = (items: readonly CaseFileItem[], parent: string | undefined): void => {
    for (const item of items) {
      const name = item.name ?? item.id;
      if (name !== undefined && !caseFileItems.has(name)) caseFileItems.set(name, { item, parent });
      visit(item.children?.caseFileItems ?? [], name);
    }
  };
  visit(caseElement.caseFileModel?.caseFileItems ?? [], undefined);
  return caseFileItems;
}
