import fc from 'fast-check';
import {
  bodyLocations,
  bodyVariants,
  encodeUrlValue,
  type FuzzContext,
  type JsonSchema,
  type Location,
  Raw,
  randomUuid,
  repair,
  resolve,
  setAt,
  toJson,
  urlVariants,
  valueArb,
} from './fuzz-schema.ts';

type Parameter = { in: string; name: string; required?: boolean; schema?: JsonSchema };
type OperationObject = {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
};
export type OpenApiDocument = {
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema> };
};

/** One operation of the OpenAPI document. */
export type Operation = {
  method: string;
  path: string;
  label: string;
  parameters: Parameter[];
  jsonBody: JsonSchema | null;
  /** Takes a file: documents multipart/form-data, or is a write with no JSON body (uploads parse their own). */
  isUpload: boolean;
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const WRITES = new Set(['POST', 'PUT', 'PATCH']);

export function operationsOf(document: OpenApiDocument): Operation[] {
  const out: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const content = operation.requestBody?.content ?? {};
      const jsonBody = content['application/json']?.schema ?? null;
      const upper = method.toUpperCase();
      out.push({
        method: upper,
        path,
        label: `${upper} ${path}`,
        parameters: operation.parameters ?? [],
        jsonBody,
        isUpload: !!content['multipart/form-data'] || (WRITES.has(upper) && !jsonBody),
      });
    }
  }
  return out;
}

/** A request before it is sent: values may be `Raw` (sent as written) or arrays (repeated parameters). */
export type RequestSpec = {
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  rawBody?: string | Buffer;
  contentType?: string;
  headers?: Record<string, string>;
};

export type Mutation = { label: string; apply: (base: RequestSpec) => RequestSpec };

export type FuzzCase = { base: RequestSpec; mutation: Mutation };

/** Valid-shaped requests for an operation, from its parameters' and body's schemas. */
export function requestArb(
  op: Operation,
  ctx: FuzzContext,
  doc: OpenApiDocument,
  full: boolean,
): fc.Arbitrary<RequestSpec> {
  const path: Record<string, fc.Arbitrary<unknown>> = {};
  const query: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of op.parameters) {
    const arb = valueArb(p.schema ?? { type: 'string' }, ctx, [p.name], full, doc).map(String);
    if (p.in === 'path') path[p.name] = arb;
    else if (p.in === 'query') query[p.name] = arb;
  }
  const required = op.parameters.filter((p) => p.in === 'query' && p.required).map((p) => p.name);
  return fc.record({
    path: fc.record(path),
    query: fc.record(query, full ? {} : { requiredKeys: required }),
    body: op.jsonBody
      ? valueArb(op.jsonBody, ctx, [], full, doc).map(repair)
      : fc.constant(undefined as unknown),
  });
}

function nameOf(location: Location): string {
  return String([...location.path].reverse().find((k) => typeof k === 'string') ?? '');
}

const CSV = Buffer.from('工号,姓名,部门\nFZ9,乙,销售部\n');

