import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../http/errors.ts';
import { decodeText, detectFileType, parseSpreadsheet } from './import.parser.ts';

async function xlsx(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('s');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : 'other';
  }
  return undefined;
}

describe('parseSpreadsheet', () => {
  it('reads 20,000 Chinese rows of an .xlsx without damaging a single character', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => [`E${i}`, `员工欧阳${i}`, `研发部/团队${i % 40}`]);
    const sheet = await parseSpreadsheet('xlsx', await xlsx([['工号', '姓名', '部门'], ...rows]));
    expect(sheet.rows).toHaveLength(20_000);
    const damaged = sheet.rows.filter((r, i) => r.cells.姓名 !== rows[i]![1] || r.cells.部门 !== rows[i]![2]);
    expect(damaged).toEqual([]);
  });

  it('keeps a formula cell as "=…" so validation can refuse it, and dates as YYYY-MM-DD', async () => {
    const sheet = await parseSpreadsheet(
      'xlsx',
      await xlsx([
        ['工号', '姓名', '入职日期'],
        ['E1', { formula: 'A1&"x"', result: 'E1x' }, new Date(Date.UTC(2024, 6, 1))],
      ]),
    );
    expect(sheet.rows[0]?.cells).toEqual({ 工号: 'E1', 姓名: '=A1&"x"', 入职日期: '2024-07-01' });
    expect(sheet.rows[0]?.rowNumber).toBe(2);
  });

  it('numbers CSV rows as a spreadsheet does (header is row 1) and skips blank lines', async () => {
    const sheet = await parseSpreadsheet('csv', Buffer.from('工号,姓名\n\nE1,甲\n,\nE2,"乙, 丙"\n'));
    expect(sheet.rows.map((r) => [r.rowNumber, r.cells.姓名])).toEqual([
      [3, '甲'],
      [5, '乙, 丙'],
    ]);
  });
});

describe('decodeText', () => {
  it('reads UTF-8 with and without a BOM, and GBK', () => {
    expect(decodeText(Buffer.from('\uFEFF张三'))).toBe('张三');
    expect(decodeText(Buffer.from('张三'))).toBe('张三');
    expect(decodeText(iconv.encode('工号,姓名\n1,诸葛亮', 'gbk'))).toBe('工号,姓名\n1,诸葛亮');
  });
  it('calls mostly-UTF-8 text with a broken sequence broken, not GBK', () => {
    const broken = Buffer.concat([
      Buffer.from('工号,姓名\n1,张'),
      Buffer.from([0xe5, 0x28]),
      Buffer.from('三\n'),
    ]);
    expect(codeOf(() => decodeText(broken))).toBe('import.bad_encoding');
  });
});

describe('detectFileType', () => {
  it('trusts the content, not the name', () => {
    expect(codeOf(() => detectFileType('a.xlsx', Buffer.from('not a zip')))).toBe('import.unsupported_type');
    expect(codeOf(() => detectFileType('a.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04])))).toBe(
      'import.unsupported_type',
    );
    expect(codeOf(() => detectFileType('a.docx', Buffer.from('x')))).toBe('import.unsupported_type');
    expect(detectFileType('A.XLSX', Buffer.from([0x50, 0x4b, 0x03, 0x04]))).toBe('xlsx');
  });
});
