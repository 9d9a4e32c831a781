import type { CreateDepartmentBody, Department, UpdateDepartmentBody } from '@perfloop/core';
import type { Database } from '../../db/database.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { uniqueViolationOf } from '../../shared/pg-errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findEmployeeRow } from '../employees/employee.repository.ts';
import { assertCanManageDepartments, assertCanReadDepartments } from './department.policy.ts';
import * as repo from './department.repository.ts';

export async function listDepartments(database: Database, actor: Actor, includeArchived: boolean) {
  assertCanReadDepartments(actor);
  return repo.listDepartments(new TenantScope(database.db, actor.tenant.id), { includeArchived });
}

export async function getDepartment(database: Database, actor: Actor, id: string) {
  assertCanReadDepartments(actor);
  const department = await repo.findDepartment(new TenantScope(database.db, actor.tenant.id), id);
  if (!department) throw new AppError('not_found');
  return department;
}

async function assertHeadExists(scope: TenantScope, headId: string | null | undefined) {
  if (!headId) return;
  const head = await findEmployeeRow(scope, headId);
  if (!head)
    throw new AppError('validation.failed', undefined, [
      { path: 'body.headId', code: 'not_found', message: 'employee not found' },
    ]);
}

async function assertParentUsable(scope: TenantScope, parentId: string) {
  const parent = await repo.findDepartment(scope, parentId);
  if (!parent)
    throw new AppError('validation.failed', undefined, [
      { path: 'body.parentId', code: 'not_found', message: 'department not found' },
    ]);
  if (parent.archived) throw new AppError('employee.department_archived');
}

function mapUniqueError(error: unknown): never {
  const constraint = uniqueViolationOf(error);
  if (constraint === 'departments_tenant_code_uq') throw new AppError('department.code_taken');
  if (constraint === 'departments_tenant_root_uq') throw new AppError('department.root_exists');
  throw error;
}

export async function createDepartment(
  database: Database,
  actor: Actor,
  body: CreateDepartmentBody,
  requestId: string,
): Promise<Department> {
  assertCanManageDepartments(actor);
  return database.db
    .transaction(async (tx) => {
      const scope = new TenantScope(tx, actor.tenant.id);
      if (body.parentId) await assertParentUsable(scope, body.parentId);
      else if (await repo.findRoot(scope)) throw new AppError('department.root_exists');
      await assertHeadExists(scope, body.headId);
      const id = await repo.insertDepartment(scope, {
        name: body.name,
        code: body.code || null,
        parentId: body.parentId ?? null,
        headId: body.headId ?? null,
      });
      const created = (await repo.findDepartment(scope, id))!;
      await recordAudit(
        scope,
        actor,
        { action: 'department.created', entityType: 'department', entityId: id, after: created },
        requestId,
      );
      return created;
    })
    .catch(mapUniqueError);
}

export async function updateDepartment(
  database: Database,
  actor: Actor,
  id: string,
  expectedVersion: number,
  body: UpdateDepartmentBody,
  requestId: string,
): Promise<Department> {
  assertCanManageDepartments(actor);
  return database.db
    .transaction(async (tx) => {
      const scope = new TenantScope(tx, actor.tenant.id);
      const before = await repo.findDepartment(scope, id);
      if (!before) throw new AppError('not_found');
      if (before.version !== expectedVersion) throw new AppError('precondition.failed');
      if (body.parentId !== undefined && body.parentId !== before.parentId) {
        if (before.parentId === null) throw new AppError('department.cycle', 'The company root cannot move');
        if (await repo.isSelfOrDescendant(scope, id, body.parentId)) throw new AppError('department.cycle');
        await assertParentUsable(scope, body.parentId);
      }
      if (body.archived === true && !before.archived) {
        if (before.parentId === null)
          throw new AppError('department.has_active_members', 'The company root cannot be archived');
        if (await repo.hasActiveContent(scope, id)) throw new AppError('department.has_active_members');
      }
      await assertHeadExists(scope, body.headId);
      const changes = {
        ...(body.name !== undefined && { name: body.name }),
        ...(body.code !== undefined && { code: body.code || null }),
        ...(body.parentId !== undefined && { parentId: body.parentId }),
        ...(body.headId !== undefined && { headId: body.headId }),
        ...(body.archived !== undefined && { archived: body.archived }),
      };
      if (!(await repo.updateDepartment(scope, id, expectedVersion, changes)))
        throw new AppError('precondition.failed');
      const after = (await repo.findDepartment(scope, id))!;
      await recordAudit(
        scope,
        actor,
        { action: 'department.updated', entityType: 'department', entityId: id, before, after },
        requestId,
      );
      return after;
    })
    .catch(mapUniqueError);
}
