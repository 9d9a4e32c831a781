import { describe, expect, it } from 'vitest';
import { describeKeyResultProgress } from './progress-text.ts';

const kr = {
  title: '新客户签约量',
  kind: 'metric' as const,
  startValue: 0,
  targetValue: 20,
  currentValue: 18,
  unit: '%',
  done: false,
  manualPercent: null,
};

describe('describeKeyResultProgress', () => {
  it('states done, target and gap as the seeds word it', () => {
    expect(describeKeyResultProgress(kr, 'zh-CN')).toBe('新客户签约量完成18%，距离目标20%差2%');
    expect(describeKeyResultProgress({ ...kr, title: 'New clients' }, 'en-US')).toBe(
      'New clients: 18% of 20%, 2% to go',
    );
  });
  it('counts the gap downward for a decreasing metric and says when the target is reached', () => {
    const complaints = { ...kr, title: '投诉率', startValue: 12, targetValue: 5, currentValue: 7 };
    expect(describeKeyResultProgress(complaints, 'zh-CN')).toBe('投诉率完成7%，距离目标5%差2%');
    expect(describeKeyResultProgress({ ...complaints, currentValue: 4.5 }, 'zh-CN')).toBe(
      '投诉率完成4.5%，已达到目标5%',
    );
  });
  it('writes numbers without binary noise', () => {
    expect(
      describeKeyResultProgress({ ...kr, currentValue: 0.1 + 0.2, targetValue: 1, unit: null }, 'en-US'),
    ).toBe('新客户签约量: 0.3 of 1, 0.7 to go');
  });
  it('states milestones as done or not', () => {
    const m = { ...kr, kind: 'milestone' as const, targetValue: null, title: '上线' };
    expect(describeKeyResultProgress({ ...m, done: true }, 'zh-CN')).toBe('上线：已完成');
    expect(describeKeyResultProgress({ ...m, manualPercent: 40 }, 'zh-CN')).toBe('上线：未完成（40%）');
  });
});
