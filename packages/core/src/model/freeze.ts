import type { XmlElement } from './types.js';
import { walkModel, type ModelNode } from './walk.js';

/** The frozen empty array the parser gives array properties that stay empty (most do). */
export const EMPTY_LIST: readonly never[] = Object.freeze([]);

function freezeXml(element: XmlElement): void {
  const attributes = element.attributes;
  for (let i = 0; i < attributes.length; i++) Object.freeze(attributes[i]);
  Object.freeze(attributes);
  const children = element.children;
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!;
    if (typeof child !== 'string') freezeXml(child);
  }
  Object.freeze(children);
  Object.freeze(element);
}

/**
 * Freezes one node: the node, its arrays and the plain values and kept XML fragments they hold.
 * Model nodes it refers to (they have a `kind`) are left to be frozen on their own.
 */
export function freezeNode(node: ModelNode): void {
  for (const key in node) {
    const value = node[key];
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      if ((value as unknown) === EMPTY_LIST) continue;
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (item !== null && typeof item === 'object' && !('kind' in item)) {
          if ('local' in item && 'children' in item) freezeXml(item as XmlElement);
          else Object.freeze(item);
        }
      }
      Object.freeze(value);
    } else if (!('kind' in value)) {
      Object.freeze(value);
    }
  }
  Object.freeze(node);
}

/** Freezes a model tree: every node, every array, every kept XML fragment. */
export function freezeModel(root: ModelNode): void {
  walkModel(root, freezeNode);
}
