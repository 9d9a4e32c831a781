import type { ReviewTemplate, ReviewTemplateDefinition } from '@perfloop/core';
import { type SQL, sql } from 'drizzle-orm';
import { rowsOf } from '../../db/database.ts';
import { afterCursor, type Keyset, keysetOrder, pageOf } from '../../db/keyset.ts';
import { uuidArray } from '../../db/sql-arrays.ts';
import type { TenantScope } from '../../db/tenant-scope.ts';
import type { Page } from '../../shared/pagination.ts';

type TemplateRow = {
  id: string;
  name: string;
  current_version: number;
  definition: ReviewTemplateDefinition;
  archived: boolean;
  used_by: number;
  version: number;
  created_at: string;
  updated_at: string;
};

function toTemplate(r: TemplateRow): ReviewTemplate {
  return {
    id: r.id,
    name: r.name,
    templateVersion: r.current_version,
    definition: r.definition,
    archived: r.archived,
    usedBy: Number(r.used_by),
    version: r.version,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

/**
 * Templates with their current definition and how many review rounds name them in a population
 * (`populations` is `[{ templateId, … }]`; containment matches the element whatever else it holds).
 * A tenant has a handful of rounds, so the count is a look at them per template, not a scan of reviews.
 */
async function selectTemplates(scope: TenantScope, where: SQL, tail: SQL): Promise<ReviewTemplate[]> {
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    select rt.id, rt.name, rt.current_version, v.definition, rt.archived, rt.version,
      rt.created_at::text as created_at, rt.updated_at::text as updated_at,
      (select count(*) from review_cycles rc
        where rc.tenant_id = ${t}
          and rc.populations @> jsonb_build_array(jsonb_build_object('templateId', rt.id::text)))::int as used_by
    from review_templates rt
    join review_template_versions v
      on v.tenant_id = rt.tenant_id and v.template_id = rt.id and v.template_version = rt.current_version
    where rt.tenant_id = ${t} and ${where} ${tail}`);
  return rowsOf<TemplateRow>(result).map(toTemplate);
}

/** Creation order (the id is time-ordered), so the company's default template comes first. */
const TEMPLATE_KEYSET: Keyset<ReviewTemplate> = {
  parts: [{ column: sql`rt.id`, kind: 'uuid', of: (t) => t.id }],
  descending: false,
};

export async function listTemplates(
  scope: TenantScope,
  filter: { archived?: boolean; limit: number; cursor?: string },
): Promise<Page<ReviewTemplate>> {
  const conditions: SQL[] = [sql`true`];
  if (filter.archived !== undefined) conditions.push(sql`rt.archived = ${filter.archived}`);
  const after = afterCursor(TEMPLATE_KEYSET, filter.cursor);
  if (after) conditions.push(after);
  const items = await selectTemplates(
    scope,
    sql.join(conditions, sql` and `),
    sql`order by ${keysetOrder(TEMPLATE_KEYSET)} limit ${filter.limit + 1}`,
  );
  const { rows, nextCursor } = pageOf(TEMPLATE_KEYSET, items, filter.limit);
  return { items: rows, nextCursor };
}

/** One template; `lock` holds it for an update in the same transaction. */
export async function findTemplate(
  scope: TenantScope,
  id: string,
  lock = false,
): Promise<ReviewTemplate | null> {
  const [template] = await selectTemplates(scope, sql`rt.id = ${id}`, lock ? sql`for update of rt` : sql``);
  return template ?? null;
}

/**
 * A template and its version 1 in one statement: the setup of a company makes its default
 * template this way without a round trip of its own.
 */
export async function insertTemplate(
  scope: TenantScope,
  template: { name: string; definition: ReviewTemplateDefinition },
): Promise<string> {
  const t = scope.tenantId;
  const result = await scope.db.execute(sql`
    with created as (
      insert into review_templates (tenant_id, name) values (${t}, ${template.name}) returning id
    ), first_version as (
      insert into review_template_versions (tenant_id, template_id, template_version, definition)
      select ${t}, created.id, 1, ${JSON.stringify(template.definition)}::jsonb from created
    )
    select id::text as id from created`);
  return rowsOf<{ id: string }>(result)[0]!.id;
}

/**
 * Changes a template whose row is at `expectedVersion`. A definition that differs from the current
 * one (compared as jsonb, so key order and number spelling do not count) becomes a new template
 * version; rounds already launched keep theirs. Null when the row is not at that version.
 */
export async function updateTemplate(
  scope: TenantScope,
  id: string,
  expectedVersion: number,
  changes: { name: string; definition: ReviewTemplateDefinition; archived?: boolean },
): Promise<{ templateVersion: number; definitionChanged: boolean } | null> {
  const t = scope.tenantId;
  const definition = JSON.stringify(changes.definition);
  const result = await scope.db.execute(sql`
    with current_definition as (
      select rt.current_version, v.definition = ${definition}::jsonb as same
      from review_templates rt
      join review_template_versions v
        on v.tenant_id = rt.tenant_id and v.template_id = rt.id and v.template_version = rt.current_version
      where rt.tenant_id = ${t} and rt.id = ${id} and rt.version = ${expectedVersion}
    ), updated as (
      update review_templates rt
      set name = ${changes.name},
        archived = coalesce(${changes.archived ?? null}::boolean, rt.archived),
        current_version = c.current_version + case when c.same then 0 else 1 end,
        version = rt.version + 1,
        updated_at = now()
      from current_definition c
      where rt.tenant_id = ${t} and rt.id = ${id} and rt.version = ${expectedVersion}
      returning rt.current_version, c.same
    ), new_version as (
      insert into review_template_versions (tenant_id, template_id, template_version, definition)
      select ${t}, ${id}::uuid, u.current_version, ${definition}::jsonb from updated u where not u.same
    )
    select current_version, same from updated`);
  const [row] = rowsOf<{ current_version: number; same: boolean }>(result);
  return row ? { templateVersion: row.current_version, definitionChanged: !row.same } : null;
}

/** The definition of one version of a template: what a round launched with it keeps using. */
export async function findTemplateVersion(
  scope: TenantScope,
  templateId: string,
  templateVersion: number,
): Promise<ReviewTemplateDefinition | null> {
  const result = await scope.db.execute(sql`
    select definition from review_template_versions
    where tenant_id = ${scope.tenantId} and template_id = ${templateId} and template_version = ${templateVersion}`);
  return rowsOf<{ definition: ReviewTemplateDefinition }>(result)[0]?.definition ?? null;
}

export type CurrentTemplateVersion = {
  templateId: string;
  name: string;
  templateVersion: number;
  archived: boolean;
  definition: ReviewTemplateDefinition;
};

/**
 * The current version of each of these templates (one statement), by id; ids of no template of
 * the tenant are absent. A round being launched pins each population to these versions.
 */
export async function currentTemplateVersions(
  scope: TenantScope,
  templateIds: readonly string[],
): Promise<Map<string, CurrentTemplateVersion>> {
  if (templateIds.length === 0) return new Map();
  const result = await scope.db.execute(sql`
    select rt.id, rt.name, rt.current_version, rt.archived, v.definition
    from review_templates rt
    join review_template_versions v
      on v.tenant_id = rt.tenant_id and v.template_id = rt.id and v.template_version = rt.current_version
    where rt.tenant_id = ${scope.tenantId} and rt.id = any(${uuidArray([...new Set(templateIds)])})`);
  const rows = rowsOf<{
    id: string;
    name: string;
    current_version: number;
    archived: boolean;
    definition: ReviewTemplateDefinition;
  }>(result);
  return new Map(
    rows.map((r) => [
      r.id,
      {
        templateId: r.id,
        name: r.name,
        templateVersion: r.current_version,
        archived: r.archived,
        definition: r.definition,
      },
    ]),
  );
}
