import fc from 'fast-check';

/** The part of an OpenAPI 3.0 schema object the fuzz suite reads. */
export type JsonSchema = {
  type?: string | string[];
  nullable?: boolean;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
  $ref?: string;
};

/** JSON text placed as is into a serialized body, query or path (what JSON.stringify cannot write). */
export class Raw {
  constructor(readonly text: string) {}
}

/** Serializes a body that may hold `Raw` pieces (1e999, `__proto__` keys, deep nesting). */
export function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export type PathKey = string | number;

/** Ids of a tenant's rows by kind (`goal`, `keyResult`, `employee`, …) and other known values (`key`). */
export type Pools = Record<string, string[]>;

export type FuzzContext = {
  own: Pools;
  foreign: Pools;
  /** The route's resource (`goal` for /goals/...), for fields named `id`, `ids` or `parentId`. */
  resource: string;
};

/** `one-on-ones` → `oneOnOne`, `gap-analyses` → `gapAnalysis`, `key_results` → `keyResult`. */
export function singular(segment: string): string {
  const camel = segment.replace(/[-_](\w)/g, (_m, c: string) => c.toUpperCase());
  if (camel.endsWith('ies')) return `${camel.slice(0, -3)}y`;
  if (camel.endsWith('ses') && camel.endsWith('yses')) return `${camel.slice(0, -2)}is`;
  if (camel.endsWith('s') && !camel.endsWith('ss')) return camel.slice(0, -1);
  return camel;
}

