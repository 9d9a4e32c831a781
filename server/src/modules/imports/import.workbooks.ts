import { PassThrough } from 'node:stream';
import {
  IMPORT_FIELDS,
  IMPORT_HEADERS,
  type ImportRowError,
  type Locale,
  neutraliseCell,
} from '@perfloop/core';
import type ExcelJS from 'exceljs';
import { excel } from '../../shared/excel.ts';

async function toBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The header row stays in view. */
const FROZEN_HEADER: Partial<ExcelJS.WorksheetView>[] = [{ state: 'frozen', ySplit: 1 }];

function styleHeaderRow(header: ExcelJS.Row) {
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F4FF' } };
}

function styleHeader(sheet: ExcelJS.Worksheet) {
  styleHeaderRow(sheet.getRow(1));
  sheet.views = FROZEN_HEADER;
}

/** The import template: the Chinese headers (or English), one example row, and a help sheet. */
export async function buildTemplate(locale: Locale): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  const sheet = workbook.addWorksheet(locale === 'zh-CN' ? '员工' : 'Employees');
  sheet.columns = IMPORT_FIELDS.map((f) => ({ header: IMPORT_HEADERS[f][locale], key: f, width: 18 }));
  sheet.addRow({
    employeeNo: 'E1001',
    name: locale === 'zh-CN' ? '张三' : 'Zhang San',
    email: 'zhangsan@example.com',
    title: locale === 'zh-CN' ? '销售经理' : 'Sales manager',
    jobLevel: 'M1',
    department: locale === 'zh-CN' ? '销售部/华东区' : 'Sales/East',
    manager: 'E1000',
    hireDate: '2023-07-01',
    status: locale === 'zh-CN' ? '在职' : 'active',
  });
  styleHeader(sheet);
  const help = workbook.addWorksheet(locale === 'zh-CN' ? '说明' : 'Help');
  const lines =
    locale === 'zh-CN'
      ? [
          '工号、姓名、部门为必填；按工号新增或更新（工号已存在则更新）。',
          '部门填写从公司往下的路径，用 / 分隔，例如 销售部/华东区；不存在的部门会自动创建。也可填写部门编码。',
          '直属上级填写上级的工号（或唯一的姓名），上级可以出现在同一文件的后面几行。',
          '入职日期格式 YYYY-MM-DD；状态填写 在职 或 离职。',
          '整个文件一次导入：任何一行有错，都不会导入任何数据，并给出逐行错误报告。',
        ]
      : [
          'Employee No, Name and Department are required; rows are matched by Employee No (existing ones are updated).',
          'Department is the path below the company, separated by /, e.g. Sales/East; missing departments are created. A department code works too.',
          "Manager is the manager's employee number (or unique name); the manager may appear further down the same file.",
          'Hire date as YYYY-MM-DD; status active or left.',
          'The file imports as a whole: if any row is wrong, nothing is imported and every bad row is reported.',
        ];
  for (const line of lines) help.addRow([line]);
  help.getColumn(1).width = 120;
  return toBuffer(workbook);
}

/** Exports employees in the template layout, so an export can be edited and imported back. */
export type ExportRow = {
  employeeNo: string;
  name: string;
  email: string | null;
  title: string | null;
  jobLevel: string | null;
  departmentPath: string;
  managerNo: string | null;
  hireDate: string | null;
  status: 'active' | 'left';
};

/**
 * Written with ExcelJS's streaming writer: each row goes to the zip as it is added, where the
 * document model kept every cell of 100,000 people as objects until the end.
 */
export async function buildEmployeeExport(rows: readonly ExportRow[], locale: Locale): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new (await excel()).stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: true,
  });
  // The streaming writer writes a sheet's views when the sheet is added: they cannot be set after.
  const sheet = workbook.addWorksheet(locale === 'zh-CN' ? '员工' : 'Employees', { views: FROZEN_HEADER });
  sheet.columns = IMPORT_FIELDS.map((f) => ({ header: IMPORT_HEADERS[f][locale], key: f, width: 18 }));
  styleHeaderRow(sheet.getRow(1));
  const statusLabel = (s: string) => (locale === 'zh-CN' ? (s === 'active' ? '在职' : '离职') : s);
  const text = (v: string | null) => (v === null ? '' : neutraliseCell(v));
  for (const e of rows)
    sheet
      .addRow({
        employeeNo: text(e.employeeNo),
        name: text(e.name),
        email: text(e.email),
        title: text(e.title),
        jobLevel: text(e.jobLevel),
        department: text(e.departmentPath),
        manager: text(e.managerNo),
        hireDate: e.hireDate ?? '',
        status: statusLabel(e.status),
      })
      .commit();
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

/** The per-row error report as a workbook: row, column, value's field and the reason in both languages. */
export async function buildErrorReport(errors: readonly ImportRowError[]): Promise<Buffer> {
  const workbook = new (await excel()).Workbook();
  const sheet = workbook.addWorksheet('错误报告 Errors');
  sheet.columns = [
    { header: '行 Row', key: 'row', width: 10 },
    { header: '列 Column', key: 'column', width: 18 },
    { header: '原因', key: 'zh', width: 60 },
    { header: 'Reason', key: 'en', width: 60 },
  ];
  sheet.addRows(
    errors.map((e) => ({
      row: e.row,
      column: neutraliseCell(e.column),
      zh: neutraliseCell(e.messages['zh-CN']),
      en: neutraliseCell(e.messages['en-US']),
    })),
  );
  styleHeader(sheet);
  return toBuffer(workbook);
}
