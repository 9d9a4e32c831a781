import { describeFieldError, type FieldErrorCode, type Locale } from '../shared/messages.ts';
import { isFormulaLike } from '../shared/spreadsheet.ts';
import { type EmployeeStatus, isValidIsoDate } from './employee.schemas.ts';

/** The fields an employee import can fill, in template order. */
export const IMPORT_FIELDS = [
  'employeeNo',
  'name',
  'email',
  'title',
  'jobLevel',
  'department',
  'manager',
  'hireDate',
  'status',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ['employeeNo', 'name', 'department'];

/** The template's Chinese headers, and the English ones for en-US users. */
export const IMPORT_HEADERS: Record<ImportField, { 'zh-CN': string; 'en-US': string }> = {
  employeeNo: { 'zh-CN': '工号', 'en-US': 'Employee No' },
  name: { 'zh-CN': '姓名', 'en-US': 'Name' },
  email: { 'zh-CN': '邮箱', 'en-US': 'E-mail' },
  title: { 'zh-CN': '职位', 'en-US': 'Title' },
  jobLevel: { 'zh-CN': '职级', 'en-US': 'Job level' },
  department: { 'zh-CN': '部门', 'en-US': 'Department' },
  manager: { 'zh-CN': '直属上级', 'en-US': 'Manager' },
  hireDate: { 'zh-CN': '入职日期', 'en-US': 'Hire date' },
  status: { 'zh-CN': '状态', 'en-US': 'Status' },
};

const HEADER_SYNONYMS: Record<ImportField, string[]> = {
  employeeNo: [
    '工号',
    '员工编号',
    '员工工号',
    '编号',
    'employeeno',
    'employeenumber',
    'empno',
    'number',
    'staffno',
  ],
  name: ['姓名', '员工姓名', '名字', 'name', 'fullname', 'employeename', 'displayname'],
  email: ['邮箱', '电子邮箱', '邮件', 'email', 'mail', 'emailaddress'],
  title: ['职位', '岗位', '职务', 'title', 'jobtitle', 'jobrole', 'position', 'role'],
  jobLevel: ['职级', '级别', '职等', 'joblevel', 'level', 'grade'],
  department: ['部门', '所属部门', '部门路径', 'department', 'dept', 'departmentpath'],
  manager: [
    '直属上级',
    '直属上级工号',
    '上级',
    '上级工号',
    '汇报对象',
    'manager',
    'managerno',
    'managernumber',
    'reportsto',
    'supervisor',
  ],
  hireDate: ['入职日期', '入职时间', 'hiredate', 'startdate', 'joindate', 'dateofhire'],
  status: ['状态', '在职状态', 'status', 'employmentstatus'],
};

function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/[\s_\-.:：()（）*]/g, '')
    .trim();
}

/** Column mapping: import field → the file's header it reads from. */
export type ColumnMapping = Partial<Record<ImportField, string>>;

/** Suggests a mapping by header synonyms (Chinese and English); each header is used once. */
export function suggestColumnMapping(headers: readonly string[]): ColumnMapping {
  const mapping: ColumnMapping = {};
  const used = new Set<string>();
  for (const field of IMPORT_FIELDS) {
    const synonyms = HEADER_SYNONYMS[field];
    const match = headers.find((h) => !used.has(h) && synonyms.includes(normaliseHeader(h)));
    if (match !== undefined) {
      mapping[field] = match;
      used.add(match);
    }
  }
  return mapping;
}

export function findUnmappedRequiredFields(
  mapping: ColumnMapping,
  headers: readonly string[],
): ImportField[] {
  return REQUIRED_IMPORT_FIELDS.filter((f) => {
    const header = mapping[f];
    return header === undefined || !headers.includes(header);
  });
}

export type RawRow = { rowNumber: number; cells: Record<string, string> };

export type ExistingEmployee = {
  id: string;
  employeeNo: string;
  name: string;
  email: string | null;
  title: string | null;
  jobLevel: string | null;
  hireDate: string | null;
  status: EmployeeStatus;
  departmentId: string;
  managerId: string | null;
};
export type ExistingDepartment = {
  id: string;
  name: string;
  code: string | null;
  parentId: string | null;
  archived: boolean;
};

