import { describe, expect, it } from 'vitest';
import { findInvalidText, isInvalidText, textSchema, truncateText } from './text.ts';

describe('invalid text', () => {
  it('finds NUL and lone surrogates but allows paired ones', () => {
    expect(isInvalidText('a\u0000b')).toBe(true);
    expect(isInvalidText('\ud800')).toBe(true);
    expect(isInvalidText('x\udc00')).toBe(true);
    expect(isInvalidText('😀 张三 \uffff')).toBe(false);
  });
  it('names the path of each bad string and key', () => {
    expect(
      findInvalidText({ title: 'ok', krs: [{ title: 'a\u0000' }], 'k\ud800': 1, n: 5, z: null }, 'body'),
    ).toEqual(['body.krs.0.title', 'body.k\ufffd']);
    expect(findInvalidText('\u0000', 'query.q')).toEqual(['query.q']);
    expect(findInvalidText(new Uint8Array([0, 0]), 'body')).toEqual([]);
  });
  it('refuses invalid text in the text schema with the field code', () => {
    const result = textSchema().safeParse('a\u0000');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('invalid_text');
    expect(textSchema().parse('张三')).toBe('张三');
  });
});

describe('truncateText', () => {
  it('never splits an emoji (a surrogate pair), so the cut text stays storable', () => {
    const text = `${'目'.repeat(59)}😀尾`;
    const cut = truncateText(text, 60);
    expect(cut).toBe('目'.repeat(59));
    expect(isInvalidText(cut)).toBe(false);
    expect(truncateText(text, 61)).toBe(`${'目'.repeat(59)}😀`);
    expect(truncateText('short', 60)).toBe('short');
  });
});
