import { ERROR_MESSAGES, FIELD_MESSAGES, type Locale } from '@perfloop/core';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import enUS from './locales/en-US.json';
import zhCN from './locales/zh-CN.json';

const STORAGE_KEY = 'perfloop.locale';

/** API error codes and field codes are translated from core's catalogs, shared with the server. */
function catalogFor(locale: Locale) {
  const apiErrors: Record<string, string> = {};
  for (const [code, text] of Object.entries(ERROR_MESSAGES)) apiErrors[code] = text[locale];
  const fieldErrors: Record<string, string> = {};
  for (const [code, text] of Object.entries(FIELD_MESSAGES))
    fieldErrors[code] = text[locale].replace(/\{(\w+)\}/g, '{{$1}}');
  return { apiErrors, fieldErrors };
}

export function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'zh-CN' || stored === 'en-US') return stored;
  return 'zh-CN';
}

export function rememberLocale(locale: Locale) {
  localStorage.setItem(STORAGE_KEY, locale);
}

void i18n.use(initReactI18next).init({
  lng: initialLocale(),
  fallbackLng: 'zh-CN',
  // Error and field catalogs are flat maps keyed by codes containing dots.
  keySeparator: '.',
  nsSeparator: ':',
  interpolation: { escapeValue: false },
  resources: {
    'zh-CN': { translation: zhCN, ...catalogFor('zh-CN') },
    'en-US': { translation: enUS, ...catalogFor('en-US') },
  },
});

export { i18n };
