import { describe, expect, it } from 'vitest';
import { escapeXml, measureText, wrapText } from '@casekit/render';

describe('text metrics', () => {
  it('measures with the embedded advance widths', () => {
    expect(measureText('', 12)).toBe(0);
    expect(measureText('i', 1000)).toBe(222);
    expect(measureText('W', 1000)).toBe(944);
    expect(measureText('Screening', 12)).toBeCloseTo(((667 + 500 + 333 + 556 + 556 + 556 + 222 + 556 + 556) * 12) / 1000, 6);
    expect(measureText('審査', 10)).toBe(20);
  });

  it('wraps by words, breaks long words, and ellipsizes past the line limit', () => {
    expect(wrapText('Comprehensive assessment', 90, 12)).toEqual(['Comprehensive', 'assessment']);
    expect(wrapText('a b c', 1000, 12)).toEqual(['a b c']);
    const broken = wrapText('Supercalifragilisticexpialidocious', 60, 12);
    expect(broken.length).toBeGreaterThan(1);
    for (const line of broken) expect(measureText(line, 12)).toBeLessThanOrEqual(60);
    const cut = wrapText('one two three four five six seven eight nine ten', 40, 12, 2);
    expect(cut).toHaveLength(2);
    expect(cut[1]!.endsWith('…')).toBe(true);
    expect(wrapText('   ', 40, 12)).toEqual([]);
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeXml('a\u0000b\u001Fc\uFFFEd\uD800e')).toBe('abcde');
    expect(escapeXml('😀')).toBe('😀');
  });
});
