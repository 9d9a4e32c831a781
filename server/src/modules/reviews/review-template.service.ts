import {
  defaultReviewTemplate,
  type ListReviewTemplatesQuery,
  type Locale,
  type ReviewTemplateBody,
  type UpdateReviewTemplateBody,
} from '@perfloop/core';
import type { Database } from '../../db/database.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { assertCanManageReviewTemplates } from './review-template.policy.ts';
import * as repo from './review-template.repository.ts';

/*
 * Review templates (§6). The body's definition is validated by core's schema at the route (exact
 * weights in basis points, anchors per level, keys): a bad one is a 400 naming the field, e.g.
 * `body.definition.dimensions` weights_not_100, before anything here runs.
 */

/** For the services of review rounds and reviews: the version a round pinned, and the current ones. */
export {
  type CurrentTemplateVersion,
  currentTemplateVersions,
  findTemplateVersion,
} from './review-template.repository.ts';

export async function listReviewTemplates(database: Database, actor: Actor, query: ListReviewTemplatesQuery) {
  assertCanManageReviewTemplates(actor);
  return repo.listTemplates(new TenantScope(database.db, actor.tenant.id), {
    ...(query.archived && { archived: query.archived === 'true' }),
    limit: query.limit,
    cursor: query.cursor,
  });
}

export async function getReviewTemplate(database: Database, actor: Actor, id: string) {
  assertCanManageReviewTemplates(actor);
  const template = await repo.findTemplate(new TenantScope(database.db, actor.tenant.id), id);
  if (!template) throw new AppError('not_found');
  return template;
}

/** The built-in default (业绩 60 from attainment / 能力 30 / 态度 10), in the caller's language: the start of a new one. */
export function getDefaultReviewTemplate(actor: Actor, locale: Locale): ReviewTemplateBody {
  assertCanManageReviewTemplates(actor);
  return defaultReviewTemplate(locale);
}

export async function createReviewTemplate(
  database: Database,
  actor: Actor,
  body: ReviewTemplateBody,
  requestId: string,
) {
  assertCanManageReviewTemplates(actor);
  return database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const id = await repo.insertTemplate(scope, body);
    const created = (await repo.findTemplate(scope, id))!;
    await recordAudit(
      scope,
      actor,
      { action: 'review_template.created', entityType: 'review_template', entityId: id, after: created },
      requestId,
    );
    return created;
  });
}

/**
 * Renames, archives or redefines a template (If-Match). A changed definition is a new template
 * version; review rounds launched before keep the version they started with.
 */
export async function updateReviewTemplate(
  database: Database,
  actor: Actor,
  id: string,
  expectedVersion: number,
  body: UpdateReviewTemplateBody,
  requestId: string,
) {
  assertCanManageReviewTemplates(actor);
  return database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const before = await repo.findTemplate(scope, id, true);
    if (!before) throw new AppError('not_found');
    if (before.version !== expectedVersion) throw new AppError('precondition.failed');
    const result = await repo.updateTemplate(scope, id, expectedVersion, body);
    if (!result) throw new AppError('precondition.failed');
    const after = (await repo.findTemplate(scope, id))!;
    await recordAudit(
      scope,
      actor,
      {
        action: 'review_template.updated',
        entityType: 'review_template',
        entityId: id,
        before,
        after: { ...after, definitionChanged: result.definitionChanged },
      },
      requestId,
    );
    return after;
  });
}