/** The resource a route is about: the segment before its last path parameter, else its first. */
export function resourceOf(path: string): string {
  const segments = path.replace(/^\/api\/v1\//, '').split('/');
  let kind = singular(segments[0] ?? '');
  for (let i = 1; i < segments.length; i++) {
    if (segments[i]!.startsWith('{') && !segments[i - 1]!.startsWith('{')) kind = singular(segments[i - 1]!);
  }
  return kind;
}

const PERSON_FIELDS = new Set(['owner', 'manager', 'head', 'responsible', 'to', 'actor', 'employee', 'from']);

/** Which kind of row a field or parameter names: `ownerId` → employee, `parentGoalId` → goal. */
export function kindOf(name: string, path: PathKey[], resource: string): string {
  const base = name.replace(/Ids?$/, '');
  if (base === name && name !== 'ids' && name !== 'id') return name;
  if (base === 'id' || base === 'ids' || base === '') {
    // An `id` inside an array names the array's element (`keyResults[].id` → keyResult).
    const parent = [...path].reverse().find((k): k is string => typeof k === 'string' && k !== name);
    return parent ? singular(parent) : resource;
  }
  if (base === 'parent') return resource;
  if (PERSON_FIELDS.has(base)) return 'employee';
  const last = base.replace(/^(parent|hrbp)/, '');
  return last.charAt(0).toLowerCase() + last.slice(1);
}

export function resolve(
  schema: JsonSchema,
  document: { components?: { schemas?: Record<string, JsonSchema> } },
) {
  let current = schema;
  for (let i = 0; i < 20 && current.$ref; i++) {
    const name = current.$ref.split('/').pop()!;
    current = document.components?.schemas?.[name] ?? {};
  }
  return current;
}

function typeOf(schema: JsonSchema): string | undefined {
  const t = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  if (t) return t;
  if (schema.properties || schema.additionalProperties) return 'object';
  if (schema.items) return 'array';
  return undefined;
}

function variantsOf(schema: JsonSchema): JsonSchema[] {
  const list = schema.anyOf ?? schema.oneOf;
  if (!list) return [schema];
  return list.filter((v) => !(v.type === 'null' || (v.enum?.length === 1 && v.enum[0] === null)));
}

export function isDate(schema: JsonSchema) {
  return (
    schema.format === 'date' || (!!schema.pattern && /\\d\{4\}-\\d\{2\}-\\d\{2\}\$$/.test(schema.pattern))
  );
}

function isDateTime(schema: JsonSchema) {
  return schema.format === 'date-time';
}

const TEXT_UNITS = [...'abcdefgxyzABCXYZ0123456789 -_目标成果销售客户季度'];
const DATES = ['2026-07-01', '2026-08-03', '2026-08-17', '2026-09-30'];
const DATE_TIMES = ['2026-08-04T10:00:00+08:00', '2026-08-20T01:30:00.000Z', '2026-09-01T09:00:00+08:00'];
/** Fields whose valid values a schema cannot tell (an IANA zone is just a string). */
const NAMED_VALUES: Record<string, string[]> = {
  timeZone: ['Asia/Shanghai', 'UTC'],
  locale: ['zh-CN', 'en-US'],
};

let serial = 0;
let uuidState = 1;

/** Seeds the suite's own random values (the random uuids), so that a seed reproduces a run. */
export function seedRandom(seed: number) {
  uuidState = seed >>> 0 || 1;
  serial = 0;
}

/** A version-4 uuid from a xorshift generator: random to the server, repeatable for the suite. */
export function randomUuid(): string {
  let hex = '';
  while (hex.length < 32) {
    uuidState ^= uuidState << 13;
    uuidState ^= uuidState >>> 17;
    uuidState ^= uuidState << 5;
    hex += (uuidState >>> 0).toString(16).padStart(8, '0');
  }
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A valid-shaped value for a schema: enums, formats, bounds and the tenant's own ids. */
export function valueArb(
  schema: JsonSchema,
  ctx: FuzzContext,
  path: PathKey[],
  full: boolean,
  doc: Parameters<typeof resolve>[1],
): fc.Arbitrary<unknown> {
  const s = resolve(schema, doc);
  const name = [...path].reverse().find((k): k is string => typeof k === 'string') ?? '';
  if (s.allOf?.length) return valueArb(Object.assign({}, ...s.allOf), ctx, path, full, doc);
  const variants = variantsOf(s);
  const isNullable = s.nullable || variants.length < (s.anyOf ?? s.oneOf ?? [s]).length;
  // The sweep's request leaves optional references and texts empty: fewer rules to break before
  // the service, and the sweep still puts each hostile value there.
  if (full && isNullable && path.length && variants.every((v) => typeOf(resolve(v, doc)) === 'string'))
    return fc.constant(null);
  if (variants.length > 1 || s.anyOf || s.oneOf) {
    if (variants.length === 0) return fc.constant(null);
    // The sweep's request takes the simplest shape of a union (a revision that cancels, say).
    if (full) {
      const size = (v: JsonSchema) => Object.keys(resolve(v, doc).properties ?? {}).length;
      const simplest = [...variants].sort((a, b) => size(a) - size(b))[0]!;
      return valueArb(simplest, ctx, path, full, doc);
    }
    return fc.oneof(...variants.map((v) => valueArb(v, ctx, path, full, doc)));
  }
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum?.length) return fc.constantFrom(...s.enum.filter((v) => v !== null));
  switch (typeOf(s)) {
    case 'string': {
      if (s.format === 'uuid') {
        const ids = ctx.own[kindOf(name, path, ctx.resource)];
        return ids?.length ? fc.constantFrom(...ids) : fc.uuid({ version: 4 });
      }
      if (isDateTime(s)) return fc.constantFrom(...DATE_TIMES);
      if (isDate(s)) return fc.constantFrom(...DATES);
      if (s.format === 'email') return fc.nat(1e6).map((n) => `fuzz${n}@example.com`);
      if (s.format === 'uri' || s.format === 'url') return fc.constant('https://hooks.example.com/fuzz');
      const named = ctx.own[name] ?? NAMED_VALUES[name];
      if (named?.length) return fc.constantFrom(...named);
      const minLength = s.minLength ?? 0;
      const maxLength = Math.max(minLength, Math.min(s.maxLength ?? 24, 24));
      if (s.pattern) {
        const re = new RegExp(s.pattern);
        return fc
          .stringMatching(re)
          .filter((v) => v.length >= minLength && v.length <= (s.maxLength ?? Number.POSITIVE_INFINITY));
      }
      // A counter keeps names unique, so unique keys (employee numbers, codes) rarely collide.
      return fc
        .string({ unit: fc.constantFrom(...TEXT_UNITS), minLength: Math.max(minLength, 1), maxLength })
        .map((v) => {
          serial += 1;
          const tagged = `${v}${serial}`;
          return tagged.length <= (s.maxLength ?? 1e9) ? tagged : v;
        });
    }
    case 'integer':
    case 'number': {
      const min = Math.max(s.minimum ?? -1000, -1000);
      const max = Math.min(s.maximum ?? 1000, 1000);
      if (min > max) return fc.constant(s.minimum ?? 0);
      return typeOf(s) === 'integer'
        ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
        : fc.oneof(
            fc.integer({ min: Math.ceil(min), max: Math.floor(max) }),
            fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
          );
    }
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const item = valueArb(s.items ?? {}, ctx, [...path, 0], full, doc);
      const minLength = Math.max(s.minItems ?? 0, 1);
      const maxLength = Math.max(minLength, Math.min(s.maxItems ?? 3, 3));
      return fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) });
    }
    case 'object': {
      if (s.properties && Object.keys(s.properties).length) {
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [key, property] of Object.entries(s.properties)) {
          // An optional `id` is a client-chosen id, which a client creating something leaves out:
          // the sweep's request does too, and puts each hostile id there (`bodyLocations`).
          if (full && key === 'id' && !s.required?.includes(key)) continue;
          model[key] = valueArb(property, ctx, [...path, key], full, doc);
        }
        return fc.record(model, full ? {} : { requiredKeys: s.required ?? [] });
      }
      // A map's keys are rarely free (phases, mappings, preferences): the sweep sends it empty.
      if (s.additionalProperties && typeof s.additionalProperties === 'object' && !full) {
        return fc.dictionary(
          fc.constantFrom('a', 'name', '工号', 'end'),
          valueArb(s.additionalProperties, ctx, [...path, 'a'], full, doc),
          { minKeys: 1, maxKeys: 2 },
        );
      }
      return fc.constant({});
    }
    default:
      return fc.constant({});
  }
}

