import type { CreateEmployeeBody, Employee, ListEmployeesQuery, UpdateEmployeeBody } from '@perfloop/core';
import type { Database } from '../../db/database.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError, fieldError } from '../../http/errors.ts';
import { generatePassword, hashPassword } from '../../shared/crypto.ts';
import { uniqueViolationOf } from '../../shared/pg-errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { deleteSessionsOf } from '../auth/auth.repository.ts';
import { findDepartment } from '../departments/department.repository.ts';
import {
  assertCanChangeRoles,
  assertCanListEmployees,
  assertCanManageEmployees,
  assertCanResetPasswords,
} from './employee.policy.ts';
import * as repo from './employee.repository.ts';

export async function listEmployees(database: Database, actor: Actor, query: ListEmployeesQuery) {
  assertCanListEmployees(actor);
  return repo.listEmployees(new TenantScope(database.db, actor.tenant.id), actor, query);
}

export async function getEmployee(database: Database, actor: Actor, id: string): Promise<Employee> {
  // Someone outside the caller's reach gets 404, not 403: existence is not disclosed.
  const employee = await repo.findEmployee(new TenantScope(database.db, actor.tenant.id), id, actor);
  if (!employee) throw new AppError('not_found');
  return employee;
}

async function checkReferences(
  scope: TenantScope,
  employeeId: string | null,
  input: { departmentId?: string; managerId?: string | null; hrbpDepartmentIds?: string[] },
) {
  if (input.departmentId) {
    const department = await findDepartment(scope, input.departmentId);
    if (!department) throw fieldError('body.departmentId', 'not_found', 'department not found');
    if (department.archived) throw new AppError('employee.department_archived');
  }
  if (input.managerId) {
    if (employeeId && input.managerId === employeeId) throw new AppError('employee.self_manager');
    const manager = await repo.findEmployeeRow(scope, input.managerId);
    if (!manager) throw fieldError('body.managerId', 'not_found', 'manager not found');
    if (employeeId && (await repo.isSelfOrReport(scope, employeeId, input.managerId)))
      throw new AppError('employee.manager_cycle');
  }
  const hrbp = input.hrbpDepartmentIds ?? [];
  if (hrbp.length > 0 && (await repo.countExistingDepartments(scope, hrbp)) !== new Set(hrbp).size)
    throw fieldError('body.hrbpDepartmentIds', 'not_found', 'department not found');
}

function mapUniqueError(error: unknown): never {
  const constraint = uniqueViolationOf(error);
  if (constraint === 'employees_tenant_no_uq') throw new AppError('employee.number_taken');
  if (constraint === 'employees_tenant_email_uq') throw new AppError('employee.email_taken');
  throw error;
}

export async function createEmployee(
  database: Database,
  actor: Actor,
  body: CreateEmployeeBody,
  requestId: string,
): Promise<Employee> {
  assertCanManageEmployees(actor);
  assertCanChangeRoles(actor, [], body.roles);
  return database.db
    .transaction(async (tx) => {
      const scope = new TenantScope(tx, actor.tenant.id);
      await checkReferences(scope, null, body);
      const id = await repo.insertEmployee(scope, {
        employeeNo: body.employeeNo,
        name: body.name,
        email: body.email ?? null,
        title: body.title ?? null,
        jobLevel: body.jobLevel ?? null,
        departmentId: body.departmentId,
        managerId: body.managerId ?? null,
        hireDate: body.hireDate ?? null,
        status: body.status,
      });
      await repo.replaceRoles(scope, id, body.roles, body.hrbpDepartmentIds);
      const created = (await repo.findEmployee(scope, id))!;
      await recordAudit(
        scope,
        actor,
        { action: 'employee.created', entityType: 'employee', entityId: id, after: created },
        requestId,
      );
      return created;
    })
    .catch(mapUniqueError);
}

export async function updateEmployee(
  database: Database,
  actor: Actor,
  id: string,
  expectedVersion: number,
  body: UpdateEmployeeBody,
  requestId: string,
): Promise<Employee> {
  assertCanManageEmployees(actor);
  return database.db
    .transaction(async (tx) => {
      const scope = new TenantScope(tx, actor.tenant.id);
      const before = await repo.findEmployee(scope, id);
      if (!before) throw new AppError('not_found');
      if (before.version !== expectedVersion) throw new AppError('precondition.failed');
      await checkReferences(scope, id, body);
      const { roles, hrbpDepartmentIds, ...fields } = body;
      const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      if (!(await repo.updateEmployee(scope, id, expectedVersion, changes)))
        throw new AppError('precondition.failed');
      if (roles !== undefined || hrbpDepartmentIds !== undefined) {
        const nextRoles =
          roles ?? before.roles.filter((r) => r === 'hr_admin' || r === 'hrbp' || r === 'system_admin');
        assertCanChangeRoles(actor, before.roles, nextRoles);
        await repo.replaceRoles(scope, id, nextRoles, hrbpDepartmentIds ?? before.hrbpDepartmentIds);
      }
      // Someone who leaves is signed out everywhere at once.
      if (body.status === 'left' && before.status !== 'left') await deleteSessionsOf(tx, actor.tenant.id, id);
      const after = (await repo.findEmployee(scope, id))!;
      await recordAudit(
        scope,
        actor,
        { action: 'employee.updated', entityType: 'employee', entityId: id, before, after },
        requestId,
      );
      return after;
    })
    .catch(mapUniqueError);
}

/** Sets a new generated password, shown once to the HR admin, and ends the person's sessions. */
export async function resetPassword(database: Database, actor: Actor, id: string, requestId: string) {
  assertCanResetPasswords(actor);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await database.db.transaction(async (tx) => {
    const scope = new TenantScope(tx, actor.tenant.id);
    const employee = await repo.findEmployeeRow(scope, id);
    if (!employee) throw new AppError('not_found');
    await repo.setPasswordHash(scope, id, passwordHash);
    await deleteSessionsOf(tx, actor.tenant.id, id);
    await recordAudit(
      scope,
      actor,
      { action: 'employee.password_reset', entityType: 'employee', entityId: id },
      requestId,
    );
  });
  return { password };
}
