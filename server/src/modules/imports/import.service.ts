import {
  type ColumnMapping,
  findUnmappedRequiredFields,
  IMPORT_FIELDS,
  type ImportField,
  type ImportRowError,
  suggestColumnMapping,
  truncateText,
  validateEmployeeImport,
} from '@perfloop/core';
import { customPlans, type Database } from '../../db/database.ts';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import { AppError } from '../../http/errors.ts';
import { startHeartbeat } from '../../jobs/lease.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { detectFileType, type ParsedSheet, parseSpreadsheet } from './import.parser.ts';
import { assertCanImportExport } from './import.policy.ts';
import * as repo from './import.repository.ts';
import { buildEmployeeExport, buildErrorReport } from './import.workbooks.ts';

/** Progress of jobs this process is running (0–100); other processes see the stored status. */
const liveProgress = new Map<string, number>();

export type ImportJobView = {
  id: string;
  status: repo.ImportJobRow['status'];
  fileName: string;
  rowCount: number;
  headers: string[];
  mapping: ColumnMapping;
  suggestedMapping: ColumnMapping;
  sample: Record<string, string>[];
  errors: ImportRowError[];
  errorCount: number;
  summary:
    | { created: number; updated: number; unchanged: number; departmentsCreated: number }
    | { reason: string }
    | null;
  progress: number;
  createdAt: string;
};

const MAX_ERRORS_SHOWN = 1000;

/** Imports before unchanged rows were told apart wrote every row as an update: none unchanged. */
function summaryOf(stored: unknown): ImportJobView['summary'] {
  if (stored === null || stored === undefined) return null;
  const summary = stored as NonNullable<ImportJobView['summary']>;
  return 'created' in summary ? { ...summary, unchanged: summary.unchanged ?? 0 } : summary;
}

async function toView(job: repo.ImportJobRow, sample: Record<string, string>[] = []): Promise<ImportJobView> {
  const errors = ((job.report as { errors?: ImportRowError[] } | null)?.errors ?? []) as ImportRowError[];
  return {
    id: job.id,
    status: job.status,
    fileName: job.fileName,
    rowCount: job.rowCount,
    headers: job.headers,
    mapping: (job.mapping ?? {}) as ColumnMapping,
    suggestedMapping: suggestColumnMapping(job.headers),
    sample,
    errors: errors.slice(0, MAX_ERRORS_SHOWN),
    errorCount: errors.length,
    summary: summaryOf(job.summary),
    progress: job.status === 'succeeded' ? 100 : (liveProgress.get(job.id) ?? job.progress),
    createdAt: new Date(job.createdAt).toISOString(),
  };
}

function checkMapping(mapping: Record<string, string>, headers: readonly string[]): ColumnMapping {
  const clean: ColumnMapping = {};
  for (const [field, header] of Object.entries(mapping)) {
    if (!(IMPORT_FIELDS as readonly string[]).includes(field) || header === '') continue;
    if (!headers.includes(header))
      throw new AppError('validation.failed', undefined, [
        {
          path: `body.mapping.${field}`,
          code: 'invalid_value',
          message: `no column "${header}" in the file`,
        },
      ]);
    clean[field as ImportField] = header;
  }
  const missing = findUnmappedRequiredFields(clean, headers);
  if (missing.length > 0)
    throw new AppError(
      'import.mapping_incomplete',
      `Map a column to: ${missing.join(', ')}`,
      missing.map((f) => ({ path: `body.mapping.${f}`, code: 'required', message: 'is required' })),
    );
  return clean;
}

/**
 * A file as parsed by the request that uploaded it, for the steps that follow in the same request
 * (`?commit=true`): parsing 10,000 rows of .xlsx takes 0.4–0.65 s, and validating and importing
 * each parsed the stored file again.
 */
export type ParsedUpload = { jobId: string; sheet: ParsedSheet };

function sheetOf(job: repo.ImportJobRow, parsed?: ParsedUpload | null): Promise<ParsedSheet> {
  return parsed?.jobId === job.id ? Promise.resolve(parsed.sheet) : parseSpreadsheet(job.fileType, job.file);
}

