import { createRequire } from 'node:module';
import { toXmlSafeText } from '@perfloop/core';
import type ExcelJS from 'exceljs';

let loading: Promise<typeof ExcelJS> | null = null;

/**
 * ExcelJS, loaded the first time a workbook is read or written: imported with the routes, it
 * was a quarter of a second of every server start (of 1.5 s loading the server's modules).
 */
export function excel(): Promise<typeof ExcelJS> {
  loading ??= import('exceljs').then((module) => {
    makeEveryStringXmlSafe();
    return module.default;
  });
  return loading;
}

type ExcelUtils = { xmlEncode(text: string): string; perfloopXmlSafe?: true };

/**
 * Every string ExcelJS writes into a workbook's XML (cells, shared strings, sheet names) passes its
 * one `xmlEncode`, which drops the C0 controls but keeps U+FFFE, U+FFFF and lone surrogates, which
 * XML 1.0 forbids as well: one such character in one title made the whole export a file no
 * spreadsheet program opens. Wrapped here, with core's rule (replaced by U+FFFD), no cell of any
 * export, present or future, can break its workbook.
 */
function makeEveryStringXmlSafe() {
  const utils = createRequire(import.meta.url)('exceljs/lib/utils/utils.js') as ExcelUtils;
  if (utils.perfloopXmlSafe) return;
  const encode = utils.xmlEncode;
  utils.xmlEncode = (text: string) => encode(toXmlSafeText(text));
  utils.perfloopXmlSafe = true;
}
