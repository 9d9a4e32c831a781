import {
  NOMINATION_STATUSES,
  RATER_TYPES,
  REVIEW_CYCLE_STATUSES,
  REVIEW_KINDS,
  REVIEW_STATUSES,
} from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import enUS from '../../i18n/locales/en-US.json';
import zhCN from '../../i18n/locales/zh-CN.json';

type Tree = { [key: string]: string | Tree };
function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [prefix + k] : keysOf(v, `${prefix}${k}.`),
  );
}

describe('review-round texts', () => {
  it('has every text in both languages', () => {
    expect(keysOf(enUS.reviewCycles).sort()).toEqual(keysOf(zhCN.reviewCycles).sort());
  });

  it('names every status, kind, rater type and nomination status core knows', () => {
    const keys = new Set(keysOf(zhCN.reviewCycles));
    const expected = [
      ...REVIEW_KINDS.map((k) => `kinds.${k}`),
      ...REVIEW_CYCLE_STATUSES.map((s) => `status.${s}`),
      ...REVIEW_STATUSES.map((s) => `reviewStatus.${s}`),
      ...RATER_TYPES.map((r) => `raterTypes.${r}`),
      ...NOMINATION_STATUSES.map((s) => `people.nominationStatus.${s}`),
    ];
    expect(expected.filter((k) => !keys.has(k))).toEqual([]);
  });
});
