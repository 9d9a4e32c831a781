import type { ErrorCode } from './errors.ts';

export type Locale = 'zh-CN' | 'en-US';

/** One message in both languages. */
export type LocalizedText = { 'zh-CN': string; 'en-US': string };

/** Messages for API error codes, shared by the server (problem titles) and the web UI. */
export const ERROR_MESSAGES: Record<ErrorCode, LocalizedText> = {
  'validation.failed': { 'zh-CN': '输入有误，请检查标出的字段', 'en-US': 'Some fields are invalid' },
  'validation.invalid_text': {
    'zh-CN': '输入中含有无法保存的字符（空字符或不完整的 Unicode 字符）',
    'en-US': 'The input holds characters that cannot be stored (NUL or a broken Unicode character)',
  },
  'request.malformed': {
    'zh-CN': '请求格式不正确，无法解析',
    'en-US': 'The request is malformed and cannot be read',
  },
  'reference.not_found': {
    'zh-CN': '引用的记录不存在',
    'en-US': 'A referenced record does not exist',
  },
  'reference.taken': {
    'zh-CN': '该值已被其他记录使用',
    'en-US': 'This value is already used by another record',
  },
  'reference.in_use': {
    'zh-CN': '该记录仍被其他记录引用，不能删除或修改',
    'en-US': 'The record is still referred to by others',
  },
  'webhook.private_address': {
    'zh-CN': '不允许向内网、本机或链路本地地址发送通知',
    'en-US': 'Notifications may not be sent to loopback, link-local or private addresses',
  },
  'auth.unauthenticated': { 'zh-CN': '请先登录', 'en-US': 'Please sign in' },
  'auth.invalid_credentials': { 'zh-CN': '账号或密码错误', 'en-US': 'Wrong login or password' },
  'server.busy': {
    'zh-CN': '服务器正忙，请稍后重试',
    'en-US': 'The server is busy, please try again in a moment',
  },
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
  'cycle.closed': {
    'zh-CN': '考核周期已关闭，只能查看',
    'en-US': 'The cycle is closed and read-only',
  },
  'cycle.invalid_transition': {
    'zh-CN': '考核周期当前状态不允许此操作',
    'en-US': 'The cycle is not in a state that allows this',
  },
  'cycle.has_goals': {
    'zh-CN': '考核周期下已有目标，不能删除',
    'en-US': 'The cycle has goals and cannot be deleted',
  },
  'goal.weights_not_100': {
    'zh-CN': '本周期内目标权重合计必须恰好为 100%',
    'en-US': 'The goal weights of one owner in a cycle must sum to exactly 100%',
  },
  'goal.not_editable': {
    'zh-CN': '目标已提交或已通过，不能直接修改；已通过的目标请发起目标修订',
    'en-US': 'This goal is submitted or approved; approved goals change through a revision request',
  },
  'goal.invalid_transition': {
    'zh-CN': '目标当前状态不允许此操作',
    'en-US': 'The goal is not in a state that allows this',
  },
  'goal.alignment_invalid': {
    'zh-CN': '不能对齐到此目标（不同周期、自身或下级目标）',
    'en-US': 'The goal cannot align there (another cycle, itself, or one of its own sub-goals)',
  },
  'goal.external_key_taken': {
    'zh-CN': '外部编码已被其他关键成果使用',
    'en-US': 'The external key is already used by another key result',
  },
  'goal.not_approved': {
    'zh-CN': '目标尚未通过审批，不能更新进展或发起修订',
    'en-US': 'The goal is not approved yet; check-ins and revisions need an approved goal',
  },
  'goal.no_targets': {
    'zh-CN': '所选范围内没有可以分配目标的员工',
    'en-US': 'Nobody in the chosen group can receive the goal',
  },
  'revision.open_exists': {
    'zh-CN': '该目标已有一个进行中的修订申请',
    'en-US': 'This goal already has an open revision request',
  },
  'revision.not_awaiting': {
    'zh-CN': '该修订申请当前不在等待此审批',
    'en-US': 'This revision request is not waiting for this decision',
  },
  'revision.invalid_change': {
    'zh-CN': '修订内容与目标不符（例如关键成果不属于该目标）',
    'en-US': 'The proposed change does not fit the goal (e.g. a key result of another goal)',
  },
  'idempotency.conflict': {
    'zh-CN': '同一个 Idempotency-Key 已用于不同的请求',
    'en-US': 'This Idempotency-Key was already used for a different request',
  },
  'review_template.invalid': {
    'zh-CN': '评估模板有误，请检查标出的字段',
    'en-US': 'The review template is invalid; check the marked fields',
  },
  'review_cycle.invalid_transition': {
    'zh-CN': '评估活动当前状态不允许此操作',
    'en-US': 'The review round is not in a state that allows this',
  },
  'review_cycle.no_participants': {
    'zh-CN': '所选范围内没有可以参加评估的在职员工',
    'en-US': 'Nobody active is in the chosen population',
  },
  'review_cycle.not_open': {
    'zh-CN': '评估活动未开始或已结束',
    'en-US': 'The review round is not open',
  },
  'review.not_editable': {
    'zh-CN': '该评估已提交或评估阶段已结束，不能再修改',
    'en-US': 'This review was submitted or its round is closed; it cannot change',
  },
  'review.not_submitted': {
    'zh-CN': '该评估尚未提交，无需重新打开',
    'en-US': 'This review has not been submitted, so there is nothing to reopen',
  },
  'nomination.not_open': {
    'zh-CN': '当前不能提名或审批评估人（已审批或评估阶段已结束）',
    'en-US': 'Reviewers cannot be nominated or approved now (already approved, or the round is closed)',
  },
};

