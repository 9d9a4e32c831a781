import { defaultReviewTemplate, type ReviewTemplate, type ReviewTemplateDefinition } from '@perfloop/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCycle, buildSalesTeam } from '../../../test/goals.ts';
import {
  buildEmployee,
  buildTenant,
  getTestApp,
  json,
  signIn,
  statementsOf,
  TEST_PASSWORD,
  type TestTenant,
  unique,
} from '../../../test/helpers.ts';
import { reviewCycles } from '../../db/schema.ts';
import { createTenant } from '../setup/tenant.service.ts';
import { currentTemplateVersions, findTemplateVersion } from './review-template.service.ts';

const { app, database } = await getTestApp();

type Page = { items: ReviewTemplate[]; nextCursor: string | null };
type Problem = { status: number; code: string; errors?: { path: string; code: string }[] };

/** The default definition, changed by `edit` on a copy. */
function definition(edit: (d: ReviewTemplateDefinition) => void = () => {}): ReviewTemplateDefinition {
  const d: ReviewTemplateDefinition = JSON.parse(JSON.stringify(defaultReviewTemplate('zh-CN').definition));
  edit(d);
  return d;
}

describe('review templates', () => {
  let tenant: TestTenant;
  let hr: string;

  beforeAll(async () => {
    tenant = await buildTenant(database);
    hr = await signIn(app, tenant.admin.login);
  });

  const create = (body: object, cookie = hr) =>
    app.inject({ method: 'POST', url: '/api/v1/review-templates', headers: { cookie }, payload: body });
  const put = (id: string, body: object, ifMatch?: string) =>
    app.inject({
      method: 'PUT',
      url: `/api/v1/review-templates/${id}`,
      headers: { cookie: hr, ...(ifMatch !== undefined && { 'if-match': ifMatch }) },
      payload: body,
    });

  it('gives every new company the default template in its language, as version 1', async () => {
    const page = json<Page>(await app.inject({ url: '/api/v1/review-templates', headers: { cookie: hr } }));
    expect(page.items).toHaveLength(1);
    const [template] = page.items;
    expect(template).toMatchObject({
      name: '默认绩效评估模板',
      templateVersion: 1,
      archived: false,
      usedBy: 0,
      definition: defaultReviewTemplate('zh-CN').definition,
    });
    const slug = unique('en');
    await createTenant(database.db, {
      name: 'Acme',
      slug,
      locale: 'en-US',
      admin: { employeeNo: 'A1', name: 'Admin', email: `${slug}@acme.example`, password: TEST_PASSWORD },
    });
    const cookie = await signIn(app, `${slug}@acme.example`, TEST_PASSWORD, slug);
    const enPage = json<Page>(await app.inject({ url: '/api/v1/review-templates', headers: { cookie } }));
    expect(enPage.items.map((t) => [t.name, t.definition.dimensions.map((d) => d.name)])).toEqual([
      ['Default review template', ['Results', 'Ability', 'Attitude']],
    ]);
  });

  it('answers the built-in default in the caller’s language', async () => {
    const zh = json<{ name: string; definition: ReviewTemplateDefinition }>(
      await app.inject({ url: '/api/v1/review-templates/default', headers: { cookie: hr } }),
    );
    expect(zh).toEqual(defaultReviewTemplate('zh-CN'));
    const en = json<{ name: string }>(
      await app.inject({
        url: '/api/v1/review-templates/default',
        headers: { cookie: hr, 'accept-language': 'en-US,en;q=0.9' },
      }),
    );
    expect(en).toEqual(defaultReviewTemplate('en-US'));
  });

  it('creates, reads, lists and redefines a template; rounds launched before keep their version', async () => {
    const created = await create({ name: '研发岗评估', definition: definition() });
    expect(created.statusCode, created.body).toBe(201);
    const template = json<ReviewTemplate>(created);
    expect(template).toMatchObject({ name: '研发岗评估', templateVersion: 1, usedBy: 0, version: 1 });
    expect(created.headers.etag).toBe('"1"');

    const got = await app.inject({ url: `/api/v1/review-templates/${template.id}`, headers: { cookie: hr } });
    expect(json(got)).toEqual(template);
    expect(got.headers.etag).toBe('"1"');

    // A new definition: 5 levels → 4, attitude weights 50/50 → 40/60.
    const redefined = definition((d) => {
      d.scale = d.scale.slice(1);
      d.dimensions[2]!.items[0]!.weightBp = 4000;
      d.dimensions[2]!.items[1]!.weightBp = 6000;
    });
    const v2 = await put(template.id, { name: '研发岗评估 2027', definition: redefined }, '"1"');
    expect(v2.statusCode, v2.body).toBe(200);
    expect(json(v2)).toMatchObject({ name: '研发岗评估 2027', templateVersion: 2, version: 2 });
    expect(v2.headers.etag).toBe('"2"');

    // A rename alone (the same definition, written with its keys in another order) keeps version 2.
    const reordered = Object.fromEntries(Object.entries(redefined).reverse());
    const renamed = await put(template.id, { name: '研发岗', definition: reordered, archived: true }, '"2"');
    expect(json(renamed)).toMatchObject({ name: '研发岗', templateVersion: 2, version: 3, archived: true });

    const scope = tenant.scope;
    expect((await findTemplateVersion(scope, template.id, 1))?.scale).toHaveLength(5);
    expect((await findTemplateVersion(scope, template.id, 2))?.scale).toHaveLength(4);
    expect(await findTemplateVersion(scope, template.id, 3)).toBeNull();
    const current = await currentTemplateVersions(scope, [template.id, template.id]);
    expect(current.get(template.id)).toMatchObject({ templateVersion: 2, archived: true, name: '研发岗' });
    expect(current.get(template.id)?.definition).toEqual(redefined);

    const active = json<Page>(
      await app.inject({ url: '/api/v1/review-templates?archived=false', headers: { cookie: hr } }),
    );
    expect(active.items.map((t) => t.id)).not.toContain(template.id);
    const archived = json<Page>(
      await app.inject({ url: '/api/v1/review-templates?archived=true', headers: { cookie: hr } }),
    );
    expect(archived.items.map((t) => t.id)).toEqual([template.id]);

    const audit = json<{ items: { action: string }[] }>(
      await app.inject({
        url: `/api/v1/audit-events?entityType=review_template&entityId=${template.id}`,
        headers: { cookie: hr },
      }),
    );
    expect(audit.items.map((e) => e.action)).toEqual([
      'review_template.updated',
      'review_template.updated',
      'review_template.created',
    ]);
  });

  it('counts the review rounds that use a template, and pages the list without a query per template', async () => {
    const own = await buildTenant(database);
    const cookie = await signIn(app, own.admin.login);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push(json<ReviewTemplate>(await create({ name: `模板${i}`, definition: definition() }, cookie)).id);
    const cycle = await buildCycle(own);
    const population = (templateId: string | null) => ({
      templateId,
      departmentIds: [],
      includeSubDepartments: true,
      jobLevels: [],
      employeeIds: [],
    });
    await own.scope.db.insert(reviewCycles).values([
      own.scope.values({
        cycleId: cycle.id,
        name: '年终评估',
        kind: 'final' as const,
        populations: [population(ids[0]!), population(ids[1]!)],
      }),
      own.scope.values({
        cycleId: cycle.id,
        name: '补评',
        kind: 'final' as const,
        populations: [population(ids[0]!)],
      }),
      own.scope.values({
        cycleId: cycle.id,
        name: '期中',
        kind: 'mid' as const,
        populations: [population(null)],
      }),
    ]);
    const seen: ReviewTemplate[] = [];
    let cursor: string | null = null;
    const statements = await statementsOf(database, async () => {
      do {
        const page: Page = json<Page>(
          await app.inject({
            url: `/api/v1/review-templates?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
            headers: { cookie },
          }),
        );
        seen.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
    });
    // The default template first (creation order), then the four, each page one statement.
    expect(seen.map((t) => t.name)).toEqual(['默认绩效评估模板', '模板0', '模板1', '模板2', '模板3']);
    expect(seen.map((t) => t.usedBy)).toEqual([0, 2, 1, 0, 0]);
    expect(statements).toHaveLength(3);
  });

  it('validates weights exactly and names the field: 30 + 69.99 is not 100', async () => {
    const items = await create(
      {
        name: 'x',
        definition: definition((d) => {
          d.dimensions[2]!.items[0]!.weightBp = 3000;
          d.dimensions[2]!.items[1]!.weightBp = 6999;
        }),
      },
      hr,
    );
    expect(items.statusCode).toBe(400);
    expect(items.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(json<Problem>(items)).toMatchObject({
      code: 'validation.failed',
      errors: [{ path: 'body.definition.dimensions.2.items', code: 'weights_not_100' }],
    });
    const dimensions = await create({
      name: 'x',
      definition: definition((d) => {
        d.dimensions[2]!.weightBp = 999;
      }),
    });
    expect(json<Problem>(dimensions).errors).toEqual([
      expect.objectContaining({ path: 'body.definition.dimensions', code: 'weights_not_100' }),
    ]);
    const raters = await create({
      name: 'x',
      definition: definition((d) => {
        d.raterWeights.collaborator = 1;
      }),
    });
    expect(json<Problem>(raters).errors).toEqual([
      expect.objectContaining({ path: 'body.definition.raterWeights', code: 'weights_not_100' }),
    ]);
    const fractional = await create({
      name: 'x',
      definition: definition((d) => {
        d.dimensions[0]!.weightBp = 5999.5;
      }),
    });
    expect(json<Problem>(fractional).errors).toContainEqual(
      expect.objectContaining({ path: 'body.definition.dimensions.0.weightBp', code: 'invalid_weight' }),
    );
    const anchors = await create({
      name: 'x',
      definition: definition((d) => {
        d.dimensions[1]!.items[0]!.anchors = ['a', 'b'];
      }),
    });
    expect(json<Problem>(anchors).errors).toEqual([
      expect.objectContaining({
        path: 'body.definition.dimensions.1.items.0.anchors',
        code: 'anchors_per_level',
      }),
    ]);
    // Nothing was made by the refused requests.
    const page = json<Page>(await app.inject({ url: '/api/v1/review-templates', headers: { cookie: hr } }));
    expect(page.items.map((t) => t.name)).not.toContain('x');
  });

  it('needs If-Match to change a template: 428 without, 412 when stale, and checks the body first', async () => {
    const template = json<ReviewTemplate>(await create({ name: '并发', definition: definition() }));
    const body = { name: '并发 2', definition: definition() };
    const missing = await put(template.id, body);
    expect(missing.statusCode).toBe(428);
    expect(json<Problem>(missing).code).toBe('precondition.required');
    expect((await put(template.id, body, '"1"')).statusCode).toBe(200);
    const stale = await put(template.id, { ...body, name: '并发 3' }, '"1"');
    expect(stale.statusCode).toBe(412);
    expect(json<Problem>(stale).code).toBe('precondition.failed');
    expect((await put(template.id, body, 'garbage')).statusCode).toBe(412);
    const current = json<ReviewTemplate>(
      await app.inject({ url: `/api/v1/review-templates/${template.id}`, headers: { cookie: hr } }),
    );
    expect(current).toMatchObject({ name: '并发 2', version: 2, templateVersion: 1 });
  });

  it('is HR’s only: employees, managers, department heads and HRBPs get 403', async () => {
    const team = await buildSalesTeam(tenant);
    const template = json<Page>(
      await app.inject({ url: '/api/v1/review-templates', headers: { cookie: hr } }),
    ).items[0]!;
    for (const person of [team.zhangsan, team.manager, team.head, team.hrbp]) {
      const cookie = await signIn(app, person.login);
      const requests = [
        app.inject({ url: '/api/v1/review-templates', headers: { cookie } }),
        app.inject({ url: '/api/v1/review-templates/default', headers: { cookie } }),
        app.inject({ url: `/api/v1/review-templates/${template.id}`, headers: { cookie } }),
        create({ name: 'x', definition: definition() }, cookie),
        app.inject({
          method: 'PUT',
          url: `/api/v1/review-templates/${template.id}`,
          headers: { cookie, 'if-match': `"${template.version}"` },
          payload: { name: 'x', definition: definition() },
        }),
      ];
      for (const response of await Promise.all(requests)) expect(response.statusCode, person.name).toBe(403);
    }
    const hrPerson = await buildEmployee(tenant, { roles: ['hr_admin'] });
    const hrCookie = await signIn(app, hrPerson.login);
    expect(
      (await app.inject({ url: '/api/v1/review-templates', headers: { cookie: hrCookie } })).statusCode,
    ).toBe(200);
  });

  it('keeps companies apart: another company’s template is 404, and its versions are not found', async () => {
    const other = await buildTenant(database);
    const otherHr = await signIn(app, other.admin.login);
    const theirs = json<Page>(
      await app.inject({ url: '/api/v1/review-templates', headers: { cookie: otherHr } }),
    ).items[0]!;
    expect(
      (await app.inject({ url: `/api/v1/review-templates/${theirs.id}`, headers: { cookie: hr } }))
        .statusCode,
    ).toBe(404);
    expect((await put(theirs.id, { name: 'x', definition: definition() }, '"1"')).statusCode).toBe(404);
    expect(await findTemplateVersion(tenant.scope, theirs.id, 1)).toBeNull();
    expect((await currentTemplateVersions(tenant.scope, [theirs.id])).size).toBe(0);
    const mine = json<Page>(await app.inject({ url: '/api/v1/review-templates', headers: { cookie: hr } }));
    expect(mine.items.map((t) => t.id)).not.toContain(theirs.id);
  });
});
