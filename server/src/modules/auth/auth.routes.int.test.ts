import { LOGIN_LIMITS } from '@perfloop/core';
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

let addresses = 0;
/** An address no other test of this run uses, so each test counts only its own failures. */
function randomAddress() {
  addresses += 1;
  return `172.${16 + (process.pid % 16)}.${addresses % 250}.${Math.floor(Math.random() * 250)}`;
}

function tryLogin(login: string, password: string, remoteAddress: string) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { login, password },
    remoteAddress,
  });
}

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

  it("does not lock the owner out from their own address after someone else's failures", async () => {
    const person = await buildEmployee(tenant);
    const attacker = randomAddress();
    for (let i = 0; i < LOGIN_LIMITS.perPair + 3; i++) await tryLogin(person.login, 'nope-nope-1', attacker);
    const owner = await tryLogin(person.login, TEST_PASSWORD, randomAddress());
    expect(owner.statusCode).toBe(200);
  });

  it('throttles one login from the address that failed on it, even with the right password, and says when to retry', async () => {
    const person = await buildEmployee(tenant);
    const attacker = randomAddress();
    for (let i = 0; i < LOGIN_LIMITS.perPair; i++)
      expect((await tryLogin(person.login, 'nope-nope-1', attacker)).statusCode).toBe(401);
    const blocked = await tryLogin(person.login, TEST_PASSWORD, attacker);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['content-type']).toContain('application/problem+json');
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(LOGIN_LIMITS.windowMinutes * 60 - 60);
    expect(retryAfter).toBeLessThanOrEqual(LOGIN_LIMITS.windowMinutes * 60);
    expect(json(blocked)).toMatchObject({ code: 'auth.rate_limited', status: 429 });
    // The same address may still sign in as someone else.
    const colleague = await buildEmployee(tenant);
    expect((await tryLogin(colleague.login, TEST_PASSWORD, attacker)).statusCode).toBe(200);
  });

  it('signing in forgets only its own failures, not those from other addresses', async () => {
    const person = await buildEmployee(tenant);
    const attacker = randomAddress();
    for (let i = 0; i < LOGIN_LIMITS.perPair - 1; i++) await tryLogin(person.login, 'nope-nope-1', attacker);
    expect((await tryLogin(person.login, TEST_PASSWORD, randomAddress())).statusCode).toBe(200);
    await tryLogin(person.login, 'nope-nope-1', attacker);
    expect((await tryLogin(person.login, 'nope-nope-1', attacker)).statusCode).toBe(429);
  });

  it('does not shut out an office address for a few dozen failures over as many logins', async () => {
    const office = randomAddress();
    for (let i = 0; i < 30; i++) await tryLogin(unique('typo'), 'x', office);
    const person = await buildEmployee(tenant);
    expect((await tryLogin(person.login, TEST_PASSWORD, office)).statusCode).toBe(200);
  });

  it('throttles an address that fails on many logins, for that address only', async () => {
    const address = randomAddress();
    for (let i = 0; i < LOGIN_LIMITS.perAddress; i++) await tryLogin(unique('nobody'), 'x', address);
    const person = await buildEmployee(tenant);
    const blocked = await tryLogin(person.login, TEST_PASSWORD, address);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(json(blocked).code).toBe('auth.rate_limited');
    expect((await tryLogin(person.login, TEST_PASSWORD, randomAddress())).statusCode).toBe(200);
  });

  it('answers an unknown login no faster than a known one with a wrong password', async () => {
    const person = await buildEmployee(tenant);
    const time = async (login: string) => {
      const started = performance.now();
      expect((await tryLogin(login, 'nope-nope-1', randomAddress())).statusCode).toBe(401);
      return performance.now() - started;
    };
    await time(unique('warm'));
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) {
      known.push(await time(person.login));
      unknown.push(await time(unique('nobody')));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Both check one argon2 hash (tens of milliseconds); skipping it would answer in a few.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
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

  it('asks for the company when the same login exists in two tenants, only once the password is right', async () => {
    const other = await buildTenant(database);
    const no = unique('SAME');
    await buildEmployee(tenant, { employeeNo: no, email: null });
    await buildEmployee(other, { employeeNo: no, email: null });
    const address = randomAddress();
    // A wrong password answers as for a login in one company: nothing tells it exists twice.
    const wrong = await tryLogin(no, 'nope-nope-1', address);
    expect(wrong.statusCode).toBe(401);
    expect(json(wrong).code).toBe('auth.invalid_credentials');
    const ambiguous = await tryLogin(no, TEST_PASSWORD, address);
    expect(ambiguous.statusCode).toBe(400);
    expect(json(ambiguous).code).toBe('auth.tenant_required');
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { login: no, password: TEST_PASSWORD, tenant: other.slug },
      remoteAddress: address,
    });
    expect(ok.statusCode).toBe(200);
  });

  it('counts the company question as a failure, so it cannot be asked without limit', async () => {
    const other = await buildTenant(database);
    const no = unique('TWICE');
    await buildEmployee(tenant, { employeeNo: no, email: null });
    await buildEmployee(other, { employeeNo: no, email: null });
    const address = randomAddress();
    for (let i = 0; i < LOGIN_LIMITS.perPair; i++) {
      const r = await tryLogin(no, i % 2 === 0 ? TEST_PASSWORD : 'nope-nope-1', address);
      expect(json(r).code).toBe(i % 2 === 0 ? 'auth.tenant_required' : 'auth.invalid_credentials');
    }
    const blocked = await tryLogin(no, TEST_PASSWORD, address);
    expect(blocked.statusCode).toBe(429);
    expect(json(blocked).code).toBe('auth.rate_limited');
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

  it('answers every time of a token in ISO 8601', async () => {
    const tenant = await buildTenant(database);
    const cookie = await signIn(app, tenant.admin.login);
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/api-tokens',
      headers: { cookie },
      payload: { name: 'HRIS sync', scopes: ['org:read'], expiresInDays: 30 },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { token, id } = json<{ token: string; id: string }>(created);
    await app.inject({ url: '/api/v1/employees', headers: { authorization: `Bearer ${token}` } });
    await app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${id}`, headers: { cookie } });
    const list = await app.inject({ url: '/api/v1/api-tokens', headers: { cookie } });
    expect(list.statusCode, list.body).toBe(200);
    const [listed] = json<{ items: Record<string, string | null>[] }>(list).items;
    const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
    expect(json<Record<string, string>>(created).createdAt).toMatch(iso);
    for (const field of ['createdAt', 'expiresAt', 'revokedAt', 'lastUsedAt'])
      expect(listed![field]).toMatch(iso);
  });

  it('refuses an unknown token', async () => {
    const r = await app.inject({ url: '/api/v1/employees', headers: { authorization: 'Bearer pf_nothing' } });
    expect(r.statusCode).toBe(401);
  });
});
