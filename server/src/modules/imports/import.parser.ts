import type { RawRow } from '@perfloop/core';
import { parse as parseCsv } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../../http/errors.ts';
import { excel } from '../../shared/excel.ts';

export const MAX_IMPORT_ROWS = 200_000;

export type ParsedSheet = { headers: string[]; rows: RawRow[] };
export type FileType = 'xlsx' | 'csv';

/** Decides the type from the content, not the name: xlsx is a zip ("PK\x03\x04"). */
export function detectFileType(fileName: string, bytes: Uint8Array): FileType {
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.xlsx')) {
    if (!isZip)
      throw new AppError('import.unsupported_type', 'The file is named .xlsx but is not an Excel workbook');
    return 'xlsx';
  }
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) {
    if (isZip || bytes.includes(0))
      throw new AppError('import.unsupported_type', 'The file is named .csv but is not text');
    return 'csv';
  }
  throw new AppError('import.unsupported_type', `Unsupported file: ${fileName}`);
}

export async function parseSpreadsheet(type: FileType, bytes: Uint8Array): Promise<ParsedSheet> {
  const sheet = type === 'xlsx' ? await parseXlsx(bytes) : parseCsvText(decodeText(bytes));
  if (sheet.headers.length === 0 || sheet.rows.length === 0) throw new AppError('import.empty_file');
  if (sheet.rows.length > MAX_IMPORT_ROWS)
    throw new AppError('import.too_many_rows', `At most ${MAX_IMPORT_ROWS} rows per file`);
  return sheet;
}

/**
 * UTF-8 (with or without BOM) or, failing that, GBK/GB18030 as saved by Excel on Chinese
 * Windows. Text that is mostly valid UTF-8 with broken sequences is broken UTF-8, not GBK.
 */
export function decodeText(bytes: Uint8Array): string {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    const loose = new TextDecoder('utf-8').decode(body);
    const broken = (loose.match(/\uFFFD/g) ?? []).length;
    // Multi-byte characters that did decode: GBK text almost never forms valid UTF-8 sequences.
    const validNonAscii = (loose.match(/[^\p{ASCII}\uFFFD]/gu) ?? []).length;
    if (hasBom || validNonAscii >= broken) {
      const line = loose.slice(0, loose.indexOf('\uFFFD')).split('\n').length;
      throw new AppError('import.bad_encoding', `Broken UTF-8 near line ${line}`);
    }
    const gbk = iconv.decode(Buffer.from(body), 'gb18030');
    if (gbk.includes('\uFFFD')) throw new AppError('import.bad_encoding');
    return gbk;
  }
}

function parseCsvText(text: string): ParsedSheet {
  let records: string[][];
  try {
    // Blank lines are kept (and skipped below) so row numbers match what Excel shows.
    records = parseCsv(text, { relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (error) {
    throw new AppError('import.unsupported_type', `Not a readable CSV file: ${(error as Error).message}`);
  }
  const [headerRow, ...dataRows] = records;
  const headers = normaliseHeaders(headerRow ?? []);
  const rows: RawRow[] = [];
  dataRows.forEach((values, i) => {
    if (values.every((v) => v.trim() === '')) return;
    rows.push({ rowNumber: i + 2, cells: toCells(headers, values) });
  });
  return { headers, rows };
}

function normaliseHeaders(values: readonly string[]): string[] {
  const headers = values.map((h) => h.replace(/^\uFEFF/, '').trim());
  while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
  return headers;
}

function toCells(headers: readonly string[], values: readonly string[]): Record<string, string> {
  const cells: Record<string, string> = {};
  headers.forEach((h, i) => {
    if (h !== '') cells[h] = values[i] ?? '';
  });
  return cells;
}

/** A cell as text. Formulas keep their "=…" so validation refuses them; dates become YYYY-MM-DD. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) {
      const f = value as { formula?: string; sharedFormula?: string };
      return `=${f.formula ?? f.sharedFormula ?? ''}`;
    }
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('hyperlink' in value) return `=HYPERLINK("${value.hyperlink}")`;
    if ('error' in value) return String(value.error);
    if ('text' in value) return String((value as { text: unknown }).text);
  }
  return String(value);
}

/**
 * Reads the first worksheet. Not the streaming reader: it splits multi-byte UTF-8 characters
 * at chunk boundaries and turned a few Chinese names per 10,000 rows into U+FFFD.
 */
async function parseXlsx(bytes: Uint8Array): Promise<ParsedSheet> {
  const workbook = new (await excel()).Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (error) {
    throw new AppError(
      'import.unsupported_type',
      `Not a readable Excel workbook: ${(error as Error).message}`,
    );
  }
  const sheet = workbook.worksheets[0];
  let headers: string[] = [];
  const rows: RawRow[] = [];
  sheet?.eachRow({ includeEmpty: false }, (row) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
    if (headers.length === 0) {
      headers = normaliseHeaders(values);
      return;
    }
    if (values.every((v) => v.trim() === '')) return;
    rows.push({ rowNumber: row.number, cells: toCells(headers, values) });
  });
  return { headers, rows };
}
