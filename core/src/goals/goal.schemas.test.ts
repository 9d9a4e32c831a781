import { describe, expect, it } from 'vitest';
import { CreateGoalBodySchema } from './goal.schemas.ts';

const cycleId = '00000000-0000-4000-8000-000000000001';
const kr = (weightBp: number, extra: Record<string, unknown> = {}) => ({
  title: '增长20%',
  targetValue: 20,
  weightBp,
  ...extra,
});
const codes = (body: unknown) => {
  const result = CreateGoalBodySchema.safeParse(body);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
};

describe('goal body (§1)', () => {
  it('rejects key-result weights that do not sum to 100 (30 + 69.99)', () => {
    expect(codes({ cycleId, title: 'G', weightBp: 10000, keyResults: [kr(3000), kr(6999)] })).toEqual([
      'keyResults:weights_not_100',
    ]);
    expect(codes({ cycleId, title: 'G', weightBp: 10000, keyResults: [kr(3000), kr(7000)] })).toEqual([]);
  });

  it('refuses fractional basis points', () => {
    expect(codes({ cycleId, title: 'G', weightBp: 10000, keyResults: [kr(3000.5), kr(6999.5)] })).toContain(
      'keyResults.0.weightBp:invalid_weight',
    );
  });

  it('keeps a KPI to one indicator and needs a target on metrics', () => {
    expect(
      codes({ cycleId, kind: 'kpi', title: 'G', weightBp: 10000, keyResults: [kr(5000), kr(5000)] }),
    ).toEqual(['keyResults:kpi_one_key_result']);
    expect(
      codes({ cycleId, title: 'G', weightBp: 10000, keyResults: [kr(10000, { targetValue: null })] }),
    ).toEqual(['keyResults.0.targetValue:required']);
    expect(
      codes({
        cycleId,
        title: 'G',
        weightBp: 10000,
        keyResults: [kr(10000, { kind: 'milestone', targetValue: null })],
      }),
    ).toEqual([]);
  });

  it('needs the department of a department goal', () => {
    expect(
      codes({ cycleId, level: 'department', title: 'G', weightBp: 10000, keyResults: [kr(10000)] }),
    ).toEqual(['departmentId:required']);
  });
});
