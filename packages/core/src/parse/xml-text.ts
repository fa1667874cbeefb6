/**
 * Text as the XML scanner keeps it: entity and character references decoded, line ends
 * normalised, and the indentation between elements shared instead of copied.
 */
import { isXmlChar } from './xml-characters.js';
import { XmlSyntaxError } from './xml-errors.js';

const XML_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);
/** An entity or character reference at the start of the text (after its `&`). */
const REFERENCE = /^(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_][A-Za-z0-9._-]*);/;


/**
 * Decodes the five XML entities and character references; any other entity, a bare `&` and a
 * reference to a character XML does not allow are malformed XML.
 */
export function decodeEntities(text: string): string {
  let at = text.indexOf('&');
  if (at < 0) return text;
  let out = '';
  let from = 0;
  while (at >= 0) {
    out += text.slice(from, at);
    const match = REFERENCE.exec(text.slice(at + 1, at + 1 + 64));
    if (match === null) {
      throw new XmlSyntaxError(
        `"&" must start an entity reference such as &amp; (found "${text.slice(at, at + 12)}")`,
        undefined,
        undefined,
      );
    }
    const body = match[1]!;
    if (body.startsWith('#')) {
      const code = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || !isXmlChar(code)) {
        throw new XmlSyntaxError(`invalid character reference "&${body};"`, undefined, undefined);
      }
      out += String.fromCodePoint(code);
    } else {
      const value = XML_ENTITIES.get(body);
      if (value === undefined) throw new XmlSyntaxError(`undefined entity "&${body};"`, undefined, undefined);
      out += value;
    }
    from = at + 1 + match[0].length;
    at = text.indexOf('&', from);
  }
  return out + text.slice(from);
}

/** `\n` followed by 0–63 spaces: the text between most elements, shared instead of copied. */
const INDENTS: readonly string[] = Array.from({ length: 64 }, (_, n) => `\n${' '.repeat(n)}`);

/** The shared string for the text from `from` to `to` when it is a line end and indentation. */
export function indentation(xml: string, from: number, to: number): string | undefined {
  const spaces = to - from - 1;
  if (spaces < 64 && xml.charCodeAt(from) === 0x0a) {
    let at = from + 1;
    while (at < to && xml.charCodeAt(at) === 0x20) at++;
    if (at === to) return INDENTS[spaces]!;
  }
  return undefined;
}

export const CRLF = /\r\n?/g;
