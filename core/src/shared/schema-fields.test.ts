import { describe, expect, it } from 'vitest';
import { IsoDate, isMeasureInRange, isValidIsoDate, Measure } from './schema-fields.ts';

const codeOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
  result.success ? null : result.error?.issues.map((i) => i.message).join(',');

describe('IsoDate', () => {
  it('takes calendar days from 1900-01-01 to 9999-12-31', () => {
    for (const day of ['1900-01-01', '2024-02-29', '2026-08-03', '9999-12-31'])
      expect(codeOf(IsoDate.safeParse(day)), day).toBeNull();
  });

  it('refuses days that do not exist as invalid_date, once', () => {
    for (const day of ['2026-02-30', '2026-13-01', '2025-02-29', '2026-8-3', '', '20260803'])
      expect(codeOf(IsoDate.safeParse(day)), day).toBe('invalid_date');
  });

  it('refuses year 0 and days before 1900 as date_out_of_range', () => {
    for (const day of ['0000-01-01', '0001-01-01', '0099-12-31', '1899-12-31'])
      expect(codeOf(IsoDate.safeParse(day)), day).toBe('date_out_of_range');
  });

  it('is the rule the imports use', () => {
    expect(isValidIsoDate('1899-12-31')).toBe(false);
    expect(isValidIsoDate('0000-01-01')).toBe(false);
    expect(isValidIsoDate('2026-02-30')).toBe(false);
    expect(isValidIsoDate('1900-01-01')).toBe(true);
  });
});

describe('Measure', () => {
  it('takes 0 and magnitudes from 10^-6 to 10^12 of either sign', () => {
    for (const n of [0, -0, 1e-6, -1e-6, 95.5, -88, 1e12, -1e12])
      expect(codeOf(Measure.safeParse(n)), String(n)).toBeNull();
  });

  it('refuses values whose differences or ratios would not be finite', () => {
    for (const n of [1e308, -1e308, 1e12 + 1, 1e-7, -5e-324, Number.MAX_VALUE])
      expect(codeOf(Measure.safeParse(n)), String(n)).toBe('number_out_of_range');
    expect(isMeasureInRange(Number.NaN)).toBe(false);
    expect(isMeasureInRange(Number.POSITIVE_INFINITY)).toBe(false);
  });
});
