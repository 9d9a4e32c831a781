import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { FormErrorAlert } from '../../shared/FormErrorAlert';

/**
 * The alert above a form whose submission the server refused. Field errors show under their
 * fields, so the alert only points at them (instead of repeating them with their raw paths).
 */
export function SubmitErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  if (error instanceof ApiError && error.fieldErrors.length > 0)
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t(`apiErrors:${error.code}`, { keySeparator: false, defaultValue: error.problem.title })}
        description={t('reviews.form.seeMarked')}
      />
    );
  return <FormErrorAlert error={error} style={{ marginBottom: 0 }} />;
}
