import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { departments, employees, roleAssignments } from '../db/schema.ts';
import { TenantScope } from '../db/tenant-scope.ts';
import { recordAudit } from '../modules/audit/audit.repository.ts';
import { createTenant } from '../modules/setup/tenant.service.ts';
import { generatePassword, hashPassword } from '../shared/crypto.ts';
import { seedDemoGoals, seedDemoSnapshots } from './demo.goals.ts';
import { seedDemoReviews } from './demo.reviews.ts';

type DemoDept = { key: string; name: string; code: string; parent: string | null };
type DemoPerson = {
  no: string;
  name: string;
  email: string;
  title: string;
  level: string;
  dept: string;
  manager: string | null;
};

const DEPARTMENTS: DemoDept[] = [
  { key: 'sales', name: '销售部', code: 'SALES', parent: null },
  { key: 'east', name: '华东区', code: 'SALES-E', parent: 'sales' },
  { key: 'east1', name: '华东一组', code: 'SALES-E1', parent: 'east' },
  { key: 'east2', name: '华东二组', code: 'SALES-E2', parent: 'east' },
  { key: 'south', name: '华南区', code: 'SALES-S', parent: 'sales' },
  { key: 'rnd', name: '研发部', code: 'RND', parent: null },
  { key: 'platform', name: '平台组', code: 'RND-P', parent: 'rnd' },
  { key: 'apps', name: '应用组', code: 'RND-A', parent: 'rnd' },
  { key: 'mkt', name: '市场部', code: 'MKT', parent: null },
  { key: 'cs', name: '客服部', code: 'CS', parent: null },
  { key: 'hr', name: '人力资源部', code: 'HR', parent: null },
  { key: 'fin', name: '财务部', code: 'FIN', parent: null },
];

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '高',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '涛',
  '明',
  '超',
  '秀英',
  '霞',
  '平',
  '刚',
  '桂英',
];

/** The demo organisation: fixed people for the scenarios the docs use, the rest generated. */
function buildPeople(): DemoPerson[] {
  const people: DemoPerson[] = [];
  const add = (p: Omit<DemoPerson, 'email'> & { email?: string }) =>
    people.push({ ...p, email: p.email ?? `${p.no.toLowerCase()}@example.com` });
  add({
    no: 'E0001',
    name: '王建国',
    title: '总经理',
    level: 'M5',
    dept: 'root',
    manager: null,
    email: 'ceo@example.com',
  });
  add({ no: 'E0002', name: '李明', title: '销售总监', level: 'M4', dept: 'sales', manager: 'E0001' });
  add({
    no: 'E0003',
    name: '张三',
    title: '华东区销售经理',
    level: 'M2',
    dept: 'east',
    manager: 'E0002',
    email: 'zhangsan@example.com',
  });
  add({
    no: 'E0004',
    name: '李四',
    title: '销售专员',
    level: 'P3',
    dept: 'east1',
    manager: 'E0003',
    email: 'lisi@example.com',
  });
  add({
    no: 'E0005',
    name: '陈静',
    title: 'HR 经理',
    level: 'M3',
    dept: 'hr',
    manager: 'E0001',
    email: 'hr@example.com',
  });
  add({
    no: 'E0006',
    name: '刘洋',
    title: 'HRBP',
    level: 'P5',
    dept: 'hr',
    manager: 'E0005',
    email: 'hrbp@example.com',
  });
  add({ no: 'E0007', name: '赵强', title: '研发总监', level: 'M4', dept: 'rnd', manager: 'E0001' });
  add({ no: 'E0008', name: '孙丽', title: '市场总监', level: 'M4', dept: 'mkt', manager: 'E0001' });
  add({ no: 'E0009', name: '周涛', title: '客服主管', level: 'M3', dept: 'cs', manager: 'E0001' });
  add({ no: 'E0010', name: '吴芳', title: '财务经理', level: 'M3', dept: 'fin', manager: 'E0001' });
  add({ no: 'E0011', name: '郑伟', title: '华东二组组长', level: 'M1', dept: 'east2', manager: 'E0003' });
  add({ no: 'E0012', name: '马超', title: '华南区销售经理', level: 'M2', dept: 'south', manager: 'E0002' });
  add({ no: 'E0013', name: '朱磊', title: '平台组负责人', level: 'M2', dept: 'platform', manager: 'E0007' });
  add({ no: 'E0014', name: '胡敏', title: '应用组负责人', level: 'M2', dept: 'apps', manager: 'E0007' });
  // Teams: department key → (manager, titles, how many).
  const teams: [string, string, string[], number][] = [
    ['east1', 'E0003', ['销售专员', '大客户经理'], 7],
    ['east2', 'E0011', ['销售专员', '销售助理'], 6],
    ['south', 'E0012', ['销售专员', '渠道经理'], 6],
    ['platform', 'E0013', ['后端工程师', '运维工程师', '测试工程师'], 7],
    ['apps', 'E0014', ['前端工程师', '移动端工程师', '产品经理'], 7],
    ['mkt', 'E0008', ['市场专员', '品牌经理'], 4],
    ['cs', 'E0009', ['客服专员'], 4],
    ['hr', 'E0005', ['招聘专员'], 1],
    ['fin', 'E0010', ['会计', '出纳'], 2],
  ];
  let n = 15;
  let nameIndex = 0;
  for (const [dept, manager, titles, count] of teams) {
    for (let i = 0; i < count; i++) {
      const name = `${SURNAMES[nameIndex % SURNAMES.length]}${GIVEN[(nameIndex + Math.floor(nameIndex / SURNAMES.length) * 3) % GIVEN.length]}`;
      nameIndex++;
      add({
        no: `E${String(n).padStart(4, '0')}`,
        name,
        title: titles[i % titles.length]!,
        level: `P${2 + (i % 3)}`,
        dept,
        manager,
      });
      n++;
    }
  }
  return people;
}