export type ImportRowError = {
  row: number;
  column: string;
  field: ImportField | null;
  code: FieldErrorCode;
  params: Record<string, string | number>;
  messages: Record<Locale, string>;
};

/** Where a row's department is: an existing id, or the key of a department the import creates. */
export type DepartmentRef = { id: string } | { newKey: string };

/** A department to create: under an existing one (`parentId`) or under another new one (`parentKey`). */
export type NewDepartment = { key: string; name: string; parentId: string | null; parentKey: string | null };

export type PlannedEmployee = {
  rowNumber: number;
  employeeNo: string;
  existingId: string | null;
  name: string;
  /** `undefined` = the column is not mapped: leave the stored value unchanged. */
  email?: string | null;
  title?: string | null;
  jobLevel?: string | null;
  hireDate?: string | null;
  status?: EmployeeStatus;
  department: DepartmentRef;
  /** Manager's employee number; `undefined` = not mapped, null = no manager. */
  managerNo?: string | null;
};

export type ImportPlan = {
  /** The people to write: new ones, and those whose stored data the file changes. */
  employees: PlannedEmployee[];
  /** Departments to create, parents before children. */
  newDepartments: NewDepartment[];
  created: number;
  updated: number;
  /** Rows that would write what is stored already: left alone (no new version, no audit event). */
  unchanged: number;
};

export type ImportValidation = { ok: true; plan: ImportPlan } | { ok: false; errors: ImportRowError[] };

