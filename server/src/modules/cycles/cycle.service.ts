import {
  type CreateCycleBody,
  type Cycle,
  type CycleStatus,
  checkCycleDates,
  type ListCyclesQuery,
  type UpdateCycleBody,
} from '@perfloop/core';
import type { Database } from '../../db/database.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { assertCanManageCycles } from './cycle.policy.ts';
import * as repo from './cycle.repository.ts';

function assertValidDates(input: Pick<Cycle, 'startDate' | 'endDate' | 'phases'>) {
  const problems = checkCycleDates(input);
  if (problems.length > 0)
    throw new AppError(
      'validation.failed',
      undefined,
      problems.map((p) => ({ path: `body.${p.path}`, code: p.code, message: p.code })),
    );
}

export async function listCycles(database: Database, actor: Actor, query: ListCyclesQuery) {
  return repo.listCycles(new TenantScope(database.db, actor.tenant.id), {
    ...(query.status && { status: query.status }),
    limit: query.limit,
    cursor: query.cursor,
  });
}

export async function getCycle(database: Database, actor: Actor, id: string) {
  const cycle = await repo.findCycle(new TenantScope(database.db, actor.tenant.id), id);
  if (!cycle) throw new AppError('not_found');
  return cycle;
}

export async function createCycle(
  database: Database,
  actor: Actor,
  body: CreateCycleBody,
  requestId: string,
) {
  assertCanManageCycles(actor);
  const input = { ...body, timeZone: body.timeZone ?? actor.tenant.timeZone };
  assertValidDates(input);
  return database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const id = await repo.insertCycle(scope, input);
    const created = (await repo.findCycle(scope, id))!;
    await recordAudit(
      scope,
      actor,
      { action: 'cycle.created', entityType: 'cycle', entityId: id, after: created },
      requestId,
    );
    return created;
  });
}

export async function updateCycle(
  database: Database,
  actor: Actor,
  id: string,
  expectedVersion: number,
  body: UpdateCycleBody,
  requestId: string,
) {
  assertCanManageCycles(actor);
  return database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const before = await repo.findCycle(scope, id, true);
    if (!before) throw new AppError('not_found');
    if (before.version !== expectedVersion) throw new AppError('precondition.failed');
    if (before.status === 'closed') throw new AppError('cycle.closed');
    const changes = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    assertValidDates({ ...before, ...changes });
    if (!(await repo.updateCycle(scope, id, expectedVersion, changes)))
      throw new AppError('precondition.failed');
    const after = (await repo.findCycle(scope, id))!;
    await recordAudit(
      scope,
      actor,
      { action: 'cycle.updated', entityType: 'cycle', entityId: id, before, after },
      requestId,
    );
    return after;
  });
}

const TRANSITIONS: Record<'open' | 'close' | 'reopen', { from: CycleStatus[]; to: CycleStatus }> = {
  open: { from: ['draft'], to: 'open' },
  close: { from: ['open'], to: 'closed' },
  reopen: { from: ['closed'], to: 'open' },
};

/** Opens, closes or reopens a cycle. Closing makes it read-only and closes its approved goals. */
export async function transitionCycle(
  database: Database,
  actor: Actor,
  id: string,
  action: keyof typeof TRANSITIONS,
  requestId: string,
) {
  assertCanManageCycles(actor);
  const { from, to } = TRANSITIONS[action];
  return database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const before = await repo.findCycle(scope, id, true);
    if (!before) throw new AppError('not_found');
    if (!from.includes(before.status)) throw new AppError('cycle.invalid_transition');
    await repo.updateCycle(scope, id, before.version, { status: to });
    if (to === 'closed' || action === 'reopen') await repo.setGoalsClosed(scope, id, to === 'closed');
    const after = (await repo.findCycle(scope, id))!;
    await recordAudit(
      scope,
      actor,
      { action: `cycle.${action}`, entityType: 'cycle', entityId: id, before, after },
      requestId,
    );
    return after;
  });
}

/** Only an empty draft cycle can be deleted (a mistake); anything with goals stays. */
export async function deleteCycle(database: Database, actor: Actor, id: string, requestId: string) {
  assertCanManageCycles(actor);
  await database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const before = await repo.findCycle(scope, id, true);
    if (!before) throw new AppError('not_found');
    if (before.goalCount > 0 || before.status !== 'draft') throw new AppError('cycle.has_goals');
    await repo.deleteCycle(scope, id);
    await recordAudit(
      scope,
      actor,
      { action: 'cycle.deleted', entityType: 'cycle', entityId: id, before },
      requestId,
    );
  });
}
