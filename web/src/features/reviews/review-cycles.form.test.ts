import { CreateReviewCycleBodySchema, type ReviewCycle, UpdateReviewCycleBodySchema } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import {
  emptyPopulation,
  toCreateReviewCycleBody,
  toReviewCycleFormValues,
  toUpdateReviewCycleBody,
} from './review-cycles.form';

const CYCLE = '0190f0c5-0000-7000-8000-000000000001';
const TEMPLATE = '0190f0c5-0000-7000-8000-000000000002';
const SALES = '0190f0c5-0000-7000-8000-000000000003';
const ZHANG = '0190f0c5-0000-7000-8000-000000000004';

describe('the review-round form as the API body', () => {
  it('builds a body the API schema accepts, keeping each population in its place', () => {
    const body = toCreateReviewCycleBody({
      cycleId: CYCLE,
      name: '  2026 Q3 终期评估 ',
      kind: 'final',
      populations: [
        { templateId: TEMPLATE, departmentIds: [SALES, SALES], includeSubDepartments: false },
        { ...emptyPopulation(), employeeIds: [ZHANG], jobLevels: [' P5 ', '', 'P5', 'M1'] },
      ],
    });
    expect(body).toEqual({
      cycleId: CYCLE,
      name: '2026 Q3 终期评估',
      kind: 'final',
      populations: [
        {
          templateId: TEMPLATE,
          departmentIds: [SALES],
          includeSubDepartments: false,
          jobLevels: [],
          employeeIds: [],
        },
        {
          templateId: null,
          departmentIds: [],
          includeSubDepartments: true,
          jobLevels: ['P5', 'M1'],
          employeeIds: [ZHANG],
        },
      ],
    });
    expect(CreateReviewCycleBodySchema.safeParse(body).success).toBe(true);
  });

  it('sends no template for a mid-cycle review, even one the form kept from a switch of kind', () => {
    const body = toCreateReviewCycleBody({
      cycleId: CYCLE,
      name: '期中评估',
      kind: 'mid',
      populations: [{ templateId: TEMPLATE, departmentIds: [SALES] }],
    });
    expect(body.populations[0]?.templateId).toBeNull();
  });

  it('leaves a missing template for the server to name at populations.N.templateId', () => {
    const body = toCreateReviewCycleBody({ cycleId: CYCLE, name: 'x', kind: 'final', populations: [{}] });
    expect(body.populations).toEqual([
      { templateId: null, departmentIds: [], includeSubDepartments: true, jobLevels: [], employeeIds: [] },
    ]);
  });

  it('edits a draft without its performance cycle and kind, and reads a saved round back unchanged', () => {
    const saved: ReviewCycle = {
      id: '0190f0c5-0000-7000-8000-000000000010',
      cycleId: CYCLE,
      cycleName: '2026 Q3',
      name: '终期评估',
      kind: 'final',
      status: 'draft',
      populations: [
        {
          templateId: TEMPLATE,
          templateName: '默认绩效评估模板',
          departmentIds: [SALES],
          includeSubDepartments: true,
          jobLevels: ['P5'],
          employeeIds: [ZHANG],
        },
      ],
      deadlines: { nomination: null, self: null, peer: null, manager: null },
      participants: 0,
      launchedAt: null,
      closedAt: null,
      scoredAt: null,
      version: 1,
      createdAt: '2026-09-01T00:00:00.000Z',
    };
    const values = toReviewCycleFormValues(saved);
    const body = toUpdateReviewCycleBody(values, saved.kind);
    expect(body).toEqual({
      name: '终期评估',
      populations: [
        {
          templateId: TEMPLATE,
          departmentIds: [SALES],
          includeSubDepartments: true,
          jobLevels: ['P5'],
          employeeIds: [ZHANG],
        },
      ],
    });
    expect(UpdateReviewCycleBodySchema.safeParse(body).success).toBe(true);
    expect(toCreateReviewCycleBody(values)).toMatchObject({ cycleId: CYCLE, kind: 'final' });
  });
});
