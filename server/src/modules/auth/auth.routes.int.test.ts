import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildEmployee,
  buildTenant,
  getTestApp,
  json,
  signIn,
  TEST_PASSWORD,
  testConfig,
  unique,
} from '../../../test/helpers.ts';
import { buildApp } from '../../app.ts';

const { app, database } = await getTestApp();

describe('sign-in', () => {
  let tenant: Awaited<ReturnType<typeof buildTenant>>;
  beforeAll(async () => {
    tenant = await buildTenant(database);
  });

  it('signs in by e-mail or employee number and returns the person with roles and tenant', async () => {
    const person = await buildEmployee(tenant);
    for (const login of [person.login, person.employeeNo]) {
      const cookie = await signIn(app, login);
      const me = json(await app.inject({ url: '/api/v1/me', headers: { cookie } }));
      expect(me).toMatchObject({
        id: person.id,
        name: person.name,
        roles: ['employee'],
        tenant: { id: tenant.tenantId },
      });
    }
  });

  it('stores the session cookie httpOnly and SameSite=Lax', async () => {
    const person = await buildEmployee(tenant);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: person.login, password: TEST_PASSWORD },
    });
    const cookie = response.cookies.find((c) => c.name === 'pf_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  });

  it('refuses a wrong password with a problem+json 401', async () => {
    const person = await buildEmployee(tenant);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: person.login, password: 'wrong-password-1' },
      remoteAddress: '10.9.9.1',
    });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(json(response)).toMatchObject({ code: 'auth.invalid_credentials', status: 401 });
  });

  it('names the missing fields in both languages', async () => {
    const zh = json<{ errors: { path: string; message: string }[] }>(
      await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { login: '' } }),
    );
    expect(zh.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'body.login', message: '必填' }),
        expect.objectContaining({ path: 'body.password', message: '必填' }),
      ]),
    );
    const en = json<{ errors: { path: string; message: string }[] }>(
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { login: '' },
        headers: { 'accept-language': 'en-US' },
      }),
    );
    expect(en.errors[0]?.message).toBe('is required');
  });

  it('rate-limits an account after 5 failures, even with the right password, and says when to retry', async () => {
    const person = await buildEmployee(tenant);
    for (let i = 0; i < 5; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { login: person.login, password: 'nope-nope-1' },
        remoteAddress: `10.1.${i}.1`,
      });
      expect(r.statusCode).toBe(401);
    }
    const blocked = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: person.login, password: TEST_PASSWORD },
      remoteAddress: '10.1.99.1',
    });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(json(blocked).code).toBe('auth.rate_limited');
  });

  it('rate-limits an address that tries many accounts', async () => {
    const address = `10.2.${Math.floor(Math.random() * 250)}.7`;
    for (let i = 0; i < 30; i++) {
      await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { login: unique('nobody'), password: 'x' },
        remoteAddress: address,
      });
    }
    const person = await buildEmployee(tenant);
    const blocked = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: person.login, password: TEST_PASSWORD },
      remoteAddress: address,
    });
    expect(blocked.statusCode).toBe(429);
  });

  it('refuses people who have left', async () => {
    const person = await buildEmployee(tenant, { status: 'left' });
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: person.login, password: TEST_PASSWORD },
    });
    expect(r.statusCode).toBe(401);
  });

  it('asks for the company when the same login exists in two tenants', async () => {
    const other = await buildTenant(database);
    const no = unique('SAME');
    await buildEmployee(tenant, { employeeNo: no, email: null });
    await buildEmployee(other, { employeeNo: no, email: null });
    const ambiguous = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: no, password: TEST_PASSWORD },
    });
    expect(json(ambiguous).code).toBe('auth.tenant_required');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: no, password: TEST_PASSWORD, tenant: other.slug },
    });
    expect(ok.statusCode).toBe(200);
  });
});

