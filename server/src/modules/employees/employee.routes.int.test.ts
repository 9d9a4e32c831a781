import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildEmployee,
  buildTenant,
  getTestApp,
  json,
  signIn,
  statementsOf,
  type TestTenant,
  unique,
} from '../../../test/helpers.ts';
import { departments, employees } from '../../db/schema.ts';

const { app, database } = await getTestApp();

type Emp = {
  id: string;
  employeeNo: string;
  name: string;
  roles: string[];
  managerId: string | null;
  version: number;
};
type Page = { items: Emp[]; nextCursor: string | null };

async function makeDepartment(tenant: TestTenant, name: string, parentId = tenant.rootId) {
  const [row] = await tenant.scope.db
    .insert(departments)
    .values(tenant.scope.values({ name, parentId }))
    .returning();
  return row!;
}

describe('employees: create and update', () => {
  let tenant: TestTenant;
  let cookie: string;
  beforeAll(async () => {
    tenant = await buildTenant(database);
    cookie = await signIn(app, tenant.admin.login);
  });

  function createEmployee(payload: object) {
    return app.inject({ method: 'POST', url: '/api/v1/employees', headers: { cookie }, payload });
  }

  it('creates an employee and refuses a duplicate employee number', async () => {
    const no = unique('N');
    const r = await createEmployee({
      employeeNo: no,
      name: '王五',
      departmentId: tenant.rootId,
      hireDate: '2024-03-01',
    });
    expect(r.statusCode).toBe(201);
    expect(json(r)).toMatchObject({ employeeNo: no, name: '王五', status: 'active', roles: ['employee'] });
    const dup = await createEmployee({ employeeNo: no, name: '赵六', departmentId: tenant.rootId });
    expect(dup.statusCode).toBe(409);
    expect(json(dup).code).toBe('employee.number_taken');
  });

  it('rejects bad fields with the field named', async () => {
    const r = await createEmployee({
      employeeNo: 'bad no!',
      name: '',
      departmentId: 'nope',
      hireDate: '2024-02-30',
    });
    expect(r.statusCode).toBe(400);
    const paths = json<{ errors: { path: string }[] }>(r)
      .errors.map((e) => e.path)
      .sort();
    expect(paths).toEqual(['body.departmentId', 'body.employeeNo', 'body.hireDate', 'body.name']);
  });

  it('refuses a manager who reports to the employee (directly or not), and self-management', async () => {
    const top = await buildEmployee(tenant);
    const mid = await buildEmployee(tenant, { managerId: top.id });
    const low = await buildEmployee(tenant, { managerId: mid.id });
    const r = await app.inject({
      method: 'PATCH',
      url: `/api/v1/employees/${top.id}`,
      headers: { cookie, 'if-match': '"1"' },
      payload: { managerId: low.id },
    });
    expect(r.statusCode).toBe(409);
    expect(json(r).code).toBe('employee.manager_cycle');
    const self = await app.inject({
      method: 'PATCH',
      url: `/api/v1/employees/${top.id}`,
      headers: { cookie, 'if-match': '"1"' },
      payload: { managerId: top.id },
    });
    expect(json(self).code).toBe('employee.self_manager');
  });

  it('never loses an update: the second writer with the same version gets 412', async () => {
    const person = await buildEmployee(tenant);
    const [a, b] = await Promise.all([
      app.inject({
        method: 'PATCH',
        url: `/api/v1/employees/${person.id}`,
        headers: { cookie, 'if-match': '"1"' },
        payload: { title: 'A' },
      }),
      app.inject({
        method: 'PATCH',
        url: `/api/v1/employees/${person.id}`,
        headers: { cookie, 'if-match': '"1"' },
        payload: { title: 'B' },
      }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 412]);
  });

  it('assigns HR roles; only a system admin grants system admin', async () => {
    const person = await buildEmployee(tenant);
    const hr = await buildEmployee(tenant, { roles: ['hr_admin'] });
    const hrCookie = await signIn(app, hr.login);
    const denied = await app.inject({
      method: 'PATCH',
      url: `/api/v1/employees/${person.id}`,
      headers: { cookie: hrCookie, 'if-match': '"1"' },
      payload: { roles: ['system_admin'] },
    });
    expect(denied.statusCode).toBe(403);
    const granted = await app.inject({
      method: 'PATCH',
      url: `/api/v1/employees/${person.id}`,
      headers: { cookie: hrCookie, 'if-match': '"1"' },
      payload: { roles: ['hrbp'], hrbpDepartmentIds: [tenant.rootId] },
    });
    expect(json(granted)).toMatchObject({ roles: ['employee', 'hrbp'], hrbpDepartmentIds: [tenant.rootId] });
  });

  it('resets a password (shown once) so the employee can sign in', async () => {
    const person = await buildEmployee(tenant, { passwordHash: null });
    const r = await app.inject({
      method: 'POST',
      url: `/api/v1/employees/${person.id}/password-reset`,
      headers: { cookie },
    });
    const { password } = json<{ password: string }>(r);
    await signIn(app, person.login, password);
  });

  it('signs out someone who leaves', async () => {
    const person = await buildEmployee(tenant);
    const personCookie = await signIn(app, person.login);
    await app.inject({
      method: 'PATCH',
      url: `/api/v1/employees/${person.id}`,
      headers: { cookie, 'if-match': '"1"' },
      payload: { status: 'left' },
    });
    expect((await app.inject({ url: '/api/v1/me', headers: { cookie: personCookie } })).statusCode).toBe(401);
  });
});

describe('employees: who sees whom', () => {
  let tenant: TestTenant;
  let ceo: Awaited<ReturnType<typeof buildEmployee>>;
  let manager: Awaited<ReturnType<typeof buildEmployee>>;
  let report: Awaited<ReturnType<typeof buildEmployee>>;
  let indirect: Awaited<ReturnType<typeof buildEmployee>>;
  let outsider: Awaited<ReturnType<typeof buildEmployee>>;
  let salesId: string;

  beforeAll(async () => {
    tenant = await buildTenant(database);
    const sales = await makeDepartment(tenant, '销售部');
    const rnd = await makeDepartment(tenant, '研发部');
    salesId = sales.id;
    ceo = await buildEmployee(tenant);
    manager = await buildEmployee(tenant, { managerId: ceo.id, departmentId: sales.id });
    report = await buildEmployee(tenant, { managerId: manager.id, departmentId: sales.id });
    indirect = await buildEmployee(tenant, { managerId: report.id, departmentId: sales.id });
    outsider = await buildEmployee(tenant, { managerId: ceo.id, departmentId: rnd.id });
  });

  async function visibleTo(login: string) {
    const cookie = await signIn(app, login);
    const page = json<Page>(await app.inject({ url: '/api/v1/employees?limit=500', headers: { cookie } }));
    return new Set(page.items.map((e) => e.id));
  }

  it('an employee sees only themself', async () => {
    expect(await visibleTo(indirect.login)).toEqual(new Set([indirect.id]));
  });

  it('a manager sees direct and indirect reports, nobody else', async () => {
    expect(await visibleTo(manager.login)).toEqual(new Set([manager.id, report.id, indirect.id]));
  });

  it('an HRBP sees their departments, sub-departments included', async () => {
    const hrbp = await buildEmployee(tenant, { roles: ['hrbp'], hrbpDepartmentIds: [salesId] });
    const seen = await visibleTo(hrbp.login);
    expect(seen.has(report.id) && seen.has(indirect.id) && seen.has(manager.id)).toBe(true);
    expect(seen.has(outsider.id)).toBe(false);
  });

  it('someone out of reach is a 404, not a 403', async () => {
    const cookie = await signIn(app, report.login);
    const r = await app.inject({ url: `/api/v1/employees/${outsider.id}`, headers: { cookie } });
    expect(r.statusCode).toBe(404);
  });

  it('lists the head of a department as its head, not once it is archived', async () => {
    const unit = await makeDepartment(tenant, unique('小组'));
    const head = await buildEmployee(tenant, { departmentId: unit.id });
    const other = await buildEmployee(tenant, { departmentId: unit.id });
    const setHead = (archived: boolean) =>
      tenant.scope.db
        .update(departments)
        .set({ headId: head.id, archived })
        .where(and(eq(departments.tenantId, tenant.tenantId), eq(departments.id, unit.id)));
    const rolesOf = async () => {
      const cookie = await signIn(app, tenant.admin.login);
      const url = `/api/v1/employees?departmentId=${unit.id}&status=all&limit=50`;
      const page = json<Page>(await app.inject({ url, headers: { cookie } }));
      return new Map(page.items.map((e) => [e.id, e.roles]));
    };
    await setHead(false);
    let roles = await rolesOf();
    expect(roles.get(head.id)).toContain('department_head');
    expect(roles.get(other.id)).not.toContain('department_head');
    await setHead(true);
    roles = await rolesOf();
    expect(roles.get(head.id)).not.toContain('department_head');
  });

  it('derives the manager role from the reporting line', async () => {
    const cookie = await signIn(app, manager.login);
    const me = json<{ roles: string[] }>(await app.inject({ url: '/api/v1/me', headers: { cookie } }));
    expect(me.roles).toEqual(['employee', 'manager']);
  });
});

describe('employees: search, filters and pages', () => {
  let tenant: TestTenant;
  let cookie: string;
  let manager: Awaited<ReturnType<typeof buildEmployee>>;

  beforeAll(async () => {
    tenant = await buildTenant(database);
    cookie = await signIn(app, tenant.admin.login);
    manager = await buildEmployee(tenant, { name: '团队经理' });
    const team = await makeDepartment(tenant, '大团队');
    const sub = await makeDepartment(tenant, '子团队', team.id);
    await tenant.scope.db.insert(employees).values(
      Array.from({ length: 200 }, (_, i) =>
        tenant.scope.values({
          employeeNo: `T${String(i).padStart(4, '0')}`,
          name: i % 2 === 0 ? `张${i}` : `李${i}`,
          departmentId: i < 150 ? team.id : sub.id,
          managerId: manager.id,
          status: i % 10 === 9 ? ('left' as const) : ('active' as const),
        }),
      ),
    );
  });

  it('filters by name, department (with sub-departments), manager and status', async () => {
    const get = async (query: string) =>
      json<Page>(await app.inject({ url: `/api/v1/employees?limit=500&${query}`, headers: { cookie } }));
    const byName = await get(`q=${encodeURIComponent('张1')}`);
    expect(byName.items.every((e) => e.name.startsWith('张1'))).toBe(true);
    expect(byName.items.length).toBeGreaterThan(0);
    // Without letters that have a case the search compares bytes (LIKE); with them it ignores case.
    expect((await get('q=0199&status=all')).items.map((e) => e.employeeNo)).toEqual(['T0199']);
    expect((await get('q=t019&status=all')).items.map((e) => e.employeeNo).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `T019${i}`),
    );
    expect((await get(`q=${encodeURIComponent('李19')}&status=all`)).items.map((e) => e.name).sort()).toEqual(
      ['李19', '李191', '李193', '李195', '李197', '李199'],
    );
    const byManager = await get(`managerId=${manager.id}&status=all`);
    expect(byManager.items).toHaveLength(200);
    const active = await get(`managerId=${manager.id}`);
    expect(active.items).toHaveLength(180);
    const left = await get(`managerId=${manager.id}&status=left`);
    expect(left.items).toHaveLength(20);
  });

  it('pages with a cursor without gaps or repeats, in either direction', async () => {
    for (const sort of ['employeeNo', '-name']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = json<Page>(
          await app.inject({
            url: `/api/v1/employees?limit=37&sort=${sort}&managerId=${manager.id}&status=all${cursor ? `&cursor=${cursor}` : ''}`,
            headers: { cookie },
          }),
        );
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(200);
      expect(new Set(seen).size).toBe(200);
    }
  });

  it('rejects a forged cursor with a 400', async () => {
    const r = await app.inject({ url: '/api/v1/employees?cursor=not-a-cursor', headers: { cookie } });
    expect(r.statusCode).toBe(400);
  });

  it('loads a page of 200 with the same number of queries as a page of 5 (no N+1)', async () => {
    const count = async (limit: number) =>
      (
        await statementsOf(database, async () => {
          const r = await app.inject({
            url: `/api/v1/employees?limit=${limit}&managerId=${manager.id}&status=all`,
            headers: { cookie },
          });
          expect(json<Page>(r).items).toHaveLength(limit);
        })
      ).length;
    expect(await count(200)).toBe(await count(5));
  });

  it('counts direct reports in SQL: the manager has 180 active ones', async () => {
    const r = json<{ directReportCount: number }>(
      await app.inject({ url: `/api/v1/employees/${manager.id}`, headers: { cookie } }),
    );
    expect(r.directReportCount).toBe(180);
  });
});
