/**
 * One handle per record: the registry the authoring modules share, and how a handle is composed
 * from the parts its kind has.
 *
 * @internal
 */

/** Handles by record, so each record has one handle. */
export const HANDLES = new WeakMap<object, object>();

/** Registers `handle` as the one handle of `record`. */
export function remember<H extends object>(record: object, handle: H): H {
  HANDLES.set(record, handle);
  return handle;
}

/** Merges property descriptors (getters stay getters). */
export function compose(...parts: object[]): Record<string, unknown> {
  const out = {};
  for (const part of parts) Object.defineProperties(out, Object.getOwnPropertyDescriptors(part));
  return out;
}
