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

/**
 * Characters XML 1.0 forbids (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates).
 * One of them in a cell makes the whole .xlsx unreadable.
 */
const XML_FORBIDDEN =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the C0 controls are what this looks for
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** `value` with every character XML 1.0 forbids replaced by U+FFFD, so it can go in a workbook. */
export function toXmlSafeText(value: string): string {
  return value.replace(XML_FORBIDDEN, '\ufffd');
}
