import type { AddressInfo } from 'node:net';
import type { Role } from '@perfloop/core';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components, paths } from '../../test/generated/openapi.d.ts';
import {
  buildTenant,
  getTestDatabase,
  TEST_PASSWORD,
  type TestTenant,
  testConfig,
} from '../../test/helpers.ts';
import { buildApp } from '../app.ts';

type Problem = components['schemas']['Problem'];

/**
 * The client an integrator generates from the document (openapi-typescript + openapi-fetch), calling
 * a running server over HTTP: `tsc -b` checks these calls and the fields read from the answers
 * against the committed types, and the answers prove the types tell the truth.
 */
const database = await getTestDatabase();
const app = await buildApp({ config: testConfig(), database, logger: false });
let client: ReturnType<typeof createClient<paths>>;
let tenant: TestTenant;

beforeAll(async () => {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  client = createClient<paths>({ baseUrl: `http://127.0.0.1:${port}` });
  tenant = await buildTenant(database, '类型客户端公司');
});
afterAll(() => app.close());

describe('a client generated from the OpenAPI document', () => {
  it('signs in, reads the caller and a department, and creates one, with typed answers', async () => {
    const signedIn = await client.POST('/api/v1/auth/login', {
      body: { login: tenant.admin.login, password: TEST_PASSWORD },
    });
    expect(signedIn.response.status).toBe(200);
    const expiresAt: string = signedIn.data!.expiresAt;
    expect(Date.parse(expiresAt)).toBeGreaterThan(Date.now());
    const cookie = signedIn.response.headers.get('set-cookie')!.split(';')[0]!;
    const headers = { cookie };

    const me = await client.GET('/api/v1/me', { headers });
    const roles: Role[] = me.data!.roles;
    expect(me.data!.tenant.slug).toBe(tenant.slug);
    expect(me.data!.id).toBe(tenant.admin.id);
    expect(roles).toContain('hr_admin');

    const root = await client.GET('/api/v1/departments/{id}', {
      params: { path: { id: tenant.rootId } },
      headers,
    });
    const version: number = root.data!.version;
    expect(root.data!.parentId).toBeNull();
    expect(version).toBeGreaterThan(0);

    const created = await client.POST('/api/v1/departments', {
      body: { name: '销售部', parentId: tenant.rootId },
      headers,
    });
    expect(created.response.status).toBe(201);
    expect(created.data!.name).toBe('销售部');
    expect(created.data!.parentId).toBe(tenant.rootId);

    const listed = await client.GET('/api/v1/departments', { headers });
    expect(listed.data!.items.map((d) => d.id)).toContain(created.data!.id);
  });

  it('reads a refusal as a typed problem with its code', async () => {
    const missing = await client.GET('/api/v1/goals/{id}', {
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    const problem: Problem | undefined = missing.error;
    expect(missing.response.status).toBe(401);
    expect(missing.response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(problem?.code).toBe('auth.unauthenticated');
    expect(problem?.status).toBe(401);
  });
});
