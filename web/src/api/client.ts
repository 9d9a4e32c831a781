import type { FieldError, ProblemBody } from '@perfloop/core';

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
  get fieldErrors(): FieldError[] {
    return this.problem.errors ?? [];
  }
}

let currentLocale = 'zh-CN';
export function setApiLocale(locale: string) {
  currentLocale = locale;
}

export type RequestOptions = { method?: string; body?: unknown; ifMatch?: string; signal?: AbortSignal };

async function parseError(response: Response): Promise<ApiError> {
  let problem: ProblemBody;
  try {
    problem = (await response.json()) as ProblemBody;
  } catch {
    problem = { type: 'about:blank', title: response.statusText, status: response.status, code: 'internal' };
  }
  return new ApiError(response.status, problem);
}

/** JSON request to /api/v1; resolves with the body and the ETag (for later If-Match). */
export async function apiRequest<T>(
  path: string,
  options: RequestOptions = {},
): Promise<{ data: T; etag: string | null }> {
  const isForm = options.body instanceof FormData;
  const response = await fetch(`/api/v1${path}`, {
    method: options.method ?? 'GET',
    credentials: 'same-origin',
    headers: {
      'accept-language': currentLocale,
      ...(options.body !== undefined && !isForm && { 'content-type': 'application/json' }),
      ...(options.ifMatch && { 'if-match': options.ifMatch }),
    },
    body:
      options.body === undefined
        ? undefined
        : isForm
          ? (options.body as FormData)
          : JSON.stringify(options.body),
    signal: options.signal,
  });
  if (!response.ok) throw await parseError(response);
  const data = response.status === 204 ? (null as T) : ((await response.json()) as T);
  return { data, etag: response.headers.get('etag') };
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await apiRequest<T>(path, options)).data;
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

export function toQuery(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
