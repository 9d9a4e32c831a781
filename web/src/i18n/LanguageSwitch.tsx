import type { Locale } from '@perfloop/core';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocale } from './LocaleProvider';

/** 中文 / English, remembered in the browser. */
export function LanguageSwitch({ size }: { size?: 'small' | 'middle' }) {
  const { t } = useTranslation();
  const { locale, setLocale } = useLocale();
  return (
    <Segmented
      aria-label={t('nav.language')}
      size={size}
      value={locale}
      onChange={(v) => setLocale(v as Locale)}
      options={[
        { label: '中文', value: 'zh-CN' },
        { label: 'English', value: 'en-US' },
      ]}
    />
  );
}
