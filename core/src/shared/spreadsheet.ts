/**
 * Spreadsheet safety (CSV/formula injection, OWASP): a cell that starts with one of these
 * characters may be run as a formula by Excel or WPS.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** True when an imported text cell could be read as a formula. Plain numbers like -5 are fine. */
export function isFormulaLike(value: string): boolean {
  if (!FORMULA_START.test(value)) return false;
  return !/^[+-]?\d+(\.\d+)?$/.test(value.trim());
}

/** Makes a cell safe for export: a leading quote makes Excel show the text, never run it. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
