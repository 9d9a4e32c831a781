import type { AlignmentNode, AlignmentTreePage, AlignmentTreeQuery } from '@perfloop/core';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { progressOfRows } from './goal.progress.ts';
import { assertGoalVisible } from './goal.service.ts';
import * as repo from './goal-tree.repository.ts';

/**
 * One level of the alignment tree, a page at a time (ordered company → department → person,
 * then by creation): the roots (goals whose parent the caller cannot see, or that align to
 * nothing), or the goals aligned to `parentId` or its KRs. Each node says how many aligned goals
 * it has, so a client fetches a level when it is opened: a whole tree was 101 MB for a manager
 * at 100,000 people.
 */
export async function alignmentTree(
  ctx: AppContext,
  actor: Actor,
  query: AlignmentTreeQuery,
): Promise<AlignmentTreePage> {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const settings = actor.tenant.goalSettings;
  if (query.parentId) await assertGoalVisible(scope, actor, query.parentId);
  const level = await repo.selectTreeLevelShown(scope, actor, query);
  const ids = level.items.map((r) => r.id);
  const nodes = await repo.selectTreeNodes(scope, ids);
  const progress = progressOfRows(await repo.keyResultMeasuresOfNodes(scope, nodes), settings.progressCap);
  const children = new Map(level.items.map((r) => [r.id, r.child_count]));
  const items = nodes.map(
    (g): AlignmentNode => ({
      id: g.id,
      parentGoalId: g.parent_goal_id,
      parentKeyResultId: g.parent_key_result_id,
      level: g.level,
      kind: g.kind,
      title: g.title,
      status: g.status,
      ownerName: g.owner_name,
      departmentName: g.department_name,
      weightBp: g.weight_bp,
      progress: progress.goals.get(g.id) ?? 0,
      keyResults: g.key_results.map(([id, title, weightBp, rollUp]) => ({
        id,
        title,
        progress: progress.keyResults.get(id) ?? 0,
        rollUp,
        weightBp,
      })),
      childCount: children.get(g.id) ?? 0,
    }),
  );
  return { items, nextCursor: level.nextCursor };
}
