import type { FastifyInstance } from 'fastify';
import { actorFromSession, actorFromToken, SESSION_COOKIE } from '../modules/auth/auth.service.ts';
import type { AppContext } from './context.ts';
import { AppError } from './errors.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolves the caller on every API request and refuses private routes without one.
 * Routes are private unless their config says `isPublic`. Cookie-authenticated writes
 * must come from our own origin (SameSite=Lax plus this check stops cross-site requests).
 */
export function registerAuthHook(app: FastifyInstance, ctx: AppContext) {
  app.decorateRequest('actor', null);
  app.decorateRequest('actorChangesMark', 0);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    ctx.actors.forgetChangesSinceLastRequest();
    request.actorChangesMark = ctx.actors.localChanges;
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      request.actor = await actorFromToken(ctx.database, authorization.slice(7).trim());
    } else {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) {
        if (UNSAFE.has(request.method)) assertSameOrigin(request.headers, ctx.config.publicUrl);
        request.actor = await actorFromSession(ctx.database, ctx.actors, cookie, ctx.config.sessionDays);
      }
    }
    const config = request.routeOptions.config;
    if (!config?.isPublic && !request.actor && request.routeOptions.url)
      throw new AppError('auth.unauthenticated');
    const scope = config?.scope;
    if (scope && request.actor?.scopes && !request.actor.scopes.has(scope))
      throw new AppError('token.scope_missing');
    if (request.actor?.kind === 'token' && !scope && !config?.isPublic && request.routeOptions.url) {
      // Routes without a declared scope are for people only.
      throw new AppError('token.scope_missing');
    }
  });
  // The request's changes have committed by now: cached actors read before them are forgotten
  // before the caller hears back (a sign-out, a role taken away).
  app.addHook('onSend', async (request) => {
    if (request.url.startsWith('/api/v1/')) ctx.actors.forgetChangesSince(request.actorChangesMark);
  });
}

function assertSameOrigin(headers: Record<string, string | string[] | undefined>, publicUrl: string) {
  if (headers['sec-fetch-site'] === 'cross-site') throw new AppError('auth.origin_mismatch');
  const origin = headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return;
  const host = headers.host;
  const originHost = safeHost(origin);
  if (originHost && (originHost === host || originHost === safeHost(publicUrl))) return;
  throw new AppError('auth.origin_mismatch');
}

function safeHost(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}