/** Business rules a schema does not state, so that valid-shaped bodies get past the services' checks too. */
export function repair(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(repair);
    const weighted = items.filter(
      (v): v is Record<string, unknown> => !!v && typeof v === 'object' && 'weightBp' in v,
    );
    if (weighted.length === items.length && weighted.length > 0) {
      const share = Math.floor(10000 / weighted.length);
      weighted.forEach((item, i) => {
        item.weightBp = i === 0 ? 10000 - share * (weighted.length - 1) : share;
      });
    }
    return items;
  }
  if (value && typeof value === 'object' && !(value instanceof Raw)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = repair(v);
    for (const [from, to] of [
      ['startDate', 'endDate'],
      ['startDate', 'dueDate'],
      ['from', 'to'],
    ] as const) {
      const a = out[from];
      const b = out[to];
      if (typeof a === 'string' && typeof b === 'string' && a > b) {
        out[from] = b;
        out[to] = a;
      }
    }
    return out;
  }
  return value;
}

/** One place a hostile value can go: a body field (by path), a query parameter or a path parameter. */
export type Location = { in: 'body' | 'query' | 'path'; path: PathKey[]; schema: JsonSchema };

function matches(schema: JsonSchema, value: unknown): boolean {
  const t = typeOf(schema);
  if (schema.enum) return schema.enum.includes(value);
  if (t === 'object') {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
    // Discriminated unions: the variant whose constant properties agree with the value.
    for (const [k, p] of Object.entries(schema.properties ?? {})) {
      const v = (value as Record<string, unknown>)[k];
      if (p.enum?.length === 1 && v !== undefined && p.enum[0] !== v) return false;
    }
    return true;
  }
  if (t === 'array') return Array.isArray(value);
  if (t === 'integer' || t === 'number') return typeof value === 'number';
  if (t === 'string') return typeof value === 'string';
  if (t === 'boolean') return typeof value === 'boolean';
  return true;
}

