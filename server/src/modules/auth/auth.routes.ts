import { ChangePasswordBodySchema, LoginBodySchema, LoginResultSchema, MeSchema } from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { changePassword, login, logout, SESSION_COOKIE } from './auth.service.ts';
import { findMe } from './me.repository.ts';

export function registerAuthRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const secure = ctx.config.publicUrl.startsWith('https://');

  r.post(
    '/api/v1/auth/login',
    {
      config: { isPublic: true, problems: [429] },
      schema: {
        tags: ['auth'],
        operationId: 'login',
        summary: 'Sign in with e-mail or employee number; sets the session cookie',
        body: LoginBodySchema,
        response: { 200: LoginResultSchema },
      },
    },
    async (request, reply) => {
      const { sessionToken, expiresAt } = await login(ctx.database, {
        ...request.body,
        address: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        sessionDays: ctx.config.sessionDays,
      });
      reply.setCookie(SESSION_COOKIE, sessionToken, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        expires: expiresAt,
      });
      return { expiresAt: expiresAt.toISOString() };
    },
  );

  r.post(
    '/api/v1/auth/logout',
    {
      config: { isPublic: true },
      schema: {
        tags: ['auth'],
        operationId: 'logout',
        summary: 'Sign out and end the session',
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      const cookie = request.cookies[SESSION_COOKIE];
      if (cookie) await logout(ctx.database, cookie);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'The signed-in person, their roles and tenant',
        response: { 200: MeSchema },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return findMe(ctx.database.db, actor);
    },
  );

  r.post(
    '/api/v1/me/password',
    {
      schema: {
        tags: ['auth'],
        operationId: 'changeMyPassword',
        summary: 'Change my password (signs out my other sessions)',
        body: ChangePasswordBodySchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await changePassword(ctx.database, actorOf(request), request.body, request.id);
      return reply.status(204).send(null);
    },
  );
}
