import { describe, expect, it } from 'vitest';
import { isFormulaLike, neutraliseCell, toXmlSafeText } from './spreadsheet.ts';

describe('spreadsheet safety', () => {
  it.each(['=HYPERLINK("http://evil","x")', '+cmd|calc', '-1+2', '@SUM(A1)'])(
    'treats %s as a formula',
    (v) => {
      expect(isFormulaLike(v)).toBe(true);
    },
  );
  it('allows plain negative and signed numbers', () => {
    expect(isFormulaLike('-5')).toBe(false);
    expect(isFormulaLike('+3.5')).toBe(false);
    expect(isFormulaLike('张三')).toBe(false);
  });
  it('neutralises exported cells that start with = + - @', () => {
    expect(['=1+1', '+1', '-x', '@a', 'ok'].map(neutraliseCell)).toEqual([
      "'=1+1",
      "'+1",
      "'-x",
      "'@a",
      'ok',
    ]);
  });
  it('replaces characters XML 1.0 forbids and keeps tab, newlines and emoji', () => {
    expect(toXmlSafeText('a\uffffb\u0001c\ud800\t\n\r😀\ufffe')).toBe('a\ufffdb\ufffdc\ufffd\t\n\r😀\ufffd');
  });
});
