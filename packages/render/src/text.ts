/**
 * Text measured without a browser: advance widths of a sans font embedded here, so that wrapping
 * (and so the SVG) is the same bytes on every machine. The widths are those of Helvetica, which
 * Arial and Liberation Sans share (metric-compatible), in 1/1000 em; the SVG asks for that family.
 */

/**
 * The font family the SVG names; text is measured with the metrics of this family.
 *
 * @example
 * `<text font-family="${FONT_FAMILY}">…</text>`;
 */
export const FONT_FAMILY = "Arial, Helvetica, 'Liberation Sans', sans-serif";

/** Advance widths (1/1000 em) of the printable ASCII characters U+0020 … U+007E, in order. */
// prettier-ignore
const ADVANCE_WIDTHS: readonly number[] = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space ! " # $ % & ' ( ) * + , - . /
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0-9 : ; < = > ?
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ A-O
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P-Z [ \ ] ^ _
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` a-o
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p-z { | } ~
];

/** Width of one character (a code point) in 1/1000 em. */
function advance(codePoint: number): number {
  if (codePoint >= 0x20 && codePoint <= 0x7e) return ADVANCE_WIDTHS[codePoint - 0x20]!;
  if (codePoint < 0x20) return 0;
  // Combining marks and zero-width characters take no room.
  if ((codePoint >= 0x300 && codePoint <= 0x36f) || (codePoint >= 0x200b && codePoint <= 0x200f) || codePoint === 0xfeff) return 0;
  // CJK, Hangul, full-width forms and pictographs are about one em wide.
  if (codePoint >= 0x1100 && (codePoint <= 0x115f || (codePoint >= 0x2e80 && codePoint <= 0xa4cf) || (codePoint >= 0xac00 && codePoint <= 0xd7a3) || (codePoint >= 0xf900 && codePoint <= 0xfaff) || (codePoint >= 0xfe30 && codePoint <= 0xfe4f) || (codePoint >= 0xff00 && codePoint <= 0xff60) || codePoint >= 0x1f000)) {
    return 1000;
  }
  // Other letters (Latin-1, Greek, Cyrillic, …): an average lower-case width.
  return 556;
}

/**
 * The width of `text` at `fontSize` (in the unit of the font size).
 *
 * @example
 * measureText('Screening', 12); // 54.7…
 */
export function measureText(text: string, fontSize: number): number {
  let total = 0;
  for (const ch of text) total += advance(ch.codePointAt(0)!);
  return (total * fontSize) / 1000;
}

/** Breaks one word too long for a line into pieces that fit. */
function breakWord(word: string, width: number, fontSize: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const ch of word) {
    if (current !== '' && measureText(current + ch, fontSize) > width) {
      pieces.push(current);
      current = ch;
    } else current += ch;
  }
  if (current !== '') pieces.push(current);
  return pieces;
}

/** Shortens a line with an ellipsis until it fits. */
function ellipsize(line: string, width: number, fontSize: number): string {
  const chars = [...line];
  while (chars.length > 0 && measureText(`${chars.join('')}…`, fontSize) > width) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/**
 * Wraps `text` into lines at most `width` wide (greedy, by words; a word longer than a line is
 * broken), at most `maxLines` of them: the last line kept ends with an ellipsis when text is cut.
 *
 * @example
 * wrapText('Comprehensive assessment', 90, 12, 3); // ['Comprehensive', 'assessment']
 */
export function wrapText(text: string, width: number, fontSize: number, maxLines = Number.POSITIVE_INFINITY): string[] {
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (measureText(candidate, fontSize) <= width) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    if (measureText(word, fontSize) <= width) current = word;
    else {
      const pieces = breakWord(word, Math.max(width, fontSize), fontSize);
      lines.push(...pieces.slice(0, -1));
      current = pieces[pieces.length - 1] ?? '';
    }
  }
  if (current !== '') lines.push(current);
  const limit = Math.max(1, Math.floor(maxLines));
  if (lines.length <= limit) return lines;
  const kept = lines.slice(0, limit);
  kept[limit - 1] = ellipsize(`${kept[limit - 1]!} ${lines[limit]!}`, Math.max(width, fontSize), fontSize);
  return kept;
}
