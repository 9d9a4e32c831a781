import { z } from 'zod';

/**
 * Text the database cannot store: NUL (PostgreSQL text and jsonb refuse it) and a UTF-16 half
 * without its partner (a lone surrogate has no UTF-8 form, so jsonb and the wire refuse it).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is what this looks for
const INVALID_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `value` holds a NUL or a lone surrogate. */
export function isInvalidText(value: string): boolean {
  return INVALID_TEXT.test(value);
}

/** Deeper than any body we accept; a deeper one is refused by its schema anyway. */
const MAX_DEPTH = 64;
const MAX_FOUND = 20;

/**
 * The paths (dot-separated, under `prefix`) of every string, and every object key, in `value`
 * that holds invalid text; at most 20, in document order. Used on whole request bodies, queries
 * and path parameters, so no route can forget it.
 */
export function findInvalidText(value: unknown, prefix: string): string[] {
  const found: string[] = [];
  const walk = (node: unknown, path: string, depth: number) => {
    if (found.length >= MAX_FOUND) return;
    if (typeof node === 'string') {
      if (isInvalidText(node)) found.push(path);
      return;
    }
    // Bytes (a raw body) are not text: there is nothing to walk.
    if (node === null || typeof node !== 'object' || depth > MAX_DEPTH || ArrayBuffer.isView(node)) return;
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        walk(item, `${path}.${index}`, depth + 1);
      });
      return;
    }
    for (const [key, item] of Object.entries(node)) {
      const safeKey = isInvalidText(key) ? key.replace(new RegExp(INVALID_TEXT, 'g'), '\ufffd') : key;
      if (safeKey !== key && found.length < MAX_FOUND) found.push(`${path}.${safeKey}`);
      walk(item, `${path}.${safeKey}`, depth + 1);
    }
  };
  walk(value, prefix, 0);
  return found;
}

/**
 * A string that refuses invalid text with the field code `invalid_text`: for forms and for
 * schemas that want the rule stated (the server refuses such text on every request anyway).
 */
export function textSchema() {
  return z.string().refine((value) => !isInvalidText(value), 'invalid_text');
}

/**
 * The first `maxLength` UTF-16 units of `value`, one fewer where the cut would split a surrogate
 * pair (an emoji): a lone half is text the database refuses, so a plain `slice` of user text can
 * turn valid input into a refused write.
 */
export function truncateText(value: string, maxLength: number): string {
  if (value.length <= maxLength) return value;
  const code = value.charCodeAt(maxLength - 1);
  const splitsPair = code >= 0xd800 && code <= 0xdbff;
  return value.slice(0, splitsPair ? maxLength - 1 : maxLength);
}