describe('sessions', () => {
  it('are kept in the database, so a second server process accepts the same cookie', async () => {
    const tenant = await buildTenant(database);
    const person = await buildEmployee(tenant);
    const cookie = await signIn(app, person.login);
    const second = await buildApp({ config: testConfig(), database, logger: false });
    const me = await second.inject({ url: '/api/v1/me', headers: { cookie } });
    expect(me.statusCode).toBe(200);
    await second.close();
  });

  it('end at sign-out', async () => {
    const tenant = await buildTenant(database);
    const person = await buildEmployee(tenant);
    const cookie = await signIn(app, person.login);
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).statusCode,
    ).toBe(204);
    expect((await app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('refuses private routes without a session', async () => {
    const r = await app.inject({ url: '/api/v1/employees' });
    expect(r.statusCode).toBe(401);
    expect(json(r).code).toBe('auth.unauthenticated');
  });

  it('refuses cookie-authenticated writes from another origin', async () => {
    const tenant = await buildTenant(database);
    const cookie = await signIn(app, tenant.admin.login);
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: { cookie, origin: 'https://evil.example' },
      payload: { name: '新部门', parentId: tenant.rootId },
    });
    expect(r.statusCode).toBe(403);
    expect(json(r).code).toBe('auth.origin_mismatch');
  });
});

describe('change password', () => {
  it('needs the current password, rejects weak ones, and signs out other sessions', async () => {
    const tenant = await buildTenant(database);
    const person = await buildEmployee(tenant);
    const cookie = await signIn(app, person.login);
    const otherDevice = await signIn(app, person.login);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie },
      payload: { currentPassword: 'not-it-123', newPassword: 'Newpassword2026' },
    });
    expect(json(wrong).code).toBe('auth.wrong_password');
    const weak = await app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'short1' },
    });
    expect(json<{ errors: { code: string }[] }>(weak).errors[0]?.code).toBe('password_weak');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: { cookie },
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'Newpassword2026' },
    });
    expect(ok.statusCode).toBe(204);
    expect((await app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/me', headers: { cookie: otherDevice } })).statusCode).toBe(401);
    await signIn(app, person.login, 'Newpassword2026');
  });
});

describe('API tokens', () => {
  it('work as Bearer within their scopes, are stored hashed, and stop working when revoked', async () => {
    const tenant = await buildTenant(database);
    const cookie = await signIn(app, tenant.admin.login);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { cookie },
      payload: { name: 'HRIS sync', scopes: ['org:read'], expiresInDays: 30 },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = json<{ token: string; id: string }>(created);
    const stored = await database.db.execute(sql`select token_hash from api_tokens where id = ${id}`);
    expect(JSON.stringify(stored)).not.toContain(token);

    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.inject({ url: '/api/v1/employees', headers: bearer })).statusCode).toBe(200);
    const write = await app.inject({
      method: 'POST',
      url: '/api/v1/departments',
      headers: bearer,
      payload: { name: 'x', parentId: tenant.rootId },
    });
    expect(json(write).code).toBe('token.scope_missing');
    // Routes for people only (tokens, passwords) are closed to tokens.
    expect((await app.inject({ url: '/api/v1/api-tokens', headers: bearer })).statusCode).toBe(403);

    expect(
      (await app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${id}`, headers: { cookie } }))
        .statusCode,
    ).toBe(204);
    const revoked = await app.inject({ url: '/api/v1/employees', headers: bearer });
    expect(revoked.statusCode).toBe(401);
    expect(json(revoked).code).toBe('token.expired');
  });

  it('can only be managed by HR admins', async () => {
    const tenant = await buildTenant(database);
    const person = await buildEmployee(tenant);
    const cookie = await signIn(app, person.login);
    const r = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { cookie },
      payload: { name: 'x', scopes: ['org:read'] },
    });
    expect(r.statusCode).toBe(403);
  });

  it('refuses an unknown token', async () => {
    const r = await app.inject({ url: '/api/v1/employees', headers: { authorization: 'Bearer pf_nothing' } });
    expect(r.statusCode).toBe(401);
  });
});
