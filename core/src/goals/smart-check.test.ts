import { describe, expect, it } from 'vitest';
import { checkSmart, hasNumber, type SmartInput } from './smart-check.ts';

const cycle = { startDate: '2026-07-01', endDate: '2026-09-30' };
const kr = (title: string, extra: Partial<SmartInput['keyResults'][number]> = {}) => ({
  title,
  kind: 'metric' as const,
  direction: 'increase' as const,
  startValue: 0,
  targetValue: 20,
  dueDate: '2026-09-30',
  ...extra,
});
const goal = (keyResults: SmartInput['keyResults'], extra: Partial<SmartInput> = {}): SmartInput => ({
  kind: 'okr',
  ownerId: 'owner',
  dueDate: '2026-09-30',
  keyResults,
  ...extra,
});

describe('SMART check (§1)', () => {
  it('finds numbers in Chinese and English statements', () => {
    expect(hasNumber('提升销售额')).toBe(false);
    expect(hasNumber('新客户签约量较上季度增长20%')).toBe(true);
    expect(hasNumber('客户满意度评分不低于4.8/5分')).toBe(true);
    expect(hasNumber('复购率提升百分之十')).toBe(true);
    expect(hasNumber('交付周期缩短两周')).toBe(true);
    expect(hasNumber('统一团队的工作方法')).toBe(false);
    expect(hasNumber('Improve customer happiness')).toBe(false);
    expect(hasNumber('Double the trial sign-ups')).toBe(true);
    expect(hasNumber('Grow revenue by 15%')).toBe(true);
    expect(hasNumber('月活跃用户达到５０万')).toBe(true);
  });

  it('warns, in both languages, about a key result without a measurable target', () => {
    const zh = checkSmart(goal([kr('提升销售额'), kr('新客户签约量较上季度增长20%')]), cycle, 'zh-CN');
    expect(zh).toEqual([
      expect.objectContaining({
        index: 0,
        code: 'no_measurable_target',
        message: expect.stringContaining('提升销售额'),
      }),
    ]);
    const en = checkSmart(goal([kr('Improve sales')]), cycle, 'en-US');
    expect(en[0]?.message).toMatch(/no measurable target/);
  });

  it('accepts a milestone as measurable', () => {
    expect(
      checkSmart(goal([kr('上线新版官网', { kind: 'milestone', targetValue: null })]), cycle, 'zh-CN'),
    ).toEqual([]);
  });

  it('reads a KPI target from its target field', () => {
    expect(
      checkSmart(goal([kr('销售额', { targetValue: 1000, unit: '万元' })], { kind: 'kpi' }), cycle, 'zh-CN'),
    ).toEqual([]);
  });

  it('warns when the due date is outside the cycle or missing', () => {
    const warnings = checkSmart(
      goal([kr('增长20%', { dueDate: '2026-10-01' }), kr('增长30%', { dueDate: null })], { dueDate: null }),
      cycle,
      'zh-CN',
    );
    expect(warnings.map((w) => [w.index, w.code])).toEqual([
      [0, 'due_outside_cycle'],
      [1, 'due_outside_cycle'],
    ]);
    expect(checkSmart(goal([kr('增长20%', { dueDate: '2026-07-01' })]), cycle, 'zh-CN')).toEqual([]);
  });

  it('takes the goal due date when the KR has none', () => {
    expect(checkSmart(goal([kr('增长20%', { dueDate: null })]), cycle, 'zh-CN')).toEqual([]);
  });

  it('warns when neither the KR nor the goal has an owner', () => {
    expect(checkSmart(goal([kr('增长20%')], { ownerId: null }), cycle, 'en-US').map((w) => w.code)).toEqual([
      'no_owner',
    ]);
    expect(checkSmart(goal([kr('增长20%', { ownerId: 'x' })], { ownerId: null }), cycle, 'en-US')).toEqual(
      [],
    );
  });
});