function multipartBody(boundary: string, fileName: string | Buffer, content: Buffer, extra = '') {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\n${extra}Content-Disposition: form-data; name="file"; filename="`),
    Buffer.isBuffer(fileName) ? fileName : Buffer.from(fileName),
    Buffer.from('"\r\nContent-Type: application/octet-stream\r\n\r\n'),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

const BOUNDARY = 'fuzzboundary7MA4YWxk';
const MULTIPART = `multipart/form-data; boundary=${BOUNDARY}`;

/** Malformed and hostile uploads. */
function multipartMutations(): Mutation[] {
  const upload = (label: string, rawBody: Buffer, contentType = MULTIPART): Mutation => ({
    label: `multipart: ${label}`,
    apply: (base) => ({ ...base, body: undefined, rawBody, contentType }),
  });
  const valid = multipartBody(BOUNDARY, 'fuzz.csv', CSV);
  return [
    upload('no boundary', valid, 'multipart/form-data'),
    upload('truncated', valid.subarray(0, Math.floor(valid.length / 2))),
    upload('boundary mismatch', valid, 'multipart/form-data; boundary=another'),
    upload('empty body', Buffer.alloc(0)),
    upload('NUL in file name', multipartBody(BOUNDARY, 'fu\u0000zz.csv', CSV)),
    upload(
      'invalid UTF-8 in file name',
      multipartBody(BOUNDARY, Buffer.from([0x66, 0xed, 0xa0, 0x80, 0x2e, 0x63, 0x73, 0x76]), CSV),
    ),
    upload('lone surrogate in file name', multipartBody(BOUNDARY, 'f\ud800.csv', CSV)),
    upload('over-long file name', multipartBody(BOUNDARY, `${'名'.repeat(5000)}.csv`, CSV)),
    upload('path traversal file name', multipartBody(BOUNDARY, '../../etc/passwd.csv', CSV)),
    upload(
      'NUL, U+FFFF and a lone surrogate in cells',
      multipartBody(BOUNDARY, 'fuzz.csv', Buffer.from('工号,姓名,部门\nFZ\u00008,乙\uffff,\ud800销售部\n')),
    ),
    upload(
      'garbage .xlsx',
      multipartBody(
        BOUNDARY,
        'fuzz.xlsx',
        Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(2000, 7)]),
      ),
    ),
    upload('empty file', multipartBody(BOUNDARY, 'fuzz.csv', Buffer.alloc(0))),
    upload(
      'only a text field',
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="mapping"\r\n\r\n{"__proto__":1}\r\n--${BOUNDARY}--\r\n`,
      ),
    ),
    upload(
      'two files',
      Buffer.concat([
        multipartBody(BOUNDARY, 'a.csv', CSV).subarray(0, -4),
        Buffer.from('\r\n'),
        multipartBody(BOUNDARY, 'b.csv', CSV),
      ]),
    ),
    upload(
      'hostile mapping field',
      Buffer.concat([
        Buffer.from(
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="mapping"\r\n\r\n{"employeeNo":"\\u0000","name":"\\ud800"}\r\n`,
        ),
        multipartBody(BOUNDARY, 'fuzz.csv', CSV),
      ]),
    ),
    upload(
      'no content-disposition',
      Buffer.from(`--${BOUNDARY}\r\nContent-Type: text/csv\r\n\r\nabc\r\n--${BOUNDARY}--\r\n`),
    ),
  ];
}

