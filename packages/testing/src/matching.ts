/** How a scenario compares what it expects with what happened: partial deep matches of values, errors by code or class. */

/** Partial deep match: every key of `expected` is in `actual` with a matching value. */
export function partialMatch(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return Object.is(expected, actual) || expected === actual;
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && actual.length === expected.length && expected.every((e, i) => partialMatch(e, actual[i]));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  return Object.entries(expected).every(([k, v]) => Object.hasOwn(actual, k) && partialMatch(v, (actual as Record<string, unknown>)[k]));
}

export function errorInfo(error: unknown): { code: string; name: string; message: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { code: typeof code === 'string' ? code : error.name, name: error.name, message: error.message };
  }
  return { code: 'Error', name: 'Error', message: String(error) };
}

export function errorMatches(error: unknown, expected: string): boolean {
  const info = errorInfo(error);
  return info.code === expected || info.name === expected || (error instanceof Error && error.constructor.name === expected);
}

