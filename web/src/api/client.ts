import type { ProblemBody } from '@perfloop/core';
import type { EndpointKey, Endpoints, ItemOf, ListEndpoint, Query, ResponseOf } from './endpoints';

/** A failed API call, carrying the problem+json body so the UI can translate `code`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: ProblemBody & { rowErrors?: unknown },
  ) {
    super(problem.title);
    this.name = 'ApiError';
  }
  get code() {
    return this.problem.code;
  }
  get fieldErrors() {
    return this.problem.errors ?? [];
  }
}

let currentLocale = 'zh-CN';
export function setApiLocale(locale: string) {
  currentLocale = locale;
}

type PathOf<K extends string> = K extends `${string} ${infer Path}` ? Path : never;
type ParamNames<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}`
  ? Name | ParamNames<Rest>
  : never;
type ParamsOf<K extends EndpointKey> = Endpoints[K] extends { params: infer P }
  ? P
  : Record<ParamNames<PathOf<K>>, string>;

/** What one call takes: exactly the parameters, query and body its endpoint declares. */
export type CallOptions<K extends EndpointKey> = ([ParamNames<PathOf<K>>] extends [never]
  ? { params?: never }
  : { params: ParamsOf<K> }) &
  (Endpoints[K] extends { body: infer B }
    ? undefined extends B
      ? { body?: B }
      : { body: B }
    : { body?: never }) &
  (Endpoints[K] extends { query: infer Q } ? { query?: Q } : { query?: never }) & {
    ifMatch?: string;
    signal?: AbortSignal;
  };
type RequiredKeys<T> = { [P in keyof T]-?: undefined extends T[P] ? never : P }[keyof T];
type CallArgs<K extends EndpointKey> = [RequiredKeys<CallOptions<K>>] extends [never]
  ? [options?: CallOptions<K>]
  : [options: CallOptions<K>];

async function parseError(response: Response): Promise<ApiError> {
  let problem: ProblemBody;
  try {
    problem = (await response.json()) as ProblemBody;
  } catch {
    problem = { type: 'about:blank', title: response.statusText, status: response.status, code: 'internal' };
  }
  return new ApiError(response.status, problem);
}

/** `/goals/{id}/submit` with `{ id }` → `/goals/3f…/submit`, each parameter encoded. */
function pathFor(endpoint: EndpointKey, params: Record<string, string> = {}): string {
  const path = endpoint.slice(endpoint.indexOf(' ') + 1);
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name} for ${endpoint}`);
    return encodeURIComponent(value);
  });
}

/**
 * Calls one declared endpoint of /api/v1; resolves with the body, typed by the declaration, and
 * the ETag (for a later If-Match). The response is trusted to match: the server serializes it
 * with the same core schema.
 */
export async function apiRequest<K extends EndpointKey>(
  endpoint: K,
  ...[options]: CallArgs<K>
): Promise<{ data: ResponseOf<K>; etag: string | null }> {
  const opts = (options ?? {}) as {
    params?: Record<string, string>;
    body?: unknown;
    query?: Query;
    ifMatch?: string;
    signal?: AbortSignal;
  };
  const method = endpoint.slice(0, endpoint.indexOf(' '));
  const body = opts.body;
  const isForm = body instanceof FormData;
  const response = await fetch(`/api/v1${pathFor(endpoint, opts.params)}${toQuery(opts.query ?? {})}`, {
    method,
    credentials: 'same-origin',
    headers: {
      'accept-language': currentLocale,
      ...(body !== undefined && !isForm && { 'content-type': 'application/json' }),
      ...(opts.ifMatch && { 'if-match': opts.ifMatch }),
    },
    body: body === undefined ? undefined : isForm ? body : JSON.stringify(body),
    signal: opts.signal,
  });
  if (!response.ok) throw await parseError(response);
  const data = (response.status === 204 ? null : await response.json()) as ResponseOf<K>;
  return { data, etag: response.headers.get('etag') };
}

/** Like `apiRequest`, for callers that need only the body. */
export async function api<K extends EndpointKey>(endpoint: K, ...args: CallArgs<K>): Promise<ResponseOf<K>> {
  return (await apiRequest(endpoint, ...args)).data;
}

/** One page of a list endpoint (`nextCursor` is absent where the list comes whole). */
export async function apiList<K extends ListEndpoint>(
  endpoint: K,
  query: Query,
): Promise<{ items: ItemOf<K>[]; nextCursor?: string | null }> {
  // Every ListEndpoint declares a query and no path parameter, so these options fit each of them.
  const call = api as (key: ListEndpoint, options: { query: Query }) => Promise<ResponseOf<K>>;
  return call(endpoint, { query });
}

/** Downloads a file from the API (export, template, error report) with the browser's save dialog. */
export async function downloadFile(path: string, fallbackName: string) {
  const response = await fetch(`/api/v1${path}`, {
    credentials: 'same-origin',
    headers: { 'accept-language': currentLocale },
  });
  if (!response.ok) throw await parseError(response);
  const blob = await response.blob();
  const disposition = response.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  const name = match?.[1] ? decodeURIComponent(match[1]) : fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function toQuery(params: Query): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