/**
 * Messages for per-field and per-row codes (`errors[]` of a problem, import reports, form
 * rules). Its keys are the `FieldErrorCode` union: a code the server or a schema uses must be
 * added here, in both languages, before it compiles (and `field-error-codes.test.ts` greps the
 * zod messages, which TypeScript cannot see).
 */
export const FIELD_MESSAGES = {
  required: { 'zh-CN': '必填', 'en-US': 'is required' },
  too_long: { 'zh-CN': '过长（最多 {max} 个字符）', 'en-US': 'is too long (at most {max} characters)' },
  too_short: { 'zh-CN': '过短（至少 {min} 个字符）', 'en-US': 'is too short (at least {min} characters)' },
  invalid_email: { 'zh-CN': '邮箱格式不正确', 'en-US': 'is not a valid e-mail address' },
  invalid_date: { 'zh-CN': '日期格式应为 YYYY-MM-DD', 'en-US': 'must be a date YYYY-MM-DD' },
  date_out_of_range: {
    'zh-CN': '日期应在 1900-01-01 至 9999-12-31 之间',
    'en-US': 'must be a date from 1900-01-01 to 9999-12-31',
  },
  invalid_number: {
    'zh-CN': '工号只能包含字母、数字、-、_',
    'en-US': 'may only hold letters, digits, - and _',
  },
  invalid_status: {
    'zh-CN': '状态应为 在职/离职（active/left）',
    'en-US': 'must be active or left (在职/离职)',
  },
  invalid_value: { 'zh-CN': '取值无效', 'en-US': 'is not a valid value' },
  invalid_cursor: {
    'zh-CN': '分页游标无效，请从第一页重新加载',
    'en-US': 'is not a cursor of this list; load the first page again',
  },
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
  missing_column: { 'zh-CN': '缺少必需的列“{value}”', 'en-US': 'the required column “{value}” is missing' },
  unknown_employee: { 'zh-CN': '找不到工号 {value}', 'en-US': 'no employee with number {value}' },
  not_in_reach: {
    'zh-CN': '无权为工号 {value} 设定目标',
    'en-US': 'you may not set goals for employee {value}',
  },
  invalid_goal_kind: { 'zh-CN': '目标类型应为 OKR 或 KPI', 'en-US': 'must be OKR or KPI' },
  invalid_kr_kind: { 'zh-CN': '成果类型应为 数值 或 里程碑', 'en-US': 'must be metric or milestone' },
  invalid_direction: {
    'zh-CN': '方向应为 提升/降低/不低于/不高于',
    'en-US': 'must be increase, decrease, at_least or at_most',
  },
  invalid_weight: {
    'zh-CN': '权重应为 0–100 的百分比，最多两位小数',
    'en-US': 'must be a percentage from 0 to 100 with at most two decimals',
  },
  not_a_number: { 'zh-CN': '应为数字', 'en-US': 'must be a number' },
  number_out_of_range: {
    'zh-CN': '数值应为 0，或绝对值在 0.000001 至 1,000,000,000,000 之间',
    'en-US': 'must be 0 or a number from 0.000001 to 1,000,000,000,000 in size (either sign)',
  },
  // Key results, review-template dimensions, items and rater types: the field path says which.
  weights_not_100: {
    'zh-CN': '权重合计必须恰好为 100%',
    'en-US': 'the weights must sum to exactly 100%',
  },
  kr_weights_sum: {
    'zh-CN': '目标“{value}”的关键成果权重合计为 {other}%，应恰好为 100%',
    'en-US': 'the key results of “{value}” weigh {other}% in total; they must sum to exactly 100%',
  },
  kpi_one_key_result: { 'zh-CN': 'KPI 目标只能有一个指标', 'en-US': 'a KPI has exactly one indicator' },
  goal_rows_apart: {
    'zh-CN': '目标“{value}”的行不连续（另见第 {other} 行），同一目标的关键成果请放在相邻行',
    'en-US':
      'the rows of goal “{value}” are not together (also row {other}); keep a goal’s key results on adjacent rows',
  },
  invalid_external_key: {
    'zh-CN': '外部编码只能包含字母、数字和 . _ : / -',
    'en-US': 'may only hold letters, digits and . _ : / -',
  },
  external_key_taken: {
    'zh-CN': '外部编码 {value} 已被使用',
    'en-US': 'external key {value} is already used',
  },
  duplicate_external_key: {
    'zh-CN': '外部编码在本目标中重复',
    'en-US': 'an external key appears twice in this goal',
  },
  duplicate_external_key_row: {
    'zh-CN': '外部编码 {value} 在文件中重复（另见第 {other} 行）',
    'en-US': 'external key {value} appears twice in the file (also row {other})',
  },
  end_before_start: { 'zh-CN': '结束日期早于开始日期', 'en-US': 'ends before it starts' },
  phase_outside_cycle: {
    'zh-CN': '阶段开始日期过早（最多早于周期开始 31 天）',
    'en-US': 'starts too early (at most 31 days before the cycle)',
  },
  phase_order: {
    'zh-CN': '阶段顺序不对：应晚于上一个阶段开始',
    'en-US': 'must not start before the previous phase',
  },
  invalid_confidence: { 'zh-CN': '信心指数应为 1–10 的整数', 'en-US': 'must be a whole number from 1 to 10' },
  too_many: { 'zh-CN': '数量过多', 'en-US': 'has too many entries' },
  invalid_text: {
    'zh-CN': '含有无法保存的字符（空字符或不完整的 Unicode 字符）',
    'en-US': 'holds characters that cannot be stored (NUL or a broken Unicode character)',
  },
  taken: { 'zh-CN': '已被其他记录使用', 'en-US': 'is already used by another record' },
  in_use: { 'zh-CN': '仍被其他记录引用', 'en-US': 'is still referred to by other records' },
  private_address: {
    'zh-CN': '不能是内网、本机或链路本地地址',
    'en-US': 'may not be a loopback, link-local or private address',
  },
  broken_text: {
    'zh-CN': '包含无法识别的字符（编码损坏）',
    'en-US': 'holds characters that are not valid text (broken encoding)',
  },
  not_found: { 'zh-CN': '不存在或无权查看', 'en-US': 'was not found or is not visible to you' },
  same_person: { 'zh-CN': '不能是本人', 'en-US': 'cannot be yourself (the same person)' },
  immutable: { 'zh-CN': '创建后不能修改', 'en-US': 'cannot be changed once created' },
  future_date: { 'zh-CN': '不能是未来的日期', 'en-US': 'cannot be a date in the future' },
  invalid_id: { 'zh-CN': '编号格式不正确', 'en-US': 'is not a valid id' },
  invalid_url: {
    'zh-CN': '应为 http:// 或 https:// 开头的网址',
    'en-US': 'must be a URL starting with http:// or https://',
  },
  invalid_datetime: {
    'zh-CN': '时间格式不正确（应为带时区的 ISO 8601 时间）',
    'en-US': 'must be an ISO 8601 time with an offset',
  },
  // zod's own issue codes: what a field gets when its schema names no code of ours.
  invalid_type: { 'zh-CN': '类型不正确', 'en-US': 'has the wrong type' },
  too_small: { 'zh-CN': '过小或过短', 'en-US': 'is too small or too short' },
  too_big: { 'zh-CN': '过大或过长', 'en-US': 'is too big or too long' },
  invalid_format: { 'zh-CN': '格式不正确', 'en-US': 'has the wrong format' },
  not_multiple_of: { 'zh-CN': '数值的精度不正确', 'en-US': 'is not an allowed step' },
  unrecognized_keys: { 'zh-CN': '包含不认识的字段', 'en-US': 'holds fields that are not known' },
  invalid_union: { 'zh-CN': '不符合任何一种允许的格式', 'en-US': 'matches none of the allowed forms' },
  invalid_key: { 'zh-CN': '包含无效的键', 'en-US': 'holds an invalid key' },
  invalid_element: { 'zh-CN': '包含无效的元素', 'en-US': 'holds an invalid element' },
  custom: { 'zh-CN': '取值无效', 'en-US': 'is not a valid value' },
  too_few: { 'zh-CN': '数量不足', 'en-US': 'has too few entries' },
  min_above_max: { 'zh-CN': '最小值不能大于最大值', 'en-US': 'the minimum is above the maximum' },
  duplicate: { 'zh-CN': '与其他项重复', 'en-US': 'is a duplicate' },
  attainment_has_no_items: {
    'zh-CN': '按目标达成率计算的维度不能包含评分项',
    'en-US': 'a dimension computed from goal attainment has no items',
  },
  anchors_per_level: {
    'zh-CN': '行为锚定的数量必须与评分等级数相同',
    'en-US': 'needs one behaviour anchor per rating level',
  },
  one_attainment_dimension: {
    'zh-CN': '只能有一个按目标达成率计算的维度',
    'en-US': 'only one dimension may be computed from goal attainment',
  },
  invalid_rating: {
    'zh-CN': '评分必须是评分等级中的整数',
    'en-US': 'must be a whole level of the rating scale',
  },
  unknown_item: { 'zh-CN': '模板中没有此评分项', 'en-US': 'is not an item of the template' },
  comment_required: {
    'zh-CN': '最高或最低评分需要填写评语说明',
    'en-US': 'a rating at the top or bottom of the scale needs a comment',
  },
  nothing_rated: { 'zh-CN': '请至少为一项打分', 'en-US': 'rate at least one item' },
  nominations_count: {
    'zh-CN': '提名人数应在 {min} 至 {max} 人之间',
    'en-US': 'nominate from {min} to {max} people',
  },
  not_a_peer: {
    'zh-CN': '不能提名本人或直属上级（上级已参与评估）',
    'en-US': 'cannot be yourself or your manager (the manager reviews already)',
  },
  same_department: {
    'zh-CN': '跨部门协作者必须来自其他部门',
    'en-US': 'a cross-department collaborator must work in another department',
  },
  unknown_goal: { 'zh-CN': '不是被评估人本周期的目标', 'en-US': 'is not a goal of the ratee in this cycle' },
  template_required: { 'zh-CN': '终期评估需要选择评估模板', 'en-US': 'a final review needs a template' },
  archived: { 'zh-CN': '已归档，不能使用', 'en-US': 'is archived and cannot be used' },
} satisfies Record<string, LocalizedText>;

/** Every code a field or an import row can carry; each has a message in both languages. */
export type FieldErrorCode = keyof typeof FIELD_MESSAGES;

export const FIELD_ERROR_CODES = Object.keys(FIELD_MESSAGES) as FieldErrorCode[];

export function isFieldErrorCode(code: string): code is FieldErrorCode {
  return Object.hasOwn(FIELD_MESSAGES, code);
}

/** Fills `{name}` placeholders. */
export function formatMessage(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => {
    const value = params[key];
    return value === undefined ? whole : String(value);
  });
}

export function describeFieldError(
  code: FieldErrorCode,
  locale: Locale,
  params: Record<string, string | number> = {},
): string {
  return formatMessage(FIELD_MESSAGES[code][locale], params);
}
