import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

export function etagOf(version: number): string {
  return `"${version}"`;
}

export function setEtag(reply: FastifyReply, version: number) {
  reply.header('etag', etagOf(version));
}

/** Versions are `integer` columns: no row ever has a larger one. */
const MAX_VERSION = 2_147_483_647;

/**
 * The version the client last saw. Writes to editable resources require it: no lost updates. A
 * version no row can have (beyond the column's range) is stale like any other: 412, where it
 * reached the database as an out-of-range parameter and answered 500.
 */
export function requireIfMatch(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (typeof header !== 'string' || header.trim() === '') throw new AppError('precondition.required');
  const match = /^(?:W\/)?"(\d{1,10})"$/.exec(header.trim());
  const version = match ? Number(match[1]) : Number.NaN;
  if (!(version <= MAX_VERSION))
    throw new AppError('precondition.failed', 'If-Match must be an ETag from a previous response');
  return version;
}
