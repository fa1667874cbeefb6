/**
 * Pieces of the PostgreSQL store's SQL built per query: numbered parameters, literals, and case
 * file conditions on the `case_file` jsonb column.
 */
import type { JsonScalar } from '@casekit/core';
import type { ParsedOperator } from '@casekit/core/internals';

/** Numbered parameters of a query built piece by piece: `param(value)` returns its `$n`. */
export function parameters(): { readonly values: unknown[]; readonly param: (value: unknown) => string } {
  const values: unknown[] = [];
  return {
    values,
    param: (value) => {
      values.push(value);
      return `$${values.length}`;
    },
  };
}

/** A string as an SQL literal (escape-string syntax, so backslashes mean the same whatever `standard_conforming_strings`). */
export function literal(text: string): string {
  return `E'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** The case file value at a path, as jsonb (SQL NULL when missing; `->` does not go into arrays). */
export function caseFileValue(path: readonly string[]): string {
  return `(case_file${path.map((member) => ` -> ${literal(member)}`).join('')})`;
}

/** `{ a: { b: value } }` for the path `a.b`. */
export function nest(path: readonly string[], value: JsonScalar): unknown {
  return path.reduceRight<unknown>((inner, member) => ({ [member]: inner }), value);
}

/** One operator on a jsonb value `x` (SQL NULL when missing). */
export function pgCondition(o: ParsedOperator, x: string, param: (value: unknown) => string): string {
  switch (o.op) {
    case 'exists':
      return o.value ? `${x} IS NOT NULL` : `${x} IS NULL`;
    case 'eq':
      return `${x} = ${param(JSON.stringify(o.value))}::jsonb`;
    case 'ne':
      return `${x} <> ${param(JSON.stringify(o.value))}::jsonb`;
    case 'in':
      return o.values.length === 0 ? 'false' : `${x} = ANY (${param(o.values.map((v) => JSON.stringify(v)))}::jsonb[])`;
    default: {
      const sign = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[o.op];
      // Numbers compare as jsonb (numerically); strings by code point, as the other stores do.
      return typeof o.value === 'number'
        ? `(jsonb_typeof(${x}) = 'number' AND ${x} ${sign} ${param(JSON.stringify(o.value))}::jsonb)`
        : `(jsonb_typeof(${x}) = 'string' AND (${x} #>> '{}') COLLATE "C" ${sign} ${param(o.value)}::text COLLATE "C")`;
    }
  }
}
