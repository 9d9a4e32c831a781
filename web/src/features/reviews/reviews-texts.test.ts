import { describe, expect, it } from 'vitest';
import enUS from '../../i18n/locales/en-US.json';
import zhCN from '../../i18n/locales/zh-CN.json';

type Tree = { [key: string]: string | Tree };

/** Every key of a locale subtree, dotted. */
function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}

const sources = import.meta.glob('./*.tsx', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;

describe('the texts of the reviewer pages', () => {
  it('has every zh-CN text in en-US and the other way round', () => {
    expect(keysOf(enUS.reviews as Tree).sort()).toEqual(keysOf(zhCN.reviews as Tree).sort());
    expect(enUS.nav.reviews).toBeTruthy();
    expect(zhCN.nav.reviews).toBeTruthy();
  });

  it('has a text for every key the pages name', () => {
    const known = new Set(keysOf(zhCN.reviews as Tree).map((k) => `reviews.${k}`));
    const prefixes = new Set(
      [...known].flatMap((k) => k.split('.').map((_, i, a) => a.slice(0, i).join('.'))),
    );
    expect(Object.keys(sources).length).toBeGreaterThanOrEqual(5);
    const missing: string[] = [];
    for (const [file, text] of Object.entries(sources)) {
      for (const [, key] of text.matchAll(/t\(\s*'(reviews\.[\w.]+)'/g)) {
        if (key && !known.has(key)) missing.push(`${file}: ${key}`);
      }
      // `reviews.statuses.${status}`: the part before the placeholder names a group of texts.
      for (const [, group] of text.matchAll(/`(reviews\.[\w.]+)\.\$\{/g)) {
        if (group && !prefixes.has(group)) missing.push(`${file}: ${group}.*`);
      }
    }
    expect(missing).toEqual([]);
  });
});
