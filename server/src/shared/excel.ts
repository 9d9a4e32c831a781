import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | null = null;

/**
 * ExcelJS, loaded the first time a workbook is read or written: imported with the routes, it
 * was a quarter of a second of every server start (of 1.5 s loading the server's modules).
 */
export function excel(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((module) => module.default);
  return loading;
}
