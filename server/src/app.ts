import { existsSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Database } from './db/database.ts';
import { registerAuthHook } from './http/auth-hook.ts';
import type { AppContext } from './http/context.ts';
import { AppError, handleError } from './http/errors.ts';
import { HEAVY_READ_WAIT_MS, HEAVY_READS, Limiter } from './http/limiter.ts';
import { serializeLoggedError } from './http/log.ts';
import { openapiOptions } from './http/openapi.ts';
import { responseSerializerCompiler } from './http/serializer.ts';
import { registerTextHook } from './http/text-hook.ts';
import { ActorCache } from './modules/auth/actor-cache.ts';
import { MODULES } from './modules/modules.ts';

export type RouteInfo = { method: string; url: string; isPublic: boolean; scope: string | null };

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered, for the OpenAPI and tenant-isolation tests. */
    perfloopRoutes: RouteInfo[];
  }
}

export type BuildAppOptions = {
  config: Config;
  database: Database;
  logger?: boolean;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
  clock?: () => Date;
};

/** Builds the Fastify app; tests use it with `inject()`, main.ts with `listen()`. */
export async function buildApp({
  config,
  database,
  logger = true,
  logStream,
  clock = () => new Date(),
}: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger
      ? {
          level: config.logLevel,
          redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
          serializers: { err: serializeLoggedError },
          ...(logStream && { stream: logStream }),
          ...(!logStream &&
            process.stdout.isTTY &&
            config.env !== 'production' && { transport: { target: 'pino-pretty' } }),
        }
      : false,
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
    // A path the router cannot read (bad percent-encoding, an over-long parameter) gets problem+json too.
    frameworkErrors: handleError as FastifyServerOptions['frameworkErrors'],
    requestIdHeader: false,
  });
  const actors = new ActorCache();
  const ctx: AppContext = {
    config,
    database,
    clock,
    heavyReads: new Limiter(HEAVY_READS, HEAVY_READ_WAIT_MS),
    actors,
  };
  // Not attached, the cache never listens, so it keeps nothing.
  if (config.sessionCache) {
    const detachActors = await actors.attach(database);
    app.addHook('onClose', detachActors);
  }

  const routes: RouteInfo[] = [];
  app.decorate('perfloopRoutes', routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({
        method,
        url: route.url,
        isPublic: !!route.config?.isPublic,
        scope: route.config?.scope ?? null,
      });
    }
  });

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler(config.env !== 'production'));
  app.setErrorHandler(handleError);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:'],
        'connect-src': ["'self'"],
        'upgrade-insecure-requests': null,
      },
    },
    hsts: config.publicUrl.startsWith('https://'),
  });
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10, fieldSize: 64 * 1024 },
    throwFileSizeLimit: true,
  });
  await app.register(fastifySwagger, openapiOptions());
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  registerAuthHook(app, ctx);
  registerTextHook(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/v1/')) reply.header('cache-control', 'no-store');
  });

  for (const module of MODULES) module.register(app, ctx);

  app.get('/api/v1/openapi.json', { config: { isPublic: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  if (existsSync(config.webDistDir)) {
    await app.register(fastifyStatic, { root: config.webDistDir, wildcard: false, index: false });
    // Client-side routes get the single-page app; unknown API paths get a problem+json 404.
    app.setNotFoundHandler((request, reply) => {
      if (request.url.startsWith('/api/') || request.method !== 'GET') throw new AppError('not_found');
      return reply.type('text/html').sendFile('index.html');
    });
  } else {
    app.setNotFoundHandler(() => {
      throw new AppError('not_found');
    });
  }
  return app;
}
