/**
 * HTML written safely: the `html` tag escapes every interpolated value unless it is already
 * {@link Html} (built by `html` itself, or trusted markup wrapped with {@link trusted}). Model
 * names, case file values and error messages are hostile input; none reaches a page unescaped.
 */

/** Markup that is safe to insert as is. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** Characters HTML cannot carry, and unpaired surrogates. */
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/**
 * `text` escaped for HTML text and quoted attribute values.
 *
 * @example
 * escapeHtml('<b title="x">'); // '&lt;b title=&quot;x&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(ILLEGAL, '').replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map((v) => render(v)).join('');
  return escapeHtml(String(value));
}

/**
 * A template tag: literal parts are kept, interpolations escaped (arrays joined, `null`,
 * `undefined` and `false` left out).
 *
 * @example
 * html`<li>${item.name}</li>`;
 */
export function html(strings: TemplateStringsArray, ...values: readonly Value[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Markup produced by trusted code (the SVG of `renderSvg`, which escapes its own text). */
export function trusted(markup: string): Html {
  return new Html(markup);
}