/** Every node of a body value with its schema (objects and arrays too), the root excluded. */
export function bodyLocations(
  schema: JsonSchema,
  value: unknown,
  doc: Parameters<typeof resolve>[1],
  path: PathKey[] = [],
  out: Location[] = [],
): Location[] {
  let s = resolve(schema, doc);
  const variants = variantsOf(s);
  if (s.anyOf || s.oneOf) s = variants.find((v) => matches(resolve(v, doc), value)) ?? variants[0] ?? {};
  s = resolve(s, doc);
  if (path.length) out.push({ in: 'body', path, schema: s });
  if (Array.isArray(value) && value.length) bodyLocations(s.items ?? {}, value[0], doc, [...path, 0], out);
  else if (value && typeof value === 'object' && !(value instanceof Raw)) {
    for (const [k, v] of Object.entries(value)) {
      const property =
        s.properties?.[k] ?? (typeof s.additionalProperties === 'object' ? s.additionalProperties : {});
      bodyLocations(property, v, doc, [...path, k], out);
    }
    // Fields the request leaves out are places for a hostile value too.
    for (const [k, property] of Object.entries(s.properties ?? {})) {
      if (!(k in value)) out.push({ in: 'body', path: [...path, k], schema: resolve(property, doc) });
    }
  }
  return out;
}

/** A copy of `root` with the value at `path` replaced. */
export function setAt(root: unknown, path: PathKey[], value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    copy[head as number] = setAt(copy[head as number], rest, value);
    return copy;
  }
  const copy = { ...(root as Record<string, unknown>) };
  copy[head as string] = setAt(copy[head as string], rest, value);
  return copy;
}

export type Variant = { name: string; value: unknown };

