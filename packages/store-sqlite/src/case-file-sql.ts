/**
 * Case file conditions as SQLite SQL: a path as a JSON path literal, one operator on a value of a
 * JSON type, a `json_each` walk for paths a literal cannot hold, and quoted identifiers.
 */
import type { ParsedOperator } from '@casekit/core/internals';

/**
 * `'$.caseFile."a"."b"'` as an SQL string literal, or undefined when a member name would need an
 * escape in a JSON path (double quote, backslash, control character): those are read with
 * `json_each` instead, which compares member names as bound parameters.
 */
export function jsonPath(path: readonly string[]): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (path.some((member) => /["\\\u0000-\u001f]/.test(member))) return undefined;
  return `'$.caseFile${path.map((member) => `."${member.replaceAll("'", "''")}"`).join('')}'`;
}

/** One operator on a value `v` of JSON type `t` (`json_type`: null when missing), parenthesised. */
export function sqlCondition(o: ParsedOperator, v: string, t: string, params: unknown[]): string {
  const equal = (value: unknown): string => {
    if (value === null) return `(${t} = 'null')`;
    if (value === true) return `(${t} = 'true')`;
    if (value === false) return `(${t} = 'false')`;
    params.push(value);
    return typeof value === 'number' ? `(${t} IN ('integer', 'real') AND ${v} = ?)` : `(${t} = 'text' AND ${v} = ?)`;
  };
  switch (o.op) {
    case 'exists':
      return o.value ? `(${t} IS NOT NULL)` : `(${t} IS NULL)`;
    case 'eq':
      return equal(o.value);
    case 'ne':
      return `(${t} IS NOT NULL AND NOT ${equal(o.value)})`;
    case 'in':
      return o.values.length === 0 ? '(0)' : `(${o.values.map(equal).join(' OR ')})`;
    default: {
      const sign = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[o.op];
      params.push(o.value);
      return typeof o.value === 'number' ? `(${t} IN ('integer', 'real') AND ${v} ${sign} ?)` : `(${t} = 'text' AND ${v} ${sign} ?)`;
    }
  }
}

/** One operator on a path whose member names cannot be a JSON path literal: a `json_each` walk. */
export function eachCondition(path: readonly string[], o: ParsedOperator, params: unknown[]): string {
  const joins: string[] = [];
  const keys: string[] = [];
  path.forEach((member, i) => {
    const j = `j${i}`;
    joins.push(i === 0 ? `json_each(data, '$.caseFile') AS ${j}` : `json_each(CASE WHEN j${i - 1}.type = 'object' THEN j${i - 1}.value ELSE '{}' END) AS ${j}`);
    keys.push(`${j}.key = ?`);
    params.push(member);
  });
  const last = `j${path.length - 1}`;
  const from = `SELECT 1 FROM ${joins.join(', ')} WHERE ${keys.join(' AND ')}`;
  if (o.op === 'exists') return o.value ? `EXISTS (${from})` : `NOT EXISTS (${from})`;
  return `EXISTS (${from} AND ${sqlCondition(o, `${last}.value`, `${last}.type`, params)})`;
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
