import { App, type FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, fieldErrorsOf } from './errors';

export type FormMutationOptions<Values, Result> = {
  /** The request; its answer goes to `onSuccess`. */
  mutate: (values: Values) => Promise<Result>;
  /** The form whose fields show the server's field errors (`errors[]`), translated, under them. */
  form?: FormInstance;
  /** API field → form field, where the form names a field differently from the body. */
  rename?: Record<string, string>;
  /** A toast after success. */
  successMessage?: string | ((result: Result, values: Values) => string);
  /** Also tell the error in a toast, for forms with no room for `<FormErrorAlert>`. */
  errorToast?: boolean;
  /** After success (closing a modal, refreshing queries); a failure here shows like the request's. */
  onSuccess?: (result: Result, values: Values) => unknown;
};

/**
 * One form submission against the API: a busy flag for the button, the error for
 * `<FormErrorAlert>`, the server's field errors under the form's fields, a toast on success.
 * `submit` never throws, so it can be an antd `onFinish` as it is.
 */
export function useFormMutation<Values, Result>(options: FormMutationOptions<Values, Result>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(values: Values): Promise<Result | undefined> {
    setSubmitting(true);
    setError(null);
    try {
      const result = await options.mutate(values);
      const success =
        typeof options.successMessage === 'function'
          ? options.successMessage(result, values)
          : options.successMessage;
      if (success) message.success(success);
      await options.onSuccess?.(result, values);
      return result;
    } catch (e) {
      setError(e);
      options.form?.setFields(fieldErrorsOf(e, t, options.rename));
      if (options.errorToast) message.error(describeError(e, t));
      return undefined;
    } finally {
      setSubmitting(false);
    }
  }

  // Stable, so a form can clear the last error when it opens again (an effect's dependency).
  const clearError = useCallback(() => setError(null), []);
  return { submit, submitting, error, clearError };
}
