import { CreateDepartmentBodySchema, DepartmentSchema, UpdateDepartmentBodySchema } from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { requireIfMatch, setEtag } from '../../http/etag.ts';
import * as service from './department.service.ts';

const IdParams = z.object({ id: z.uuid() });

export function registerDepartmentRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['departments'];

  r.get(
    '/api/v1/departments',
    {
      config: { scope: 'org:read' },
      schema: {
        tags,
        summary: 'The department tree as a flat list (parentId links), with heads and member counts',
        querystring: z.object({ includeArchived: z.enum(['true', 'false']).default('false') }),
        response: { 200: z.object({ items: z.array(DepartmentSchema), nextCursor: z.null() }) },
      },
    },
    async (request) => ({
      items: await service.listDepartments(
        ctx.database,
        actorOf(request),
        request.query.includeArchived === 'true',
      ),
      nextCursor: null,
    }),
  );

  r.get(
    '/api/v1/departments/:id',
    {
      config: { scope: 'org:read' },
      schema: { tags, summary: 'One department', params: IdParams, response: { 200: DepartmentSchema } },
    },
    async (request, reply) => {
      const department = await service.getDepartment(ctx.database, actorOf(request), request.params.id);
      setEtag(reply, department.version);
      return department;
    },
  );

  r.post(
    '/api/v1/departments',
    {
      config: { scope: 'org:write' },
      schema: {
        tags,
        summary: 'Create a department',
        body: CreateDepartmentBodySchema,
        response: { 201: DepartmentSchema },
      },
    },
    async (request, reply) => {
      const department = await service.createDepartment(
        ctx.database,
        actorOf(request),
        request.body,
        request.id,
      );
      setEtag(reply, department.version);
      return reply.status(201).send(department);
    },
  );

  r.patch(
    '/api/v1/departments/:id',
    {
      config: { scope: 'org:write' },
      schema: {
        tags,
        summary: 'Rename, move (never under itself), set the head, archive; requires If-Match',
        params: IdParams,
        body: UpdateDepartmentBodySchema,
        response: { 200: DepartmentSchema },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const department = await service.updateDepartment(
        ctx.database,
        actorOf(request),
        request.params.id,
        version,
        request.body,
        request.id,
      );
      setEtag(reply, department.version);
      return department;
    },
  );
}
