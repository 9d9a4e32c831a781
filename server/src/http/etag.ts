import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

export function etagOf(version: number): string {
  return `"${version}"`;
}

export function setEtag(reply: FastifyReply, version: number) {
  reply.header('etag', etagOf(version));
}

/** The version the client last saw. Writes to editable resources require it: no lost updates. */
export function requireIfMatch(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (typeof header !== 'string' || header.trim() === '') throw new AppError('precondition.required');
  const match = /^(?:W\/)?"(\d+)"$/.exec(header.trim());
  if (!match) throw new AppError('precondition.failed', 'If-Match must be an ETag from a previous response');
  return Number(match[1]);
}
