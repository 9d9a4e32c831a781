import {
  IMPORT_FIELDS,
  type ImportField,
  ImportJobSchema,
  ImportMappingSchema,
  truncateText,
  ValidateImportBodySchema,
} from '@perfloop/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, localeOf } from '../../http/errors.ts';
import { readUpload } from '../../http/multipart.ts';
import * as service from './import.service.ts';
import { buildTemplate } from './import.workbooks.ts';

/** A form field's JSON, or undefined when it is not JSON (reported then like any bad value). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const IdParams = z.object({ id: z.uuid() });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function sendXlsx(reply: FastifyReply, fileName: string, body: Buffer) {
  return reply
    .type(XLSX)
    .header(
      'content-disposition',
      `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
    )
    .send(body);
}

export function registerImportRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['employee import/export'];

  r.get(
    '/api/v1/employees/import-template',
    {
      schema: {
        tags,
        summary: 'Download the .xlsx import template (Chinese headers by default)',
        produces: [XLSX],
        querystring: z.object({ locale: z.enum(['zh-CN', 'en-US']).optional() }),
      },
    },
    async (request, reply) => {
      actorOf(request);
      const locale = request.query.locale ?? localeOf(request);
      return sendXlsx(
        reply,
        locale === 'zh-CN' ? '员工导入模板.xlsx' : 'employee-import-template.xlsx',
        await buildTemplate(locale),
      );
    },
  );

  r.get(
    '/api/v1/employees/export',
    {
      config: { scope: 'org:read' },
      schema: {
        tags,
        operationId: 'exportEmployees',
        summary: 'Export every employee to .xlsx in the template layout (cells starting = + - @ neutralised)',
        produces: [XLSX],
        querystring: z.object({ locale: z.enum(['zh-CN', 'en-US']).optional() }),
      },
    },
    async (request, reply) => {
      const locale = request.query.locale ?? localeOf(request);
      const body = await service.exportEmployees(ctx.database, actorOf(request), locale);
      return sendXlsx(reply, locale === 'zh-CN' ? '员工.xlsx' : 'employees.xlsx', body);
    },
  );

  r.post(
    '/api/v1/employees/import',
    {
      config: { scope: 'org:write' },
      schema: {
        tags,
        summary:
          'Upload an .xlsx or .csv (UTF-8 or GBK) of employees. Returns the columns and a suggested mapping; ' +
          'with ?commit=true it also validates (suggested or given `mapping` field) and starts the import. Accepts Idempotency-Key.',
        consumes: ['multipart/form-data'],
        querystring: z.object({ commit: z.enum(['true', 'false']).default('false') }),
        response: { 201: ImportJobSchema, 202: ImportJobSchema },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const upload = await readUpload(request);
      const mappingField = upload.fields.mapping;
      const key = request.headers['idempotency-key'];
      const { job, parsed } = await service.uploadEmployeeFile(
        ctx.database,
        actor,
        { fileName: upload.fileName, bytes: upload.bytes },
        typeof key === 'string' && key.length > 0 ? truncateText(key, 200) : null,
      );
      if (request.query.commit !== 'true' || job.status !== 'uploaded') return reply.status(201).send(job);
      let mapping: Record<string, string> = job.suggestedMapping as Record<string, string>;
      if (mappingField !== undefined) {
        const given = ImportMappingSchema.safeParse(parseJson(mappingField));
        if (!given.success)
          throw new AppError('validation.failed', 'mapping must be a JSON object of field → column');
        mapping = given.data;
      }
      // The steps of one request read the file as this request parsed it.
      const validated = await service.validateImport(ctx.database, actor, job.id, mapping, parsed);
      if (validated.status === 'invalid')
        throw new AppError('import.invalid', undefined, undefined, {
          importId: job.id,
          rowErrors: validated.errors,
        });
      const running = await service.commitImport(
        ctx.database,
        actor,
        job.id,
        { requestId: request.id, leaseSeconds: ctx.config.jobLeaseSeconds, log: (e) => request.log.error(e) },
        parsed,
      );
      return reply.status(202).send({ ...running, sample: job.sample });
    },
  );

  r.get(
    '/api/v1/imports',
    {
      schema: {
        tags,
        summary: 'Recent imports',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                status: z.string(),
                fileName: z.string(),
                rowCount: z.number(),
                summary: z.unknown(),
                createdAt: z.string(),
              }),
            ),
            nextCursor: z.null(),
          }),
        },
      },
    },
    async (request) => ({
      items: await service.listImportJobs(ctx.database, actorOf(request)),
      nextCursor: null,
    }),
  );

  r.get(
    '/api/v1/imports/:id',
    {
      config: { scope: 'org:write' },
      schema: {
        tags,
        summary: 'An import: status, progress, mapping, errors',
        params: IdParams,
        response: { 200: ImportJobSchema },
      },
    },
    async (request) => service.getImportJob(ctx.database, actorOf(request), request.params.id),
  );

  r.post(
    '/api/v1/imports/:id/validate',
    {
      config: { scope: 'org:write' },
      schema: {
        tags,
        summary: `Validate the whole file with a column mapping (fields: ${IMPORT_FIELDS.join(', ')}); changes nothing`,
        params: IdParams,
        body: ValidateImportBodySchema,
        response: { 200: ImportJobSchema },
      },
    },
    async (request) =>
      service.validateImport(
        ctx.database,
        actorOf(request),
        request.params.id,
        request.body.mapping as Record<ImportField, string>,
      ),
  );

  r.post(
    '/api/v1/imports/:id/commit',
    {
      config: { scope: 'org:write' },
      schema: {
        tags,
        summary:
          'Run a validated import in one transaction (in the background; poll the import for progress)',
        params: IdParams,
        response: { 202: ImportJobSchema },
      },
    },
    async (request, reply) => {
      const job = await service.commitImport(ctx.database, actorOf(request), request.params.id, {
        requestId: request.id,
        leaseSeconds: ctx.config.jobLeaseSeconds,
        log: (e) => request.log.error(e),
      });
      return reply.status(202).send(job);
    },
  );

  r.get(
    '/api/v1/imports/:id/errors.xlsx',
    {
      config: { scope: 'org:write' },
      schema: {
        tags,
        summary: 'The error report of an import as .xlsx',
        params: IdParams,
        produces: [XLSX],
      },
    },
    async (request, reply) => {
      const body = await service.buildImportErrorReport(ctx.database, actorOf(request), request.params.id);
      return sendXlsx(reply, 'import-errors.xlsx', body);
    },
  );
}
