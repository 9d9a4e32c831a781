import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTenant, getTestApp, json, signIn } from '../../test/helpers.ts';
import { OPENAPI_TYPES_PATH, openapiTypesOf } from '../../test/openapi-types.ts';
import { ProblemSchema } from './openapi.ts';

const { app, database } = await getTestApp();
const ROOT = path.resolve(import.meta.dirname, '../../..');

type Operation = {
  operationId?: string;
  responses: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
  security?: unknown[];
};
type Document = {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }>;
    responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
  };
};

const document = json<Document>(await app.inject({ url: '/api/v1/openapi.json' }));
const operations = Object.entries(document.paths).flatMap(([url, item]) =>
  Object.entries(item).map(([method, operation]) => ({ label: `${method.toUpperCase()} ${url}`, operation })),
);
const operationOf = (method: string, url: string) => document.paths[url]![method]!;
const problemStatuses = (operation: Operation) =>
  Object.keys(operation.responses)
    .filter((status) => status.startsWith('4'))
    .map(Number);

describe('the OpenAPI document, for the clients integrators generate from it', () => {
  it('gives every operation an operationId, unique in the document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(100);
    expect(operations.filter((o) => !o.operation.operationId).map((o) => o.label)).toEqual([]);
    const ids = operations.map((o) => o.operation.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    expect(operationOf('get', '/api/v1/goals/{id}').operationId).toBe('getGoal');
    expect(operationOf('post', '/api/v1/goals/{id}/submit').operationId).toBe('submitGoal');
    expect(operationOf('get', '/api/v1/goals').operationId).toBe('listGoals');
    expect(operationOf('post', '/api/v1/auth/login').operationId).toBe('login');
  });

  it('documents the problem+json 4xx answers of every operation, through one Problem schema', () => {
    const problem = { $ref: '#/components/schemas/Problem' };
    for (const [name, response] of Object.entries(document.components.responses))
      expect(response.content, name).toEqual({ 'application/problem+json': { schema: problem } });
    expect(document.components.schemas.Problem?.required).toEqual(['type', 'title', 'status', 'code']);
    for (const { label, operation } of operations) {
      expect(problemStatuses(operation).length, label).toBeGreaterThan(0);
      for (const status of problemStatuses(operation))
        expect(operation.responses[status]?.$ref, `${label} ${status}`).toMatch(
          /^#\/components\/responses\//,
        );
    }
    expect(problemStatuses(operationOf('get', '/api/v1/me'))).toEqual([401, 403]);
    expect(problemStatuses(operationOf('get', '/api/v1/goals'))).toEqual([400, 401, 403]);
    expect(problemStatuses(operationOf('patch', '/api/v1/goals/{id}'))).toEqual([
      400, 401, 403, 404, 409, 412, 413, 415, 422, 428,
    ]);
    expect(problemStatuses(operationOf('post', '/api/v1/auth/login'))).toContain(429);
    expect(problemStatuses(operationOf('post', '/api/v1/setup'))).toContain(409);
    expect(problemStatuses(operationOf('post', '/api/v1/employees/import'))).toEqual(
      expect.arrayContaining([413, 415]),
    );
  });

  it('documents the body of every answer: JSON, a file, or nothing for 204', () => {
    for (const { label, operation } of operations) {
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      expect(success.length, label).toBeGreaterThan(0);
      for (const [status, response] of success) {
        if (status === '204') expect(response.content, `${label} ${status}`).toBeUndefined();
        else expect(Object.keys(response.content ?? {}).length, `${label} ${status}`).toBeGreaterThan(0);
      }
    }
    expect(Object.keys(operationOf('get', '/api/v1/employees/export').responses[200]!.content!)).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(
      Object.keys(operationOf('get', '/api/v1/one-on-ones/{id}/calendar.ics').responses[200]!.content!),
    ).toEqual(['text/calendar']);
  });

  it('names its server and marks the public operations as needing no credentials', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(operationOf('post', '/api/v1/auth/login').security).toEqual([]);
    expect(operationOf('get', '/api/v1/me').security).toBeUndefined();
  });

  it('defines every property a schema requires (records keyed by an enum included)', () => {
    const missing: string[] = [];
    const walk = (value: unknown, at: string): void => {
      if (typeof value !== 'object' || value === null) return;
      const schema = value as { required?: unknown; properties?: Record<string, unknown> };
      if (Array.isArray(schema.required))
        for (const name of schema.required)
          if (!(name in (schema.properties ?? {}))) missing.push(`${at}: ${name}`);
      for (const [key, child] of Object.entries(value)) walk(child, `${at}/${key}`);
    };
    walk(document, '#');
    expect(missing).toEqual([]);
    const preferences = operationOf('get', '/api/v1/me/notification-preferences').responses[200]!.content![
      'application/json'
    ] as { schema: { properties: Record<string, unknown> } };
    expect(Object.keys(preferences.schema.properties)).toContain('alert.pace');
  });

  it('describes the problem bodies the API really sends', async () => {
    const tenant = await buildTenant(database);
    const cookie = await signIn(app, tenant.admin.login);
    const answers = [
      await app.inject({ url: '/api/v1/me' }),
      await app.inject({ url: '/api/v1/goals/00000000-0000-4000-8000-000000000000', headers: { cookie } }),
      await app.inject({
        method: 'POST',
        url: '/api/v1/departments',
        headers: { cookie },
        payload: { name: 1 },
      }),
      await app.inject({
        method: 'PATCH',
        url: `/api/v1/departments/${tenant.rootId}`,
        headers: { cookie },
        payload: { name: 'x' },
      }),
    ];
    expect(answers.map((r) => r.statusCode)).toEqual([401, 404, 400, 428]);
    for (const answer of answers) {
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(ProblemSchema.safeParse(answer.json()).error).toBeUndefined();
    }
  });
});

describe('the OpenAPI document, linted and turned into a client', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'perfloop-openapi-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('lints with no problem under redocly recommended-strict (redocly.yaml)', async () => {
    const file = path.join(folder, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const result = await promisify(execFile)(
      'npx',
      [
        '--no-install',
        'redocly',
        'lint',
        file,
        '--config',
        path.join(ROOT, 'redocly.yaml'),
        '--format',
        'stylish',
      ],
      {
        cwd: ROOT,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    ).catch((error: { code: number; stdout: string; stderr: string }) => error);
    const output = `${result.stdout}\n${result.stderr}`;
    expect('code' in result ? result.code : 0, output).toBe(0);
    expect(output).toContain('Your API description is valid');
  }, 60_000);

  it('matches the committed client types (npm run openapi:types -w @perfloop/server)', async () => {
    // Compared as a boolean: a diff of the whole 300 KB file would bury the message.
    const isCurrent = (await openapiTypesOf(document)) === readFileSync(OPENAPI_TYPES_PATH, 'utf8');
    expect(
      isCurrent,
      'server/test/generated/openapi.d.ts is stale: npm run openapi:types -w @perfloop/server',
    ).toBe(true);
  }, 30_000);
});