const STATUS_WORDS: Record<string, EmployeeStatus> = {
  active: 'active',
  在职: 'active',
  正式: 'active',
  试用: 'active',
  left: 'left',
  离职: 'left',
  inactive: 'left',
};

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Accepts YYYY-MM-DD, YYYY/M/D and YYYY.M.D; returns ISO or null. */
export function parseLooseDate(value: string): string | null {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(value.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isValidIsoDate(iso) ? iso : null;
}

/** Splits "示例科技/销售部/华东组" into trimmed names, also accepting > and \ as separators. */
export function splitDepartmentPath(value: string): string[] {
  return value
    .split(/[/>\\]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

class ErrorCollector {
  readonly errors: ImportRowError[] = [];
  add(
    row: number,
    column: string,
    field: ImportField | null,
    code: FieldErrorCode,
    params: Record<string, string | number> = {},
  ) {
    this.errors.push({
      row,
      column,
      field,
      code,
      params,
      messages: {
        'zh-CN': describeFieldError(code, 'zh-CN', params),
        'en-US': describeFieldError(code, 'en-US', params),
      },
    });
  }
}

type DepartmentIndex = {
  root: ExistingDepartment | null;
  byCode: Map<string, ExistingDepartment>;
  children: Map<string, ExistingDepartment[]>;
};

function indexDepartments(departments: readonly ExistingDepartment[]): DepartmentIndex {
  const children = new Map<string, ExistingDepartment[]>();
  const byCode = new Map<string, ExistingDepartment>();
  let root: ExistingDepartment | null = null;
  for (const d of departments) {
    if (d.parentId === null) root = d;
    else {
      const list = children.get(d.parentId) ?? [];
      list.push(d);
      children.set(d.parentId, list);
    }
    if (d.code && !d.archived) byCode.set(d.code.toLowerCase(), d);
  }
  return { root, byCode, children };
}

/**
 * Resolves a department cell: an existing department's code, or a path of names from the
 * company root (the root's own name may lead the path or be left out). Missing levels are
 * created; an archived level is an error.
 */
export function resolveDepartment(
  value: string,
  index: DepartmentIndex,
): { ref: DepartmentRef } | { error: 'unknown_department' | 'archived' } {
  const byCode = index.byCode.get(value.trim().toLowerCase());
  if (byCode) return { ref: { id: byCode.id } };
  const names = splitDepartmentPath(value);
  const root = index.root;
  if (!root || names.length === 0) return { error: 'unknown_department' };
  if (names[0] === root.name) names.shift();
  if (names.length === 0) return { ref: { id: root.id } };
  let current = root;
  for (let i = 0; i < names.length; i++) {
    const siblings = index.children.get(current.id) ?? [];
    const live = siblings.find((d) => d.name === names[i] && !d.archived);
    if (live) {
      current = live;
      continue;
    }
    if (siblings.some((d) => d.name === names[i])) return { error: 'archived' };
    return { ref: { newKey: newDepartmentKey(current.id, names.slice(i)) } };
  }
  return { ref: { id: current.id } };
}

function newDepartmentKey(parentId: string, names: readonly string[]): string {
  return [parentId, ...names].join('/');
}

/** Expands the keys of new departments into every level to create, parents first. */
function planNewDepartments(keys: Iterable<string>): NewDepartment[] {
  const byKey = new Map<string, NewDepartment>();
  for (const key of keys) {
    const [parentId, ...names] = key.split('/');
    for (let i = 0; i < names.length; i++) {
      const k = newDepartmentKey(parentId!, names.slice(0, i + 1));
      if (byKey.has(k)) continue;
      byKey.set(k, {
        key: k,
        name: names[i]!,
        parentId: i === 0 ? parentId! : null,
        parentKey: i === 0 ? null : newDepartmentKey(parentId!, names.slice(0, i)),
      });
    }
  }
  const depth = (d: NewDepartment) => d.key.split('/').length;
  return [...byKey.values()].sort((a, b) => depth(a) - depth(b));
}

/**
 * Validates mapped rows against the tenant's current employees and departments and returns
 * either every error (row, column, reason) or a plan the server applies in one transaction.
 */
export function validateEmployeeImport(input: {
  rows: readonly RawRow[];
  mapping: ColumnMapping;
  existingEmployees: readonly ExistingEmployee[];
  existingDepartments: readonly ExistingDepartment[];
}): ImportValidation {
  const { rows, mapping } = input;
  const errors = new ErrorCollector();
  const column = (field: ImportField) => mapping[field] ?? IMPORT_HEADERS[field]['zh-CN'];
  const cell = (row: RawRow, field: ImportField): string | undefined => {
    const header = mapping[field];
    if (header === undefined) return undefined;
    return (row.cells[header] ?? '').trim();
  };

  const existingByNo = new Map(input.existingEmployees.map((e) => [e.employeeNo, e]));
  const deptIndex = indexDepartments(input.existingDepartments);
  const planned: PlannedEmployee[] = [];
  const managerCells: { row: RawRow; value: string }[] = [];
  const firstRowOfNo = new Map<string, number>();
  const firstRowOfEmail = new Map<string, number>();

  for (const row of rows) {
    const startErrors = errors.errors.length;
    for (const field of IMPORT_FIELDS) {
      const value = cell(row, field);
      if (value !== undefined && isFormulaLike(value))
        errors.add(row.rowNumber, column(field), field, 'formula');
      if (value?.includes('\uFFFD')) errors.add(row.rowNumber, column(field), field, 'broken_text');
    }
    const employeeNo = cell(row, 'employeeNo') ?? '';
    const name = cell(row, 'name') ?? '';
    if (employeeNo === '') errors.add(row.rowNumber, column('employeeNo'), 'employeeNo', 'required');
    else if (employeeNo.length > 32)
      errors.add(row.rowNumber, column('employeeNo'), 'employeeNo', 'too_long', { max: 32 });
    else if (!/^[A-Za-z0-9_-]+$/.test(employeeNo))
      errors.add(row.rowNumber, column('employeeNo'), 'employeeNo', 'invalid_number');
    else {
      const other = firstRowOfNo.get(employeeNo);
      if (other !== undefined)
        errors.add(row.rowNumber, column('employeeNo'), 'employeeNo', 'duplicate_number', {
          value: employeeNo,
          other,
        });
      else firstRowOfNo.set(employeeNo, row.rowNumber);
    }
    if (name === '') errors.add(row.rowNumber, column('name'), 'name', 'required');
    else if (name.length > 64) errors.add(row.rowNumber, column('name'), 'name', 'too_long', { max: 64 });

    const optionalText = (field: 'title' | 'jobLevel', max: number): string | null | undefined => {
      const value = cell(row, field);
      if (value === undefined) return undefined;
      if (value.length > max) errors.add(row.rowNumber, column(field), field, 'too_long', { max });
      return value === '' ? null : value;
    };
    const title = optionalText('title', 64);
    const jobLevel = optionalText('jobLevel', 16);

    let email: string | null | undefined;
    const emailCell = cell(row, 'email');
    if (emailCell !== undefined) {
      email = emailCell === '' ? null : emailCell.toLowerCase();
      if (email !== null) {
        if (!EMAIL_RE.test(email) || email.length > 254)
          errors.add(row.rowNumber, column('email'), 'email', 'invalid_email');
        else {
          const other = firstRowOfEmail.get(email);
          if (other !== undefined)
            errors.add(row.rowNumber, column('email'), 'email', 'duplicate_email', { value: email, other });
          else firstRowOfEmail.set(email, row.rowNumber);
        }
      }
    }

    let hireDate: string | null | undefined;
    const hireCell = cell(row, 'hireDate');
    if (hireCell !== undefined) {
      hireDate = hireCell === '' ? null : parseLooseDate(hireCell);
      if (hireCell !== '' && hireDate === null)
        errors.add(row.rowNumber, column('hireDate'), 'hireDate', 'invalid_date');
    }

    let status: EmployeeStatus | undefined;
    const statusCell = cell(row, 'status');
    if (statusCell !== undefined && statusCell !== '') {
      status = STATUS_WORDS[statusCell.toLowerCase()];
      if (!status) errors.add(row.rowNumber, column('status'), 'status', 'invalid_status');
    } else if (statusCell === '') status = 'active';

    let department: DepartmentRef = { id: '' };
    const deptCell = cell(row, 'department') ?? '';
    if (deptCell === '') errors.add(row.rowNumber, column('department'), 'department', 'required');
    else {
      const resolved = resolveDepartment(deptCell, deptIndex);
      if ('error' in resolved)
        errors.add(
          row.rowNumber,
          column('department'),
          'department',
          resolved.error === 'archived' ? 'department_archived' : 'unknown_department',
          { value: deptCell },
        );
      else department = resolved.ref;
    }

    const managerCell = cell(row, 'manager');
    if (managerCell !== undefined && managerCell !== '') managerCells.push({ row, value: managerCell });

    if (errors.errors.length === startErrors) {
      planned.push({
        rowNumber: row.rowNumber,
        employeeNo,
        existingId: existingByNo.get(employeeNo)?.id ?? null,
        name,
        ...(email !== undefined && { email }),
        ...(title !== undefined && { title }),
        ...(jobLevel !== undefined && { jobLevel }),
        ...(hireDate !== undefined && { hireDate }),
        ...(status !== undefined && { status }),
        department,
        // Filled in below once every row's number is known (managers may come later in the file).
        ...(managerCell !== undefined && { managerNo: null }),
      });
    }
  }

  // E-mails already used by someone else in Perfloop (unless this file moves that person's address).
  const noOfRow = new Map(rows.map((r) => [r.rowNumber, cell(r, 'employeeNo') ?? '']));
  const fileEmailOfNo = new Map<string, string | null | undefined>();
  for (const p of planned) fileEmailOfNo.set(p.employeeNo, p.email);
  for (const existing of input.existingEmployees) {
    if (!existing.email) continue;
    const newEmail = fileEmailOfNo.has(existing.employeeNo)
      ? fileEmailOfNo.get(existing.employeeNo)
      : undefined;
    const keepsEmail = newEmail === undefined ? true : newEmail === existing.email;
    if (!keepsEmail) continue;
    const row = firstRowOfEmail.get(existing.email);
    if (row !== undefined && noOfRow.get(row) !== existing.employeeNo)
      errors.add(row, column('email'), 'email', 'email_taken', {
        value: existing.email,
        other: existing.employeeNo,
      });
  }

  // Managers: by employee number (in the file, also rows further down, or in Perfloop), else a unique name.
  const numbers = new Set<string>([...firstRowOfNo.keys(), ...existingByNo.keys()]);
  const namesToNos = new Map<string, Set<string>>();
  const addName = (name: string, no: string) => {
    const set = namesToNos.get(name) ?? new Set<string>();
    set.add(no);
    namesToNos.set(name, set);
  };
  for (const e of input.existingEmployees) addName(e.name, e.employeeNo);
  for (const row of rows) {
    const no = cell(row, 'employeeNo');
    const name = cell(row, 'name');
    if (no && name) addName(name, no);
  }
  const plannedByRow = new Map(planned.map((p) => [p.rowNumber, p]));
  const managerOfNo = new Map<string, string | null>();
  for (const e of input.existingEmployees) managerOfNo.set(e.employeeNo, null);
  const existingById = new Map(input.existingEmployees.map((e) => [e.id, e]));
  for (const e of input.existingEmployees)
    managerOfNo.set(e.employeeNo, e.managerId ? (existingById.get(e.managerId)?.employeeNo ?? null) : null);

  for (const p of planned) if (p.managerNo !== undefined) managerOfNo.set(p.employeeNo, null);
  for (const { row, value } of managerCells) {
    const employeeNo = cell(row, 'employeeNo') ?? '';
    let managerNo: string | null = null;
    if (numbers.has(value)) managerNo = value;
    else {
      const byName = namesToNos.get(value);
      if (byName && byName.size === 1) managerNo = [...byName][0] ?? null;
      else if (byName && byName.size > 1) {
        errors.add(row.rowNumber, column('manager'), 'manager', 'ambiguous_manager', { value });
        continue;
      }
    }
    if (managerNo === null) {
      errors.add(row.rowNumber, column('manager'), 'manager', 'unknown_manager', { value });
      continue;
    }
    if (managerNo === employeeNo) {
      errors.add(row.rowNumber, column('manager'), 'manager', 'self_manager');
      continue;
    }
    const plan = plannedByRow.get(row.rowNumber);
    if (plan) {
      plan.managerNo = managerNo;
      managerOfNo.set(employeeNo, managerNo);
    }
  }

  // The reporting line after the import must be a forest: find every cycle once.
  const rowOfNo = new Map(planned.map((p) => [p.employeeNo, p.rowNumber]));
  for (const cycle of findManagerCycles(managerOfNo)) {
    const label = [...cycle, cycle[0]].join(' → ');
    for (const no of cycle) {
      const row = rowOfNo.get(no);
      if (row !== undefined) errors.add(row, column('manager'), 'manager', 'manager_cycle', { value: label });
    }
  }

  if (errors.errors.length > 0) {
    errors.errors.sort((a, b) => a.row - b.row);
    return { ok: false, errors: errors.errors };
  }

  const newKeys = new Set<string>();
  for (const p of planned) if ('newKey' in p.department) newKeys.add(p.department.newKey);
  const newDepartments = planNewDepartments(newKeys);
  const created = planned.filter((p) => p.existingId === null).length;
  // Re-importing the roster HR exports every month changes only the people it changes.
  const changing = planned.filter((p) => !writesWhatIsStored(p, existingByNo));
  return {
    ok: true,
    plan: {
      employees: changing,
      newDepartments,
      created,
      updated: changing.length - created,
      unchanged: planned.length - changing.length,
    },
  };
}

/**
 * Whether a planned row would write exactly what is stored for that person: every mapped field
 * equal (an unmapped one is left as it is), the same department, and the same manager (one created
 * by this import is a change).
 */
function writesWhatIsStored(
  p: PlannedEmployee,
  existingByNo: ReadonlyMap<string, ExistingEmployee>,
): boolean {
  const stored = existingByNo.get(p.employeeNo);
  if (!stored) return false;
  const keeps = <T>(planned: T | undefined, current: T) => planned === undefined || planned === current;
  const managerId =
    p.managerNo === undefined
      ? stored.managerId
      : p.managerNo === null
        ? null
        : existingByNo.get(p.managerNo)?.id;
  return (
    p.name === stored.name &&
    'id' in p.department &&
    p.department.id === stored.departmentId &&
    keeps(p.email, stored.email) &&
    keeps(p.title, stored.title) &&
    keeps(p.jobLevel, stored.jobLevel) &&
    keeps(p.hireDate, stored.hireDate) &&
    keeps(p.status, stored.status) &&
    managerId === stored.managerId
  );
}

/** Every cycle in a manager map (employee → manager), each listed once, in reporting order. */
export function findManagerCycles(managerOf: ReadonlyMap<string, string | null>): string[][] {
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  for (const start of managerOf.keys()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const onPath = new Map<string, number>();
    let node: string | null | undefined = start;
    while (node && !state.has(node)) {
      state.set(node, 'visiting');
      onPath.set(node, path.length);
      path.push(node);
      node = managerOf.get(node) ?? null;
    }
    if (node && state.get(node) === 'visiting') {
      const from = onPath.get(node);
      if (from !== undefined) cycles.push(path.slice(from));
    }
    for (const n of path) state.set(n, 'done');
  }
  return cycles;
}