/** Step 1: store the file and show its columns, a suggested mapping and a sample. Nothing changes yet. */
export async function uploadEmployeeFile(
  database: Database,
  actor: Actor,
  file: { fileName: string; bytes: Uint8Array },
  idempotencyKey: string | null,
): Promise<{ job: ImportJobView; parsed: ParsedUpload | null }> {
  assertCanImportExport(actor);
  const scope = new TenantScope(database.db, actor.tenant.id);
  if (idempotencyKey) {
    const existing = await repo.findImportJobByKey(scope, idempotencyKey);
    if (existing) return { job: await toView(existing), parsed: null };
  }
  if (file.bytes.length === 0) throw new AppError('import.empty_file');
  const fileType = detectFileType(file.fileName, file.bytes);
  const sheet = await parseSpreadsheet(fileType, file.bytes);
  const job = await repo.insertImportJob(scope, {
    kind: 'employees',
    status: 'uploaded',
    fileName: truncateText(file.fileName, 200),
    fileType,
    file: file.bytes,
    headers: sheet.headers,
    rowCount: sheet.rows.length,
    idempotencyKey,
    createdBy: actor.employeeId,
  });
  return {
    job: await toView(
      job,
      sheet.rows.slice(0, 5).map((r) => r.cells),
    ),
    parsed: { jobId: job.id, sheet },
  };
}

async function loadJob(scope: TenantScope, id: string) {
  const job = await repo.findImportJob(scope, id);
  if (!job) throw new AppError('not_found');
  return job;
}

export async function getImportJob(database: Database, actor: Actor, id: string) {
  assertCanImportExport(actor);
  return toView(await loadJob(new TenantScope(database.db, actor.tenant.id), id));
}

export async function listImportJobs(database: Database, actor: Actor) {
  assertCanImportExport(actor);
  const jobs = await repo.listImportJobs(new TenantScope(database.db, actor.tenant.id));
  // As one job reads (toView): the same summary, and times in ISO 8601.
  return jobs.map((job) => ({
    ...job,
    summary: summaryOf(job.summary),
    createdAt: new Date(job.createdAt).toISOString(),
  }));
}

/** Step 2: validate the whole file with a mapping; returns every bad row. Nothing changes yet. */
export async function validateImport(
  database: Database,
  actor: Actor,
  id: string,
  mapping: Record<string, string>,
  parsed?: ParsedUpload | null,
) {
  assertCanImportExport(actor);
  const scope = new TenantScope(database.db, actor.tenant.id);
  const job = await loadJob(scope, id);
  if (!['uploaded', 'invalid', 'validated'].includes(job.status)) throw new AppError('import.not_ready');
  const clean = checkMapping(mapping, job.headers);
  const sheet = await sheetOf(job, parsed);
  const result = validateEmployeeImport({
    rows: sheet.rows,
    mapping: clean,
    ...(await repo.loadExistingOrg(scope)),
  });
  const status = result.ok ? 'validated' : 'invalid';
  const summary = result.ok
    ? {
        created: result.plan.created,
        updated: result.plan.updated,
        unchanged: result.plan.unchanged,
        departmentsCreated: result.plan.newDepartments.length,
      }
    : null;
  await repo.updateImportJob(
    scope,
    id,
    { status, mapping: clean, report: result.ok ? null : { errors: result.errors }, summary },
    ['uploaded', 'invalid', 'validated'],
  );
  return toView((await repo.findImportJob(scope, id))!);
}

/** What the background run of an import needs from the request that starts it. */
export type ImportRun = {
  requestId: string;
  /** The lease the process holds on the running job, renewed by a heartbeat (jobs/lease.ts). */
  leaseSeconds: number;
  log: (error: unknown) => void;
};

/**
 * Step 3: import. Validates again against the data as it is now and applies everything in one
 * transaction, in the background; the job shows progress and ends succeeded or invalid. While it
 * runs, this process holds the job's lease, so another process starting meanwhile leaves it be.
 */
