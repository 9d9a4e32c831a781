import type { ErrorCode } from './errors.ts';

export type Locale = 'zh-CN' | 'en-US';

type Catalog = Record<string, { 'zh-CN': string; 'en-US': string }>;

/** Messages for API error codes, shared by the server (problem titles) and the web UI. */
export const ERROR_MESSAGES: Record<ErrorCode, { 'zh-CN': string; 'en-US': string }> = {
  'validation.failed': { 'zh-CN': '输入有误，请检查标出的字段', 'en-US': 'Some fields are invalid' },
  'auth.unauthenticated': { 'zh-CN': '请先登录', 'en-US': 'Please sign in' },
  'auth.invalid_credentials': { 'zh-CN': '账号或密码错误', 'en-US': 'Wrong login or password' },
  'auth.rate_limited': {
    'zh-CN': '尝试次数过多，请稍后再试',
    'en-US': 'Too many attempts, please try again later',
  },
  'auth.tenant_required': {
    'zh-CN': '该账号存在于多个公司，请填写公司标识',
    'en-US': 'This login exists in several companies; please give the company',
  },
  'auth.wrong_password': { 'zh-CN': '当前密码不正确', 'en-US': 'The current password is wrong' },
  'auth.origin_mismatch': { 'zh-CN': '请求来源不被允许', 'en-US': 'Request origin not allowed' },
  forbidden: { 'zh-CN': '没有权限执行此操作', 'en-US': 'You are not allowed to do this' },
  not_found: { 'zh-CN': '记录不存在', 'en-US': 'Not found' },
  'precondition.required': {
    'zh-CN': '缺少版本信息（If-Match），请刷新后重试',
    'en-US': 'If-Match is required; reload and try again',
  },
  'precondition.failed': {
    'zh-CN': '数据已被他人修改，请刷新后重试',
    'en-US': 'Someone else changed this; reload and try again',
  },
  'department.cycle': {
    'zh-CN': '不能把部门移动到它自己或其下级部门之下',
    'en-US': 'A department cannot move under itself or its own sub-department',
  },
  'department.has_active_members': {
    'zh-CN': '部门下仍有在职员工或未归档的下级部门',
    'en-US': 'The department still has active employees or sub-departments',
  },
  'department.root_exists': {
    'zh-CN': '公司已有顶级部门，请选择上级部门',
    'en-US': 'The company already has a top department; choose a parent',
  },
  'department.code_taken': { 'zh-CN': '部门编码已被使用', 'en-US': 'Department code already in use' },
  'employee.number_taken': { 'zh-CN': '工号已存在', 'en-US': 'Employee number already in use' },
  'employee.email_taken': { 'zh-CN': '邮箱已被使用', 'en-US': 'E-mail already in use' },
  'employee.login_taken': { 'zh-CN': '登录名已被使用', 'en-US': 'Login already in use' },
  'employee.manager_cycle': {
    'zh-CN': '上级不能是本人的下属（汇报关系成环）',
    'en-US': 'A manager may not report to their own report',
  },
  'employee.self_manager': { 'zh-CN': '不能把本人设为上级', 'en-US': 'An employee cannot manage themself' },
  'employee.department_archived': { 'zh-CN': '部门已归档', 'en-US': 'The department is archived' },
  'token.expired': { 'zh-CN': '令牌已过期或已撤销', 'en-US': 'The token is expired or revoked' },
  'token.scope_missing': {
    'zh-CN': '令牌没有此操作所需的权限范围',
    'en-US': 'The token lacks the scope for this',
  },
  'import.file_too_large': { 'zh-CN': '文件过大', 'en-US': 'The file is too large' },
  'import.unsupported_type': {
    'zh-CN': '不支持的文件类型，请上传 .xlsx 或 .csv',
    'en-US': 'Unsupported file type; upload .xlsx or .csv',
  },
  'import.empty_file': { 'zh-CN': '文件中没有数据行', 'en-US': 'The file has no data rows' },
  'import.bad_encoding': {
    'zh-CN': '文件编码损坏，无法识别为 UTF-8 或 GBK',
    'en-US': 'The file is not valid UTF-8 or GBK text',
  },
  'import.too_many_rows': { 'zh-CN': '行数超过上限', 'en-US': 'Too many rows' },
  'import.invalid': {
    'zh-CN': '文件中有错误行，未导入任何数据',
    'en-US': 'The file has bad rows; nothing was imported',
  },
  'import.not_ready': {
    'zh-CN': '导入任务当前状态不允许此操作',
    'en-US': 'The import is not in a state that allows this',
  },
  'import.mapping_incomplete': {
    'zh-CN': '必填字段尚未对应到文件中的列',
    'en-US': 'Required fields are not mapped to a column',
  },
  'setup.already_done': { 'zh-CN': '系统已初始化', 'en-US': 'Setup has already been done' },
  internal: { 'zh-CN': '服务器内部错误', 'en-US': 'Internal server error' },
};