export const MEGABYTE_STRING = 'a'.repeat(1_000_000);
const deepArray = (depth: number) => new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`);
const deepObject = (depth: number) => new Raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);

/** Hostile JSON values for one body field, chosen by what the schema expects there. */
export function bodyVariants(location: Location, ctx: FuzzContext, name: string): Variant[] {
  const s = location.schema;
  const t = typeOf(s);
  const kind = kindOf(name, location.path, ctx.resource);
  // Parser-level hostility (prototype keys, nesting) is the same wherever it sits; the whole-request
  // variants send it once per route, fields where a structure is expected get it here too.
  const common: Variant[] = [{ name: 'null', value: null }];
  const structural: Variant[] = [
    { name: 'deep nesting', value: deepArray(5000) },
    {
      name: '__proto__ object',
      value: new Raw('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
    },
  ];
  if (t === 'string') {
    const list: Variant[] = [
      ...common,
      { name: 'NUL', value: 'fuzz\u0000nul' },
      { name: 'lone high surrogate', value: 'fuzz\ud800x' },
      { name: 'lone low surrogate', value: '\udc00' },
      { name: 'U+FFFF', value: 'fuzz\uffff' },
      { name: '1 MB string', value: MEGABYTE_STRING },
      { name: 'number', value: 12345 },
      { name: 'object', value: { a: 1 } },
      { name: 'empty string', value: '' },
    ];
    if (s.format === 'uuid') {
      list.push(
        { name: "another company's id", value: ctx.foreign[kind]?.[0] ?? randomUuid() },
        { name: 'random uuid', value: randomUuid() },
        { name: 'nil uuid', value: '00000000-0000-0000-0000-000000000000' },
        { name: 'not a uuid', value: "1' or '1'='1" },
      );
    } else if (isDate(s) || isDateTime(s)) {
      list.push(
        { name: 'bad date 02-30', value: '2026-02-30' },
        { name: 'bad date month 13', value: '2026-13-01' },
        { name: 'year 0', value: '0000-01-01' },
        { name: 'far future date', value: isDateTime(s) ? '275760-09-13T00:00:00Z' : '9999-12-31' },
        { name: 'bad hour', value: '2026-08-03T25:61:00+08:00' },
      );
    } else {
      list.push(
        { name: 'NaN-like', value: 'NaN' },
        { name: 'SQL and LIKE characters', value: "%_\\'; drop table goals; --" },
        { name: 'RTL and emoji', value: '\u202e😀\u0301' },
      );
    }
    return list;
  }
  if (t === 'integer' || t === 'number') {
    return [
      ...common,
      { name: 'huge number', value: new Raw('1e308') },
      { name: 'overflowing number 1e999', value: new Raw('1e999') },
      { name: 'huge negative number', value: new Raw('-1e308') },
      { name: 'beyond int64', value: new Raw('99999999999999999999999') },
      { name: 'int32 overflow', value: 2147483648 },
      { name: 'negative', value: -1 },
      { name: 'fraction', value: 1.5 },
      { name: 'NaN string', value: 'NaN' },
      { name: 'Infinity string', value: 'Infinity' },
      { name: 'numeric string', value: '5' },
      { name: 'boolean', value: true },
    ];
  }
  if (t === 'boolean') {
    return [...common, { name: 'string "true"', value: 'true' }, { name: 'number 1', value: 1 }];
  }
  if (t === 'array') {
    return [
      ...common,
      ...structural,
      { name: 'object instead of array', value: { 0: 'a' } },
      { name: 'string instead of array', value: 'a' },
      { name: 'array of nulls', value: [null, null] },
      { name: '10k-element array', value: new Raw(`[${new Array(10_000).fill('0').join(',')}]`) },
    ];
  }
  if (t === 'object') {
    return [
      ...common,
      ...structural,
      { name: 'array instead of object', value: [] },
      { name: 'string instead of object', value: 'a' },
      { name: 'deeply nested object', value: deepObject(3000) },
      { name: 'NUL key', value: { 'a\u0000b': 'x' } },
    ];
  }
  return [
    ...common,
    ...structural,
    { name: 'NUL', value: 'fuzz\u0000nul' },
    { name: 'lone surrogate', value: '\ud800' },
    { name: 'deeply nested object', value: deepObject(3000) },
  ];
}

/** Hostile query or path values, already percent-encoded. */
export function urlVariants(location: Location, ctx: FuzzContext, name: string): Variant[] {
  const s = location.schema;
  const kind = kindOf(name, location.path, ctx.resource);
  const list: Variant[] = [
    { name: 'NUL', value: new Raw('fuzz%00nul') },
    { name: 'lone surrogate (UTF-8 of U+D800)', value: new Raw('%ED%A0%80') },
    { name: 'U+FFFF', value: new Raw('fuzz%EF%BF%BF') },
    { name: 'invalid UTF-8', value: new Raw('%C3%28%FF') },
    { name: 'bad percent-encoding', value: new Raw('%E0%A4%A') },
    { name: 'empty', value: '' },
    { name: 'NaN-like', value: 'NaN' },
    { name: 'huge number', value: '1e308' },
    { name: 'negative', value: '-1' },
    { name: 'bad date', value: '2026-02-30' },
    { name: "another company's id", value: ctx.foreign[kind]?.[0] ?? randomUuid() },
    { name: 'random uuid', value: randomUuid() },
    { name: 'SQL and LIKE characters', value: "%_\\'; --" },
  ];
  if (location.in === 'path') {
    list.push(
      { name: 'over-long (300 chars)', value: 'a'.repeat(300) },
      { name: 'dot segments', value: new Raw('..%2F..%2Fhealth') },
    );
  } else {
    list.push(
      { name: '1 MB value', value: MEGABYTE_STRING },
      { name: 'repeated parameter', value: ['1', '2'] },
    );
  }
  if (s.format === 'uuid') list.push({ name: 'nil uuid', value: '00000000-0000-0000-0000-000000000000' });
  return list;
}

export function encodeUrlValue(value: unknown): string {
  if (value instanceof Raw) return value.text;
  return encodeURIComponent(String(value));
}
