import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { rowsOf } from '../server/src/db/database.ts';
import { TenantScope } from '../server/src/db/tenant-scope.ts';
import type { Actor } from '../server/src/http/actor.ts';
import {
  visibleGoalByWalk,
  visibleGoalIds,
  visibleGoalsCondition,
} from '../server/src/modules/goals/goal.repository.ts';
import { selectTreeLevel } from '../server/src/modules/goals/goal-tree.repository.ts';
import { getTestDatabase, unique } from '../server/test/helpers.ts';
import { generateCompany } from './generate.ts';

const database = await getTestDatabase();

function actorOf(tenantId: string, employeeId: string, hrbpDepartmentIds: string[]): Actor {
  return {
    kind: 'user',
    tenant: { id: tenantId } as Actor['tenant'],
    employeeId,
    name: employeeId,
    roles: new Set(hrbpDepartmentIds.length > 0 ? ['hrbp'] : []) as Actor['roles'],
    hrbpDepartmentIds,
    scopes: null,
    tokenId: null,
    sessionHash: null,
  };
}

describe('visibleGoalByWalk', () => {
  it("agrees with the caller's visible set and condition on every goal of the cycle, for managers, heads, an HRBP and others", async () => {
    const f = await generateCompany(database.db, 240, unique('walk'));
    const t = f.tenantId;
    // An HRBP for two departments in the middle of the tree (their sub-departments included).
    const [partner] = rowsOf<{ id: string }>(
      await database.db.execute(sql`select id from employees where tenant_id = ${t} and manager_id is not null
        order by employee_no limit 1 offset 7`),
    );
    const middle = rowsOf<{ id: string }>(
      await database.db.execute(sql`select d.id from departments d where d.tenant_id = ${t}
        and d.parent_id is not null and exists (select 1 from departments c where c.parent_id = d.id)
        order by d.name limit 2`),
    ).map((d) => d.id);
    expect(middle).toHaveLength(2);
    // Callers: everyone who manages or heads someone, every 8th of the others, and the HRBP.
    const callers = rowsOf<{ id: string }>(
      await database.db.execute(sql`select e.id from employees e where e.tenant_id = ${t} and (
          exists (select 1 from employees r where r.tenant_id = ${t} and r.manager_id = e.id)
          or exists (select 1 from departments d where d.tenant_id = ${t} and d.head_id = e.id)
          or e.employee_no like '%8')
        order by e.employee_no`),
    ).map((r) => r.id);
    expect(callers.length).toBeGreaterThan(40);
    const scope = new TenantScope(database.db, t);
    const seen: number[] = [];
    for (const id of [...callers, partner!.id]) {
      const actor = actorOf(t, id, id === partner!.id ? middle : []);
      const rows = rowsOf<{ id: string; by_set: boolean; by_condition: boolean; by_walk: boolean }>(
        await database.db.execute(sql`
          select g.id, g.id in (${visibleGoalIds(scope, actor, false, f.cycleId)}) as by_set,
            coalesce(${visibleGoalsCondition(scope, actor, false)}, false) as by_condition,
            ${visibleGoalByWalk(t, actor, 'g')} as by_walk
          from goals g left join employees o on o.tenant_id = g.tenant_id and o.id = g.owner_id
          where g.tenant_id = ${t} and g.cycle_id = ${f.cycleId}`),
      );
      const bad = rows.filter((r) => r.by_set !== r.by_walk || r.by_condition !== r.by_walk);
      expect(bad, `caller ${id}`).toEqual([]);
      seen.push(rows.filter((r) => r.by_set).length);
    }
    // The tree's levels below a goal, filtered by the walk, are those the set gave: the same goals
    // and the same counts of visible goals below each, for every goal with aligned goals.
    const parents = rowsOf<{ id: string }>(
      await database.db.execute(sql`select distinct p.id from goals p join goals c on c.parent_goal_id = p.id
        where p.tenant_id = ${t} and p.cycle_id = ${f.cycleId} order by p.id`),
    ).map((r) => r.id);
    expect(parents.length).toBeGreaterThan(20);
    let shownBelow = 0;
    for (const id of [...callers.filter((_, i) => i % 4 === 0), partner!.id]) {
      const actor = actorOf(t, id, id === partner!.id ? middle : []);
      for (const parentId of parents) {
        const level = (how: 'set' | 'walk') =>
          selectTreeLevel(scope, {
            cycleId: f.cycleId,
            parentId,
            shownIds: how === 'set' ? [visibleGoalIds(scope, actor, false, f.cycleId)!] : [],
            shownWhere: how === 'walk' ? (alias) => visibleGoalByWalk(t, actor, alias) : null,
            limit: 100,
          });
        const bySet = await level('set');
        expect(await level('walk'), `caller ${id}, goal ${parentId}`).toEqual(bySet);
        shownBelow += bySet.items.length;
      }
    }
    expect(shownBelow).toBeGreaterThan(0);
    // Not a test of two empty sets: reaches differ from a handful of goals to most of the cycle.
    expect(Math.min(...seen)).toBeLessThan(f.goals / 10);
    expect(Math.max(...seen)).toBeGreaterThan(f.goals / 2);
    expect(new Set(seen).size).toBeGreaterThan(10);
  });
});
