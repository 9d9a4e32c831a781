import type {
  FastifyDynamicSwaggerOptions,
  SwaggerTransform,
  SwaggerTransformObject,
} from '@fastify/swagger';
import { ERROR_CODES, type ProblemBody } from '@perfloop/core';
import type { FastifySchema, RouteOptions } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { statusOf } from './errors.ts';

/**
 * The OpenAPI document integrators generate clients from. Its rules are derived here, once, from
 * each route's method, path, schemas and config, so a new route is documented without anyone
 * remembering to: a stable operationId, the problem+json 4xx answers it can give, and a body for
 * every answer.
 */

/** Statuses a route can answer with a problem+json body. */
export const PROBLEM_STATUSES = [400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 429, 503] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Problem statuses this route can answer beyond those derived from its method, path, input and
     * `isPublic` (see `problemStatusesOf`), e.g. 429 for sign-in, 503 for a heavy read.
     */
    problems?: readonly ProblemStatus[];
  }
}

export const FieldErrorSchema = z.object({
  path: z.string().meta({ description: 'The field, e.g. `body.keyResults.0.weightBp` or `query.limit`' }),
  code: z.string().meta({ description: 'Stable field-error code, e.g. `required`, `too_long`' }),
  message: z.string().meta({ description: 'The reason in the caller’s language (Accept-Language)' }),
});

/** RFC 9457 problem details, as `handleError` sends them; extra members may follow (e.g. `rowErrors`). */
export const ProblemSchema = z
  .looseObject({
    type: z.string().meta({ description: 'A URI naming the kind of problem' }),
    title: z.string().meta({ description: 'A short summary in the caller’s language' }),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z
      .enum(ERROR_CODES)
      .meta({ description: 'Stable error code; clients translate this, never `title`' }),
    errors: z.array(FieldErrorSchema).optional().meta({ description: 'One entry per invalid field' }),
    requestId: z.string().optional().meta({ description: 'Quote it when reporting a problem' }),
  })
  .meta({ description: 'RFC 9457 problem details (application/problem+json)' });

// A compile-time check that the documented schema is the body the error handler sends.
const _problemMatchesBody = (body: ProblemBody): z.input<typeof ProblemSchema> => body;
void _problemMatchesBody;

const PROBLEM_RESPONSE_NAMES: Record<ProblemStatus, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  412: 'PreconditionFailed',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  422: 'UnprocessableEntity',
  428: 'PreconditionRequired',
  429: 'TooManyRequests',
  503: 'ServiceUnavailable',
};

const PROBLEM_SUMMARIES: Record<ProblemStatus, string> = {
  400: 'The input is malformed or invalid; `errors[]` names each field.',
  401: 'Not signed in, or the bearer token is unknown, revoked or expired.',
  403: 'Not allowed: a policy, a missing token scope, or a cookie-authenticated write from another site.',
  404: 'No such resource in your company, or not one you may see.',
  409: 'The resource’s state, or a value that must be unique, conflicts with the request.',
  412: 'If-Match does not name the current version: reload and retry.',
  413: 'The body or the uploaded file is too large.',
  415: 'The content type is not accepted.',
  422: 'The input is well-formed but breaks a rule.',
  428: 'If-Match is required: send the ETag of the version you saw.',
  429: 'Too many attempts: retry after `Retry-After` seconds.',
  503: 'The server is busy: retry after `Retry-After` seconds.',
};

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

type RouteFacts = {
  method: string;
  url: string;
  isPublic: boolean;
  hasBody: boolean;
  hasQuery: boolean;
  isUpload: boolean;
  extra: readonly ProblemStatus[];
};

/**
 * The problem statuses a route can answer, derived from what the route is: input can be invalid
 * (400); a bearer token can be refused on any route (401); a private route or a cookie write can
 * be forbidden (403); an id in the path can name nothing (404); a private write can conflict with
 * the state (409) or break a rule in its body (422); PATCH and PUT need If-Match (428, 412); a body
 * can be too large or of the wrong type (413, 415). The route's config adds the rest.
 */
export function problemStatusesOf(route: RouteFacts): ProblemStatus[] {
  const statuses = new Set<ProblemStatus>([401, ...route.extra]);
  const hasParams = route.url.includes(':') || route.url.includes('{');
  const isWrite = WRITES.has(route.method);
  const takesBody = route.hasBody || route.isUpload;
  if (takesBody || route.hasQuery || hasParams) statuses.add(400);
  if (!route.isPublic || isWrite) statuses.add(403);
  if (hasParams) statuses.add(404);
  if (isWrite && !route.isPublic) statuses.add(409);
  if (takesBody) {
    statuses.add(413);
    statuses.add(415);
    statuses.add(422);
  }
  if (route.method === 'PATCH' || route.method === 'PUT') {
    statuses.add(412);
    statuses.add(428);
  }
  return PROBLEM_STATUSES.filter((status) => statuses.has(status));
}

