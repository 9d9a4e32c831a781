import type { Locale } from '../shared/messages.ts';
import { dayNumber, type KrDirection, type KrKind } from './progress.ts';

/**
 * The SMART check (目标质量, domain.md §1): warnings per key result, never errors. A KR needs a
 * measurable target (a number in its statement, or a milestone), a due date inside the
 * cycle, and an owner.
 */
export const SMART_WARNING_CODES = ['no_measurable_target', 'due_outside_cycle', 'no_owner'] as const;
export type SmartWarningCode = (typeof SMART_WARNING_CODES)[number];

export const SMART_MESSAGES: Record<SmartWarningCode, Record<Locale, string>> = {
  no_measurable_target: {
    'zh-CN': '关键成果“{title}”没有可衡量的目标：请写明数字（如“增长20%”）或改为里程碑',
    'en-US':
      'Key result “{title}” has no measurable target: state a number (e.g. “grow 20%”) or make it a milestone',
  },
  due_outside_cycle: {
    'zh-CN': '关键成果“{title}”的完成时限 {value} 不在考核周期内',
    'en-US': 'Key result “{title}” is due {value}, outside the cycle',
  },
  no_owner: {
    'zh-CN': '关键成果“{title}”没有负责人',
    'en-US': 'Key result “{title}” has no owner',
  },
};

export type SmartWarning = {
  /** Position of the KR in the goal (0-based) and its id once saved. */
  index: number;
  keyResultId: string | null;
  code: SmartWarningCode;
  message: string;
};

export type SmartInput = {
  kind: 'okr' | 'kpi';
  ownerId: string | null;
  dueDate: string | null;
  keyResults: readonly {
    id?: string | null;
    title: string;
    kind: KrKind;
    direction: KrDirection;
    startValue: number;
    targetValue: number | null;
    unit?: string | null;
    dueDate?: string | null;
    ownerId?: string | null;
  }[];
};

// Arabic digits (also full-width), or Chinese numerals used as a quantity: 百分之二十, 两倍,
// 三个, 五成, 十万元 … A bare 一 in 统一 or 一起 is not a number.
const ARABIC = /[0-9０-９]/;
const CHINESE_QUANTITY =
  /百分之[零〇一二两三四五六七八九十百千]+|[零〇一二两三四五六七八九十百千万亿]+\s*(?:[%％倍成个项次家位名人天周月年元万亿分条款件单台套场篇]|个百分点)/;
const ENGLISH_NUMBER =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|fifty|hundred|thousand|million|twice|double|triple|half)\b/i;

/** Whether a statement names a quantity: "新客户签约量较上季度增长20%" does, "提升销售额" does not. */
export function hasNumber(text: string): boolean {
  return ARABIC.test(text) || CHINESE_QUANTITY.test(text) || ENGLISH_NUMBER.test(text);
}

function fill(template: string, params: Record<string, string>) {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => params[key] ?? whole);
}

export function checkSmart(
  goal: SmartInput,
  cycle: { startDate: string; endDate: string },
  locale: Locale,
): SmartWarning[] {
  const warnings: SmartWarning[] = [];
  const start = dayNumber(cycle.startDate);
  const end = dayNumber(cycle.endDate);
  goal.keyResults.forEach((kr, index) => {
    const title = kr.title.trim() || `KR${index + 1}`;
    const add = (code: SmartWarningCode, value = '') =>
      warnings.push({
        index,
        keyResultId: kr.id ?? null,
        code,
        message: fill(SMART_MESSAGES[code][locale], { title, value }),
      });
    if (kr.kind === 'metric') {
      // A KPI states its indicator and target in separate fields; an OKR key result says it in words.
      const statement =
        goal.kind === 'kpi' && kr.targetValue !== null
          ? `${kr.title} ${kr.targetValue}${kr.unit ?? ''}`
          : kr.title;
      if (!hasNumber(statement)) add('no_measurable_target');
    }
    const due = kr.dueDate ?? goal.dueDate;
    if (!due) add('due_outside_cycle', '—');
    else if (dayNumber(due) < start || dayNumber(due) > end) add('due_outside_cycle', due);
    if (!(kr.ownerId ?? goal.ownerId)) add('no_owner');
  });
  return warnings;
}
