import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import type { ZodType } from 'zod';

/**
 * An antd form rule from the same zod schema the API validates with, so the form and the
 * server never disagree. Our schemas use field codes as messages; the UI translates them.
 */
export function zodRule(schema: ZodType, t: TFunction, params: Record<string, unknown> = {}): Rule {
  return {
    validator: async (_rule, value) => {
      const result = schema.safeParse(value === '' ? undefined : value);
      if (result.success) return;
      const issue = result.error.issues[0];
      const code =
        issue?.code === 'invalid_type' && value === undefined
          ? 'required'
          : (issue?.message ?? 'invalid_value');
      throw new Error(t(`fieldErrors:${code}`, { keySeparator: false, defaultValue: code, ...params }));
    },
  };
}