const HEADS: Record<string, string> = {
  root: 'E0001',
  sales: 'E0002',
  east: 'E0003',
  east2: 'E0011',
  south: 'E0012',
  rnd: 'E0007',
  platform: 'E0013',
  apps: 'E0014',
  mkt: 'E0008',
  cs: 'E0009',
  hr: 'E0005',
  fin: 'E0010',
};

export type DemoLogin = { role: string; login: string; password: string };

/** Creates 示例科技有限公司 with its tree, people, heads and the HR roles; returns the three logins. */
export async function seedDemoCompany(db: Db, publicUrl: string): Promise<DemoLogin[]> {
  const people = buildPeople();
  const passwords = { hr: generatePassword(), manager: generatePassword(), employee: generatePassword() };
  const [hrHash, managerHash, employeeHash] = await Promise.all([
    hashPassword(passwords.hr),
    hashPassword(passwords.manager),
    hashPassword(passwords.employee),
  ]);
  const tenantId = await db.transaction(async (tx) => {
    const { tenant, root, admin } = await createTenant(tx, {
      name: '示例科技有限公司',
      slug: 'demo',
      admin: { employeeNo: 'E0001', name: '王建国', email: 'ceo@example.com', password: generatePassword() },
    });
    const scope = new TenantScope(tx, tenant.id);
    const deptIds = new Map<string, string>([['root', root.id]]);
    for (const d of DEPARTMENTS) {
      const [row] = await tx
        .insert(departments)
        .values(scope.values({ name: d.name, code: d.code, parentId: deptIds.get(d.parent ?? 'root')! }))
        .returning({ id: departments.id });
      deptIds.set(d.key, row!.id);
    }
    await tx
      .update(employees)
      .set({ title: '总经理', jobLevel: 'M5', hireDate: '2015-03-01' })
      .where(eq(employees.id, admin.id));
    const hashes: Record<string, string> = { E0005: hrHash, E0003: managerHash, E0004: employeeHash };
    const rest = people.filter((p) => p.no !== 'E0001');
    const inserted = await tx
      .insert(employees)
      .values(
        rest.map((p, i) =>
          scope.values({
            employeeNo: p.no,
            name: p.name,
            email: p.email,
            title: p.title,
            jobLevel: p.level,
            departmentId: deptIds.get(p.dept)!,
            hireDate: `20${String(16 + (i % 9)).padStart(2, '0')}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
            passwordHash: hashes[p.no] ?? null,
          }),
        ),
      )
      .returning({ id: employees.id, employeeNo: employees.employeeNo });
    const idOf = new Map<string, string>([
      ['E0001', admin.id],
      ...inserted.map((r) => [r.employeeNo, r.id] as const),
    ]);
    const links = rest.filter((p) => p.manager);
    await tx.execute(sql`
      update employees e set manager_id = v.manager_id
      from (values ${sql.join(
        links.map((p) => sql`(${idOf.get(p.no)!}::uuid, ${idOf.get(p.manager!)!}::uuid)`),
        sql`, `,
      )}) as v(id, manager_id)
      where e.tenant_id = ${tenant.id} and e.id = v.id`);
    for (const [key, no] of Object.entries(HEADS)) {
      await tx
        .update(departments)
        .set({ headId: idOf.get(no)! })
        .where(scope.where(departments, eq(departments.id, deptIds.get(key)!)));
    }
    await tx.insert(roleAssignments).values([
      scope.values({ employeeId: idOf.get('E0005')!, role: 'hr_admin' as const }),
      scope.values({
        employeeId: idOf.get('E0006')!,
        role: 'hrbp' as const,
        departmentIds: [deptIds.get('sales')!, deptIds.get('rnd')!],
      }),
    ]);
    const q3 = await seedDemoGoals(scope, idOf, deptIds);
    await seedDemoReviews(scope, idOf, deptIds, { id: q3.q3, goals: q3.goals });
    await recordAudit(
      scope,
      { kind: 'system', name: 'demo' },
      {
        action: 'demo.seeded',
        entityType: 'tenant',
        entityId: tenant.id,
        after: { employees: people.length, departments: DEPARTMENTS.length + 1 },
      },
    );
    return tenant.id;
  });
  await seedDemoSnapshots(db, tenantId, publicUrl);
  return [
    { role: 'HR admin 人力资源管理员 (陈静)', login: 'hr@example.com', password: passwords.hr },
    { role: 'Manager 经理 (张三)', login: 'zhangsan@example.com', password: passwords.manager },
    { role: 'Employee 员工 (李四)', login: 'lisi@example.com', password: passwords.employee },
  ];
}