/** Hostile variants of the whole request: body shape and encoding, unknown and prototype keys, headers. */
function requestMutations(op: Operation, base: RequestSpec): Mutation[] {
  const list: Mutation[] = [];
  const raw = (label: string, rawBody: string | Buffer, contentType = 'application/json'): Mutation => ({
    label: `request: ${label}`,
    apply: (b) => ({ ...b, rawBody, contentType }),
  });
  if (op.method !== 'GET' && op.method !== 'DELETE') {
    const body = base.body && typeof base.body === 'object' ? base.body : {};
    list.push(
      {
        label: 'request: unknown field',
        apply: (b) => ({
          ...b,
          body: { ...body, fuzzUnknown: 'x', isAdmin: true, tenantId: randomUuid() },
        }),
      },
      raw('__proto__ key', `{"__proto__":{"polluted":true},${toJson(body).slice(1)}`.replace(/,}$/, '}')),
      raw(
        'constructor.prototype key',
        `{"constructor":{"prototype":{"polluted":true}},${toJson(body).slice(1)}`.replace(/,}$/, '}'),
      ),
      raw('deeply nested array', `${'['.repeat(10000)}${']'.repeat(10000)}`),
      raw('deeply nested object', `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`),
      raw('null body', 'null'),
      raw('array body', `[${toJson(body)}]`),
      raw('string body', '"fuzz"'),
      raw('invalid JSON', '{"a":'),
      raw('empty JSON body', ''),
      raw('text/plain body', toJson(body), 'text/plain'),
      raw('body over 1 MB', `{"a":"${'a'.repeat(1_200_000)}"}`),
      raw('duplicate keys', `{"a":1,"a":2,${toJson(body).slice(1)}`.replace(/,}$/, '}')),
      raw('NUL byte in JSON text', `{"a":"\u0000"}`),
      raw(
        'invalid UTF-8 in body',
        Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xed, 0xa0, 0x80, 0xff]), Buffer.from('"}')]),
      ),
    );
  }
  list.push(
    {
      label: 'request: unknown and prototype query keys',
      apply: (b) => ({
        ...b,
        query: {
          ...b.query,
          fuzzUnknown: '1',
          '__proto__[polluted]': '1',
          'constructor[prototype][polluted]': '1',
        },
      }),
    },
    {
      label: 'request: garbage If-Match',
      apply: (b) => ({ ...b, headers: { 'if-match': 'W/"99999999999999999999"' } }),
    },
    { label: 'request: odd If-Match', apply: (b) => ({ ...b, headers: { 'if-match': '"-1", *, "abc' } }) },
    {
      label: 'request: long Idempotency-Key',
      apply: (b) => ({ ...b, headers: { 'idempotency-key': 'k'.repeat(10_000) } }),
    },
    {
      label: 'request: odd Accept-Language',
      apply: (b) => ({ ...b, headers: { 'accept-language': '__proto__' } }),
    },
  );
  return list;
}

/** Every mutation for one valid-shaped request: each field, parameter and the request as a whole. */
export function mutationsOf(
  op: Operation,
  base: RequestSpec,
  ctx: FuzzContext,
  doc: OpenApiDocument,
): Mutation[] {
  const list: Mutation[] = [];
  if (op.jsonBody && base.body !== undefined) {
    for (const location of bodyLocations(op.jsonBody, base.body, doc)) {
      const where = `body.${location.path.join('.')}`;
      for (const variant of bodyVariants(location, ctx, nameOf(location))) {
        list.push({
          label: `${where}: ${variant.name}`,
          apply: (b) => ({ ...b, body: setAt(b.body, location.path, variant.value) }),
        });
      }
    }
  }
  for (const p of op.parameters) {
    if (p.in !== 'path' && p.in !== 'query') continue;
    const location: Location = { in: p.in, path: [p.name], schema: resolve(p.schema ?? {}, doc) };
    for (const variant of urlVariants(location, ctx, p.name)) {
      list.push({
        label: `${p.in}.${p.name}: ${variant.name}`,
        apply: (b) =>
          p.in === 'path'
            ? { ...b, path: { ...b.path, [p.name]: variant.value } }
            : { ...b, query: { ...b.query, [p.name]: variant.value } },
      });
    }
  }
  list.push(...requestMutations(op, base));
  if (op.isUpload) list.push(...multipartMutations());
  return list;
}

/** The `app.inject()` options for a request spec. */
export function toInject(op: Operation, spec: RequestSpec, headers: Record<string, string>) {
  let url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeUrlValue(spec.path[name] ?? ''));
  const query: string[] = [];
  for (const [k, v] of Object.entries(spec.query)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v])
      query.push(`${encodeURIComponent(k)}=${encodeUrlValue(one)}`);
  }
  if (query.length) url += `?${query.join('&')}`;
  const all: Record<string, string> = { ...headers, ...spec.headers };
  let payload: string | Buffer | undefined;
  if (spec.rawBody !== undefined) {
    payload = spec.rawBody;
    all['content-type'] = spec.contentType ?? 'application/json';
  } else if (spec.body !== undefined && op.method !== 'GET') {
    payload = toJson(spec.body);
    all['content-type'] = 'application/json';
  }
  return {
    method: op.method as 'GET',
    url,
    headers: all,
    ...(payload !== undefined && { payload }),
  };
}

export { Raw };
