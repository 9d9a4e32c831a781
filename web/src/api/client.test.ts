import type { ProblemBody } from '@perfloop/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, apiRequest } from './client';

type Sent = { url: string; init: RequestInit };

/** Answers every request with `answer`, and records what was sent. */
function serve(answer: Response): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return answer;
  });
  return sent;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the typed API client', () => {
  it('fills path parameters, encodes them, and sends the declared method, body and If-Match', async () => {
    const sent = serve(json({ id: 'c1' }, 200, { etag: '"4"' }));
    const { etag } = await apiRequest('PATCH /cycles/{id}', {
      params: { id: 'a/b c' },
      body: { name: 'Q3' },
      ifMatch: '"3"',
    });
    expect(etag).toBe('"4"');
    expect(sent[0]?.url).toBe('/api/v1/cycles/a%2Fb%20c');
    expect(sent[0]?.init.method).toBe('PATCH');
    expect(sent[0]?.init.body).toBe('{"name":"Q3"}');
    expect(sent[0]?.init.headers).toMatchObject({ 'content-type': 'application/json', 'if-match': '"3"' });
  });

  it('leaves empty query values out of the URL', async () => {
    const sent = serve(json({ items: [], nextCursor: null }));
    await api('GET /goals', { query: { cycleId: 'c1', ownerId: undefined, q: '', limit: 500 } });
    expect(sent[0]?.url).toBe('/api/v1/goals?cycleId=c1&limit=500');
  });

  it('answers null for 204 and sends no body where the endpoint takes none', async () => {
    const sent = serve(new Response(null, { status: 204 }));
    expect(await api('POST /auth/logout')).toBeNull();
    expect(sent[0]?.init.body).toBeUndefined();
  });

  it('throws an ApiError carrying the problem and its field errors', async () => {
    const problem: ProblemBody = {
      type: 'about:blank',
      title: '输入有误',
      status: 400,
      code: 'validation.failed',
      errors: [{ path: 'body.toId', code: 'same_person', message: '不能是本人' }],
    };
    serve(json(problem, 400));
    const error = await api('POST /feedback', {
      body: { toId: 'x', kind: 'praise', body: 'hi' },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('validation.failed');
    expect((error as ApiError).fieldErrors).toEqual(problem.errors);
  });

  it('types calls by their endpoint: an undeclared answer type, body or parameter does not compile', () => {
    // Only checked by the compiler (tsc -b); never called.
    const checks = () => {
      // @ts-expect-error a caller cannot choose the answer's type
      void api<{ anything: true }>('GET /me');
      // @ts-expect-error a path that is not declared
      void api('GET /nowhere');
      // @ts-expect-error a body that does not fit core's schema
      void api('POST /feedback', { body: { toId: 1 } });
      // @ts-expect-error a path parameter left out
      void api('GET /goals/{id}', {});
      // @ts-expect-error an action the cycle endpoint does not have
      void api('POST /cycles/{id}/{action}', { params: { id: 'c1', action: 'delete' } });
      const me: Promise<{ name: string }> = api('GET /me');
      return me;
    };
    expect(typeof checks).toBe('function');
  });
});
