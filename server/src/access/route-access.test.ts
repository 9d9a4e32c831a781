import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { handleError } from '../http/errors.ts';
import { accessOf, registerRouteAccess } from './route-access.ts';

describe('the route-access hook', () => {
  it('refuses a route that is registered but not declared: access is never assumed', async () => {
    const app = Fastify({ logger: false });
    app.decorateRequest('actor', null);
    app.setErrorHandler(handleError);
    registerRouteAccess(app);
    app.get('/api/v1/not-declared', async () => ({ ok: true }));
    app.get('/api/v1/health', async () => ({ ok: true }));
    const refused = await app.inject({ url: '/api/v1/not-declared' });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
    expect((await app.inject({ url: '/api/v1/health' })).statusCode).toBe(200);
    await app.close();
  });

  it('reads HEAD as the GET it mirrors', () => {
    expect(accessOf('HEAD', '/api/v1/health')).toBe('public');
    expect(accessOf('GET', '/api/v1/settings')).toBe('settings.manage');
    expect(accessOf('GET', '/api/v1/nothing')).toBeUndefined();
  });
});
