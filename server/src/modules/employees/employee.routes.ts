import {
  CreateEmployeeBodySchema,
  EmployeeSchema,
  ListEmployeesQuerySchema,
  PasswordResetResultSchema,
  UpdateEmployeeBodySchema,
} from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { requireIfMatch, setEtag } from '../../http/etag.ts';
import * as service from './employee.service.ts';

const IdParams = z.object({ id: z.uuid() });

export function registerEmployeeRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['employees'];

  r.get(
    '/api/v1/employees',
    {
      config: { scope: 'org:read' },
      schema: {
        tags,
        summary: 'Search employees within the caller’s reach (cursor pagination)',
        querystring: ListEmployeesQuerySchema,
        response: { 200: z.object({ items: z.array(EmployeeSchema), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => service.listEmployees(ctx.database, actorOf(request), request.query),
  );

  r.get(
    '/api/v1/employees/:id',
    {
      config: { scope: 'org:read' },
      schema: { tags, summary: 'One employee', params: IdParams, response: { 200: EmployeeSchema } },
    },
    async (request, reply) => {
      const employee = await service.getEmployee(ctx.database, actorOf(request), request.params.id);
      setEtag(reply, employee.version);
      return employee;
    },
  );

  r.post(
    '/api/v1/employees',
    {
      config: { scope: 'org:write' },
      schema: {
        tags,
        summary: 'Create an employee',
        body: CreateEmployeeBodySchema,
        response: { 201: EmployeeSchema },
      },
    },
    async (request, reply) => {
      const employee = await service.createEmployee(ctx.database, actorOf(request), request.body, request.id);
      setEtag(reply, employee.version);
      return reply.status(201).send(employee);
    },
  );

  r.patch(
    '/api/v1/employees/:id',
    {
      config: { scope: 'org:write' },
      schema: {
        tags,
        summary: 'Update an employee (requires If-Match); a manager may not report to their own report',
        params: IdParams,
        body: UpdateEmployeeBodySchema,
        response: { 200: EmployeeSchema },
      },
    },
    async (request, reply) => {
      const version = requireIfMatch(request);
      const employee = await service.updateEmployee(
        ctx.database,
        actorOf(request),
        request.params.id,
        version,
        request.body,
        request.id,
      );
      setEtag(reply, employee.version);
      return employee;
    },
  );

  r.post(
    '/api/v1/employees/:id/password-reset',
    {
      schema: {
        tags,
        operationId: 'resetEmployeePassword',
        summary: 'Give the employee a new generated password (shown once) and sign them out',
        params: IdParams,
        response: { 200: PasswordResetResultSchema },
      },
    },
    async (request) => service.resetPassword(ctx.database, actorOf(request), request.params.id, request.id),
  );
}