export async function commitImport(
  database: Database,
  actor: Actor,
  id: string,
  run: ImportRun,
  parsed?: ParsedUpload | null,
) {
  assertCanImportExport(actor);
  const scope = new TenantScope(database.db, actor.tenant.id);
  const job = await loadJob(scope, id);
  if (job.status !== 'validated' || !job.mapping) throw new AppError('import.not_ready');
  if (!(await repo.startImportJob(scope, id, run.leaseSeconds))) throw new AppError('import.not_ready');
  liveProgress.set(id, 1);
  setImmediate(() => {
    const heartbeat = startHeartbeat(
      run.leaseSeconds,
      () => repo.renewImportLease(scope, id, run.leaseSeconds),
      run.log,
    );
    runImport(database, actor, job, run.requestId, parsed)
      .catch(async (error) => {
        if (!(error instanceof LeaseLostError)) run.log(error);
        await repo
          .updateImportJob(scope, id, { status: 'failed', summary: { reason: 'internal' } }, ['running'])
          .catch(run.log);
      })
      .finally(() => {
        heartbeat.stop();
        liveProgress.delete(id);
      });
  });
  return toView({ ...job, status: 'running', progress: 1 });
}

/**
 * The job stopped being ours while it ran (this process stalled past its lease and another one
 * failed the job): its changes are rolled back, so the failure it shows is true.
 */
class LeaseLostError extends Error {
  constructor(id: string) {
    super(`import ${id} is no longer running here: its lease ran out`);
    this.name = 'LeaseLostError';
  }
}

async function runImport(
  database: Database,
  actor: Actor,
  job: repo.ImportJobRow,
  requestId: string,
  parsed?: ParsedUpload | null,
) {
  const scopeOutside = new TenantScope(database.db, actor.tenant.id);
  const sheet = await sheetOf(job, parsed);
  liveProgress.set(job.id, 10);
  const mapping = job.mapping as ColumnMapping;
  const outcome = await database.db.transaction(async (tx) => {
    await customPlans(tx);
    const scope = scopeOutside.with(tx);
    await repo.lockTenantImports(scope);
    const result = validateEmployeeImport({
      rows: sheet.rows,
      mapping,
      ...(await repo.loadExistingOrg(scope)),
    });
    if (!result.ok) return { ok: false as const, errors: result.errors };
    liveProgress.set(job.id, 20);
    const existingIds = new Set(result.plan.employees.filter((e) => e.existingId).map((e) => e.existingId));
    const applied = await repo.applyImportPlan(scope, result.plan, (f) =>
      liveProgress.set(job.id, 20 + Math.round(f * 75)),
    );
    const summary = {
      created: result.plan.created,
      updated: result.plan.updated,
      unchanged: result.plan.unchanged,
      departmentsCreated: applied.departmentsCreated,
    };
    await recordAudit(
      scope,
      actor,
      [
        {
          action: 'employees.imported',
          entityType: 'import',
          entityId: job.id,
          after: { fileName: job.fileName, ...summary },
        },
        ...result.plan.employees.map((e) => {
          const entityId = applied.idOfNo.get(e.employeeNo) ?? e.employeeNo;
          const { rowNumber: _row, existingId: _existing, ...after } = e;
          return {
            action: existingIds.has(entityId) ? 'employee.updated' : 'employee.created',
            entityType: 'employee',
            entityId,
            after: { ...after, importId: job.id },
          };
        }),
      ],
      requestId,
    );
    if (
      !(await repo.updateImportJob(
        scope,
        job.id,
        { status: 'succeeded', progress: 100, summary, report: null },
        ['running'],
      ))
    )
      throw new LeaseLostError(job.id);
    return { ok: true as const };
  });
  if (!outcome.ok) {
    await repo.updateImportJob(
      scopeOutside,
      job.id,
      { status: 'invalid', report: { errors: outcome.errors }, progress: 0 },
      ['running'],
    );
  }
}

export async function buildImportErrorReport(database: Database, actor: Actor, id: string) {
  assertCanImportExport(actor);
  const job = await loadJob(new TenantScope(database.db, actor.tenant.id), id);
  const errors = ((job.report as { errors?: ImportRowError[] } | null)?.errors ?? []) as ImportRowError[];
  return buildErrorReport(errors);
}

export async function exportEmployees(database: Database, actor: Actor, locale: 'zh-CN' | 'en-US') {
  assertCanImportExport(actor);
  const rows = await repo.listEmployeesForExport(new TenantScope(database.db, actor.tenant.id));
  return buildEmployeeExport(
    rows.map((r) => ({
      employeeNo: r.employee_no,
      name: r.name,
      email: r.email,
      title: r.title,
      jobLevel: r.job_level,
      departmentPath: r.department_path,
      managerNo: r.manager_no,
      hireDate: r.hire_date,
      status: r.status,
    })),
    locale,
  );
}