function pascal(segment: string): string {
  return segment
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

/** English plural → singular for our resource names (goals, deliveries, gap-analyses, check-ins). */
export function singular(word: string): string {
  if (/yses$/.test(word)) return word.replace(/yses$/, 'ysis');
  if (/ies$/.test(word)) return word.replace(/ies$/, 'y');
  if (/(ss|ch|sh|x)es$/.test(word)) return word.slice(0, -2);
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Collections named by a noun without a plural: `GET /feedback` lists, `POST /feedback` creates. */
const UNCOUNTABLE = new Set(['feedback']);

function isParam(segment: string): boolean {
  return segment.startsWith(':') || segment.startsWith('{');
}

/**
 * A stable operationId from the method and path: `GET /goals` → `listGoals` (when it answers a
 * list), `POST /goals` → `createGoal`, `GET /goals/{id}` → `getGoal`, `PATCH /goals/{id}` →
 * `updateGoal`, `POST /goals/{id}/submit` → `submitGoal`, `POST /employees/import` →
 * `importEmployees`, `GET /goals/{id}/key-results` → `listGoalKeyResults`, `/me/...` → `...My...`.
 * A route overrides it with `schema.operationId`.
 */
export function operationIdOf(method: string, url: string, isList: boolean): string {
  const segments = url
    .replace(/^\/api\/v1\//, '')
    .split('/')
    .filter(Boolean)
    .map((segment) => segment.replace(/\.[a-z]+$/, '')); // errors.xlsx, calendar.ics
  if (segments.length === 1 && segments[0] === 'me') return `${method === 'GET' ? 'get' : 'update'}Me`;
  const isMine = segments.includes('me');
  const qualifiers = segments.filter((s) => s.startsWith('by-')).map(pascal);
  const path = segments.filter((s) => !s.startsWith('by-'));
  const last = path.at(-1) ?? '';
  const endsWithId = isParam(last);
  const literals = path.filter((s) => !isParam(s) && s !== 'me');
  const terminal = literals.at(-1) ?? '';
  const isPlural = singular(terminal) !== terminal || UNCOUNTABLE.has(terminal);
  // POST to `.../{id}/submit` or `/goals/import`: the last word is the verb.
  const isAction = method === 'POST' && !endsWithId && literals.length > 1 && !isPlural;
  const named = isAction ? path.slice(0, -1) : path;
  const words = named.flatMap((segment, i) => {
    if (isParam(segment) || segment === 'me') return [];
    // A noun before an id or another noun names one of them: goals/{id}, notifications/unread-count.
    if (i < named.length - 1) return [singular(segment)];
    // The last noun: importEmployees, listGoals, getSettings; but createGoal.
    return [method === 'POST' && !isAction ? singular(segment) : segment];
  });
  const object = `${isMine ? 'My' : ''}${words.map(pascal).join('')}${qualifiers.join('')}`;
  let verb: string;
  if (isAction) verb = pascal(terminal).replace(/^./, (c) => c.toLowerCase());
  else if (method === 'GET') verb = !endsWithId && isPlural && isList ? 'list' : 'get';
  else if (method === 'POST') verb = 'create';
  else if (method === 'DELETE') verb = 'delete';
  else verb = 'update';
  return `${verb}${object}`;
}

type JsonSchema = { [key: string]: unknown };

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a response schema is a list: an array, or a page `{ items: [...] }`. */
function isListSchema(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  if (schema.type === 'array') return true;
  const items = isObject(schema.properties) ? schema.properties.items : undefined;
  return isObject(items) && items.type === 'array';
}

const BINARY = { type: 'string', format: 'binary' };

type Schema = FastifySchema & { hide?: boolean; response?: Record<string, unknown> };

/**
 * The per-route transform: zod → JSON Schema (fastify-type-provider-zod), then an operationId,
 * a binary body for file downloads (`produces` without a response schema), and the problem
 * statuses, carried in `x-problems` to `transformOpenapiDocument`, which turns them into responses.
 */
export const transformOpenapiRoute: SwaggerTransform<Schema> = (input) => {
  const { schema, url, route } = input;
  const result = jsonSchemaTransform(input) as { schema: Schema; url: string };
  const transformed = result.schema;
  if (!transformed || transformed.hide) return result;
  const method = [route.method].flat()[0]!.toUpperCase();
  const response: Record<string, unknown> = { ...transformed.response };
  if (Object.keys(response).length === 0 && schema.produces?.length) {
    response[200] = {
      description: schema.summary ?? 'The file',
      content: Object.fromEntries(schema.produces.map((type) => [type, { schema: BINARY }])),
    };
  }
  const isList = isListSchema(response[200]);
  const problems = problemStatusesOf(factsOf(route, method, url, schema));
  return {
    url,
    schema: {
      ...transformed,
      ...(Object.keys(response).length > 0 && { response }),
      operationId: schema.operationId ?? operationIdOf(method, url, isList),
      ...(route.config?.isPublic && { security: [] }),
      'x-problems': problems,
    },
  };
};

function factsOf(route: RouteOptions, method: string, url: string, schema: Schema): RouteFacts {
  return {
    method,
    url,
    isPublic: !!route.config?.isPublic,
    hasBody: !!schema.body,
    hasQuery: !!schema.querystring,
    isUpload: !!schema.consumes?.includes('multipart/form-data'),
    extra: route.config?.problems ?? [],
  };
}

/** The error codes answered with `status`, from the one code → status table. */
export function codesOf(status: number): string[] {
  return ERROR_CODES.filter((code) => statusOf(code) === status);
}

function problemResponse(status: ProblemStatus) {
  const codes = codesOf(status);
  const response: JsonSchema = {
    description: `${PROBLEM_SUMMARIES[status]}${codes.length ? ` Codes: ${codes.map((c) => `\`${c}\``).join(', ')}.` : ''}`,
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
  if (status === 429 || status === 503)
    response.headers = {
      'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
    };
  return response;
}

/**
 * A record keyed by an enum (`z.record(z.enum([...]), V)`) lists its keys in `required`, but the
 * OpenAPI 3.0 form drops `propertyNames`, leaving required properties that nothing defines: they
 * are defined here, each with the record's value schema.
 */
export function defineRequiredProperties(value: unknown): void {
  if (Array.isArray(value)) {
    for (const entry of value) defineRequiredProperties(entry);
    return;
  }
  if (!isObject(value)) return;
  if (Array.isArray(value.required)) {
    const properties = isObject(value.properties) ? value.properties : {};
    const missing = value.required.filter(
      (name): name is string => typeof name === 'string' && !(name in properties),
    );
    if (missing.length > 0) {
      const valueSchema = isObject(value.additionalProperties) ? value.additionalProperties : {};
      for (const name of missing) properties[name] = valueSchema;
      value.properties = properties;
    }
  }
  for (const child of Object.values(value)) defineRequiredProperties(child);
}

/**
 * OpenAPI 3.0 allows `nullable` only beside a `type`: zod writes `x.nullable()` of a union as
 * `{ nullable: true, anyOf: [...] }`, which linters and generators refuse. The null moves into
 * each branch of the union, which says the same.
 */
export function moveNullableIntoUnions(value: unknown): void {
  if (Array.isArray(value)) {
    for (const entry of value) moveNullableIntoUnions(entry);
    return;
  }
  if (!isObject(value)) return;
  const branches = Array.isArray(value.anyOf) ? value.anyOf : Array.isArray(value.oneOf) ? value.oneOf : null;
  if (value.nullable === true && value.type === undefined && branches) {
    delete value.nullable;
    for (const branch of branches) if (isObject(branch)) branch.nullable = true;
  }
  for (const child of Object.values(value)) moveNullableIntoUnions(child);
}

type Operation = {
  operationId?: string;
  responses?: Record<string, unknown>;
  'x-problems'?: ProblemStatus[];
};

/** The whole document: the problem responses and their schema, no body on 204, required properties defined. */
export const transformOpenapiDocument: SwaggerTransformObject = (input) => {
  const document = ('openapiObject' in input ? input.openapiObject : input.swaggerObject) as JsonSchema & {
    paths?: Record<string, Record<string, Operation>>;
    components?: JsonSchema & { schemas?: JsonSchema; responses?: JsonSchema };
  };
  const used = new Set<ProblemStatus>();
  for (const pathItem of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(pathItem)) {
      const problems = operation['x-problems'] ?? [];
      delete operation['x-problems'];
      operation.responses ??= {};
      // `z.null()` documents an empty answer; 204 has no body, so no content either.
      const noContent = operation.responses[204];
      if (isObject(noContent)) {
        delete noContent.content;
        if (noContent.description === 'Default Response') noContent.description = 'Done; no content';
      }
      for (const status of problems) {
        operation.responses[status] ??= { $ref: `#/components/responses/${PROBLEM_RESPONSE_NAMES[status]}` };
        used.add(status);
      }
    }
  }
  defineRequiredProperties(document.paths);
  moveNullableIntoUnions(document.paths);
  const problem = z.toJSONSchema(ProblemSchema, { target: 'openapi-3.0', io: 'output' });
  delete (problem as JsonSchema).$schema;
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, Problem: problem },
    responses: {
      ...document.components?.responses,
      ...Object.fromEntries(
        PROBLEM_STATUSES.filter((s) => used.has(s)).map((s) => [
          PROBLEM_RESPONSE_NAMES[s],
          problemResponse(s),
        ]),
      ),
    },
  };
  return document;
};

/** The @fastify/swagger options: the document's head, servers and the transforms above. */
export function openapiOptions(): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Perfloop API',
        description:
          'Perfloop (绩效闭环) performance management. Errors are RFC 9457 problem+json with a stable `code`.',
        version: '1',
        license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      },
      // Relative: the server that serves this document, whatever name it is reached by.
      servers: [{ url: '/', description: 'This Perfloop server' }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'pf_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: transformOpenapiRoute as SwaggerTransform,
    transformObject: transformOpenapiDocument,
  };
}
