import { describe, expect, it } from 'vitest';
import {
  codesOf,
  defineRequiredProperties,
  moveNullableIntoUnions,
  operationIdOf,
  problemStatusesOf,
  singular,
} from './openapi.ts';

describe('operationIdOf', () => {
  it.each([
    ['GET', '/api/v1/goals', true, 'listGoals'],
    ['POST', '/api/v1/goals', false, 'createGoal'],
    ['GET', '/api/v1/goals/:id', false, 'getGoal'],
    ['PATCH', '/api/v1/goals/:id', false, 'updateGoal'],
    ['DELETE', '/api/v1/goals/:id', false, 'deleteGoal'],
    ['POST', '/api/v1/goals/:id/submit', false, 'submitGoal'],
    ['POST', '/api/v1/goal-revisions/:id/approve', false, 'approveGoalRevision'],
    ['POST', '/api/v1/employees/import', false, 'importEmployees'],
    ['POST', '/api/v1/goals/bulk-assign', false, 'bulkAssignGoals'],
    ['GET', '/api/v1/goals/:id/key-results', true, 'listGoalKeyResults'],
    ['POST', '/api/v1/key-results/:id/check-ins', false, 'createKeyResultCheckIn'],
    [
      'POST',
      '/api/v1/key-results/by-external-key/:key/check-ins',
      false,
      'createKeyResultCheckInByExternalKey',
    ],
    ['GET', '/api/v1/goals/tree', true, 'getGoalTree'],
    ['GET', '/api/v1/goals/:id/progress', false, 'getGoalProgress'],
    ['GET', '/api/v1/settings', false, 'getSettings'],
    ['GET', '/api/v1/me', false, 'getMe'],
    ['PUT', '/api/v1/me/notification-preferences', false, 'updateMyNotificationPreferences'],
    ['GET', '/api/v1/dashboards/me', false, 'getMyDashboard'],
    ['GET', '/api/v1/imports/:id/errors.xlsx', false, 'getImportErrors'],
    ['GET', '/api/v1/feedback', true, 'listFeedback'],
    ['POST', '/api/v1/feedback', false, 'createFeedback'],
    ['GET', '/api/v1/gap-analyses/{id}', false, 'getGapAnalysis'],
    ['POST', '/api/v1/deliveries/:id/retry', false, 'retryDelivery'],
  ])('%s %s → %s', (method, url, isList, expected) => {
    expect(operationIdOf(method, url, isList)).toBe(expected);
  });

  it('names a plural path that does not answer a list with get, not list', () => {
    expect(operationIdOf('GET', '/api/v1/approvals', false)).toBe('getApprovals');
  });
});

describe('singular', () => {
  it.each([
    ['goals', 'goal'],
    ['deliveries', 'delivery'],
    ['gap-analyses', 'gap-analysis'],
    ['check-ins', 'check-in'],
    ['settings', 'setting'],
    ['progress', 'progress'],
    ['feedback', 'feedback'],
  ])('%s → %s', (plural, one) => {
    expect(singular(plural)).toBe(one);
  });
});

describe('problemStatusesOf', () => {
  const base = { isPublic: false, hasBody: false, hasQuery: false, isUpload: false, extra: [] };

  it('lets a private read without input answer only 401 and 403', () => {
    expect(problemStatusesOf({ ...base, method: 'GET', url: '/api/v1/me' })).toEqual([401, 403]);
  });

  it('adds 400 and 404 for an id in the path', () => {
    expect(problemStatusesOf({ ...base, method: 'GET', url: '/api/v1/goals/:id' })).toEqual([
      400, 401, 403, 404,
    ]);
  });

  it('documents If-Match, conflicts and body rules on an update', () => {
    expect(problemStatusesOf({ ...base, method: 'PATCH', url: '/api/v1/goals/:id', hasBody: true })).toEqual([
      400, 401, 403, 404, 409, 412, 413, 415, 422, 428,
    ]);
  });

  it('keeps a public read to the refused bearer token, plus what the route adds', () => {
    expect(problemStatusesOf({ ...base, isPublic: true, method: 'GET', url: '/api/v1/health' })).toEqual([
      401,
    ]);
    expect(
      problemStatusesOf({ ...base, isPublic: true, method: 'POST', url: '/x', hasBody: true, extra: [429] }),
    ).toEqual([400, 401, 403, 413, 415, 422, 429]);
  });

  it('treats a multipart upload as a body', () => {
    expect(
      problemStatusesOf({ ...base, method: 'POST', url: '/api/v1/employees/import', isUpload: true }),
    ).toEqual([400, 401, 403, 409, 413, 415, 422]);
  });
});

describe('codesOf', () => {
  it('lists the error codes of a status from the one code → status table', () => {
    expect(codesOf(412)).toEqual(['precondition.failed']);
    expect(codesOf(404)).toEqual(['not_found']);
  });
});

describe('defineRequiredProperties', () => {
  it('defines the keys a record by enum requires, with its value schema', () => {
    const value = { type: 'boolean' };
    const schema = { type: 'object', additionalProperties: value, required: ['a.b', 'c'] };
    defineRequiredProperties({ nested: [schema] });
    expect(schema).toMatchObject({ properties: { 'a.b': value, c: value }, required: ['a.b', 'c'] });
  });

  it('leaves defined properties alone', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] };
    defineRequiredProperties(schema);
    expect(schema.properties).toEqual({ a: { type: 'string' } });
  });
});

describe('moveNullableIntoUnions', () => {
  it('moves a nullable without a type into each branch of the union (OpenAPI 3.0 needs a type beside it)', () => {
    const schema = { nullable: true, anyOf: [{ type: 'object' }, { type: 'string' }] };
    moveNullableIntoUnions({ nested: [schema] });
    expect(schema).toEqual({
      anyOf: [
        { type: 'object', nullable: true },
        { type: 'string', nullable: true },
      ],
    });
  });

  it('leaves a nullable beside a type alone', () => {
    const schema = { type: 'string', nullable: true };
    moveNullableIntoUnions(schema);
    expect(schema).toEqual({ type: 'string', nullable: true });
  });
});
