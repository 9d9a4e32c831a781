import { defaultReviewTemplate, type Locale } from '@perfloop/core';
import type { Db, Executor } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { hashPassword } from '../../shared/crypto.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { insertTemplate } from '../reviews/review-template.repository.ts';
import * as repo from './tenant.repository.ts';

export type NewTenant = {
  name: string;
  slug: string;
  timeZone?: string;
  /** The company's language: that of its default review template (zh-CN unless said otherwise). */
  locale?: Locale;
  admin: { employeeNo: string; name: string; email: string | null; password: string };
};

/**
 * A tenant always starts with its company root department and one admin who holds both
 * HR admin and system admin, so somebody can always sign in and manage it, and with the default
 * review template (§6), so a review round can be launched without building one first.
 */
export async function createTenant(db: Executor, input: NewTenant) {
  const passwordHash = await hashPassword(input.admin.password);
  const { scope, tenant, root, admin } = await repo.insertTenantWithAdmin(db, {
    name: input.name,
    slug: input.slug,
    timeZone: input.timeZone ?? 'Asia/Shanghai',
    admin: {
      employeeNo: input.admin.employeeNo,
      name: input.admin.name,
      email: input.admin.email?.toLowerCase() ?? null,
      passwordHash,
    },
  });
  const template = defaultReviewTemplate(input.locale ?? 'zh-CN');
  const templateId = await insertTemplate(scope, template);
  await recordAudit(scope, { kind: 'system', name: 'setup' }, [
    {
      action: 'tenant.created',
      entityType: 'tenant',
      entityId: tenant.id,
      after: { name: input.name, slug: input.slug },
    },
    {
      action: 'employee.created',
      entityType: 'employee',
      entityId: admin.id,
      after: {
        employeeNo: input.admin.employeeNo,
        name: input.admin.name,
        roles: ['hr_admin', 'system_admin'],
      },
    },
    {
      action: 'review_template.created',
      entityType: 'review_template',
      entityId: templateId,
      after: { name: template.name, templateVersion: 1 },
    },
  ]);
  return { tenant, root, admin };
}

export async function countTenants(db: Executor): Promise<number> {
  return repo.countTenants(db);
}

/** First-run setup: only while the database has no tenant at all (serialised by a table lock). */
export async function createFirstTenant(db: Db, input: NewTenant) {
  return db.transaction(async (tx) => {
    await repo.lockTenants(tx);
    if ((await countTenants(tx)) > 0) throw new AppError('setup.already_done');
    return createTenant(tx, input);
  });
}
