/**
 * The XML scanner's character classes: the characters XML 1.0 allows in a document (production
 * [2] Char), in names (productions [4], [4a]) and as white space.
 */
import { XmlSyntaxError } from './xml-errors.js';

/** True for a code point XML 1.0 allows in a document (production [2] Char). */
export function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** A character outside XML 1.0's Char production [2] — or a surrogate, legal only in a pair. */
const SUSPECT_CHARACTER = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD]/g;

/**
 * Checks that every character is one XML 1.0 allows (surrogates only in pairs). Returns whether
 * the text holds a carriage return (line ends to normalise). A native regular-expression scan is
 * about twice as fast as a `charCodeAt` loop here; it stops only at surrogates and errors.
 */
export function checkCharacters(xml: string): boolean {
  SUSPECT_CHARACTER.lastIndex = 0;
  for (let match = SUSPECT_CHARACTER.exec(xml); match !== null; match = SUSPECT_CHARACTER.exec(xml)) {
    const at = match.index;
    const code = xml.charCodeAt(at);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = xml.charCodeAt(at + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        SUSPECT_CHARACTER.lastIndex = at + 2;
        continue;
      }
    }
    throw illegalCharacter(code, at);
  }
  return xml.indexOf('\r') >= 0;
}

function illegalCharacter(code: number, offset: number): XmlSyntaxError {
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return new XmlSyntaxError(`the character U+${hex} is not allowed in XML`, undefined, undefined, offset);
}

/** ASCII name characters: bit 1 = may start a name, bit 2 = may continue one (productions [4], [4a]). */
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) ASCII_NAME[c] = 3;
  else if (/[0-9.-]/.test(ch)) ASCII_NAME[c] = 2;
}

export function isNameStart(c: number): boolean {
  if (c < 0x80) return (ASCII_NAME[c]! & 1) !== 0;
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    (c >= 0x200c && c <= 0x200d) ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd) ||
    // #x10000-#xEFFFF, seen as their high surrogate (the pair was checked by checkCharacters)
    (c >= 0xd800 && c <= 0xdb7f)
  );
}

export function isNameChar(c: number): boolean {
  if (c < 0x80) return ASCII_NAME[c] !== 0;
  return c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040 || (c >= 0xdc00 && c <= 0xdfff) || isNameStart(c);
}

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0xa || c === 0x9 || c === 0xd;
}
