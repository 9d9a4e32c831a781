import { Alert } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from './errors';

/** The error of a form's last submission, translated from its code; nothing when there is none. */
export function FormErrorAlert(props: { error: unknown; style?: CSSProperties }) {
  const { t } = useTranslation();
  if (props.error === null || props.error === undefined) return null;
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16, ...props.style }}
      title={describeError(props.error, t)}
      role="alert"
    />
  );
}
