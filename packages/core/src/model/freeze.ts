import type { XmlElement } from './types.js';
import { walkModel, type ModelNode } from './walk.js';

function freezeXml(element: XmlElement): void {
  for (const attribute of element.attributes) Object.freeze(attribute);
  Object.freeze(element.attributes);
  for (const child of element.children) if (typeof child !== 'string') freezeXml(child);
  Object.freeze(element.children);
  Object.freeze(element);
}

/** Freezes a model tree: every node, every array, every kept XML fragment. */
export function freezeModel(root: ModelNode): void {
  walkModel(root, (node) => {
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) {
        for (const item of value) {
          if (item !== null && typeof item === 'object' && !('kind' in item)) {
            if ('local' in item && 'children' in item) freezeXml(item as XmlElement);
            else Object.freeze(item);
          }
        }
        Object.freeze(value);
      } else if (value !== null && typeof value === 'object' && !('kind' in value)) {
        Object.freeze(value);
      }
    }
    Object.freeze(node);
  });
}
