import { KEY_EVENT_KINDS, NOTIFICATION_EVENTS } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import enUS from './locales/en-US.json';
import zhCN from './locales/zh-CN.json';

const LOCALES = { 'zh-CN': zhCN, 'en-US': enUS } as const;

/** Every key path to a text: `keyEvents.kinds.event` … */
function keysOf(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? keysOf(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/** The text at a key path, as i18next (keySeparator '.') finds it. */
function textAt(tree: object, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], tree);
}

describe('the UI texts', () => {
  it('have the same keys in zh-CN and en-US', () => {
    expect(keysOf(zhCN).sort()).toEqual(keysOf(enUS).sort());
  });

  it('name every notification event and every kind of key event in both languages', () => {
    for (const [locale, texts] of Object.entries(LOCALES)) {
      for (const event of NOTIFICATION_EVENTS)
        expect(typeof textAt(texts, `notifications.events.${event}`), `${locale} ${event}`).toBe('string');
      for (const kind of KEY_EVENT_KINDS)
        expect(typeof textAt(texts, `keyEvents.kinds.${kind}`), `${locale} ${kind}`).toBe('string');
    }
  });
});