/** Messages for per-field and per-row codes (validation and import reports). */
export const FIELD_MESSAGES: Catalog = {
  required: { 'zh-CN': '必填', 'en-US': 'is required' },
  too_long: { 'zh-CN': '过长（最多 {max} 个字符）', 'en-US': 'is too long (at most {max} characters)' },
  too_short: { 'zh-CN': '过短（至少 {min} 个字符）', 'en-US': 'is too short (at least {min} characters)' },
  invalid_email: { 'zh-CN': '邮箱格式不正确', 'en-US': 'is not a valid e-mail address' },
  invalid_date: { 'zh-CN': '日期格式应为 YYYY-MM-DD', 'en-US': 'must be a date YYYY-MM-DD' },
  invalid_number: {
    'zh-CN': '工号只能包含字母、数字、-、_',
    'en-US': 'may only hold letters, digits, - and _',
  },
  invalid_status: {
    'zh-CN': '状态应为 在职/离职（active/left）',
    'en-US': 'must be active or left (在职/离职)',
  },
  invalid_value: { 'zh-CN': '取值无效', 'en-US': 'is not a valid value' },
  duplicate_number: {
    'zh-CN': '工号 {value} 在文件中重复（另见第 {other} 行）',
    'en-US': 'employee number {value} appears twice in the file (also row {other})',
  },
  duplicate_email: {
    'zh-CN': '邮箱 {value} 在文件中重复（另见第 {other} 行）',
    'en-US': 'e-mail {value} appears twice in the file (also row {other})',
  },
  email_taken: {
    'zh-CN': '邮箱 {value} 已被工号 {other} 使用',
    'en-US': 'e-mail {value} is already used by employee {other}',
  },
  unknown_manager: {
    'zh-CN': '找不到上级 {value}（既不在文件中也不在系统中）',
    'en-US': 'manager {value} is neither in the file nor in Perfloop',
  },
  ambiguous_manager: {
    'zh-CN': '上级姓名 {value} 对应多人，请改填工号',
    'en-US': 'manager name {value} matches several people; use the employee number',
  },
  self_manager: { 'zh-CN': '不能把本人设为上级', 'en-US': 'an employee cannot manage themself' },
  manager_cycle: {
    'zh-CN': '汇报关系成环：{value}',
    'en-US': 'the reporting line forms a cycle: {value}',
  },
  unknown_department: { 'zh-CN': '找不到部门 {value}', 'en-US': 'department {value} not found' },
  department_archived: { 'zh-CN': '部门 {value} 已归档', 'en-US': 'department {value} is archived' },
  invalid_time_zone: {
    'zh-CN': '不是有效的时区（例如 Asia/Shanghai）',
    'en-US': 'is not a time zone (e.g. Asia/Shanghai)',
  },
  formula: {
    'zh-CN': '单元格内容以 = + - @ 开头或是公式，出于安全原因拒绝导入',
    'en-US': 'the cell starts with = + - @ or is a formula; refused for safety',
  },
  password_weak: {
    'zh-CN': '密码至少 10 位，且需同时包含字母和数字',
    'en-US': 'must be at least 10 characters with letters and digits',
  },
  broken_text: {
    'zh-CN': '包含无法识别的字符（编码损坏）',
    'en-US': 'holds characters that are not valid text (broken encoding)',
  },
};

/** Fills `{name}` placeholders. */
export function formatMessage(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    return value === undefined ? whole : String(value);
  });
}

export function describeFieldError(
  code: string,
  locale: Locale,
  params: Record<string, string | number> = {},
): string {
  const entry = FIELD_MESSAGES[code];
  if (!entry) return code;
  return formatMessage(entry[locale], params);
}
