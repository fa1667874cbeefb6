/** Writing SVG text safely: escaping, characters XML forbids, numbers that print the same everywhere. */

/** Characters XML 1.0 does not allow, and unpaired surrogates. */
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `value` escaped for XML text and attribute values (`&`, `<`, `>`, `"`, `'`), with the
 * characters XML cannot carry removed. Model names are hostile input: every string goes through it.
 *
 * @example
 * escapeXml('<script>"x" & y'); // '&lt;script&gt;&quot;x&quot; &amp; y'
 */
export function escapeXml(value: string): string {
  return value.replace(ILLEGAL, '').replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/** A coordinate as SVG text: at most two decimals, no exponent; non-finite numbers print as 0. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** Attributes as ` name="value"` pairs, escaped; undefined values are left out. */
export function attrs(values: Readonly<Record<string, string | number | undefined>>): string {
  let out = '';
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    out += ` ${name}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`;
  }
  return out;
}

/** One element: `<name attrs/>` or `<name attrs>children</name>`. */
export function el(name: string, values: Readonly<Record<string, string | number | undefined>>, children?: string): string {
  return children === undefined || children === '' ? `<${name}${attrs(values)}/>` : `<${name}${attrs(values)}>${children}</${name}>`;
}
