import type { Locale } from '../shared/messages.ts';

/** A number as people write it: at most 2 decimals, no binary noise (0.1 + 0.2 → 0.3). */
function formatNumber(n: number): string {
  return String(Number(Number(n.toPrecision(12)).toFixed(2)));
}

export type KeyResultProgressFacts = {
  title: string;
  kind: 'metric' | 'milestone';
  startValue: number;
  targetValue: number | null;
  currentValue: number | null;
  unit: string | null;
  done: boolean;
  manualPercent: number | null;
};

/**
 * A key result's progress as a mid-cycle review states it (the seeds' 复盘 wording):
 * "新客户签约量完成18%，距离目标20%差2%" / "New clients: 18% of 20%, 2% to go".
 */
export function describeKeyResultProgress(kr: KeyResultProgressFacts, locale: Locale): string {
  const zh = locale === 'zh-CN';
  if (kr.kind === 'milestone' || kr.targetValue === null) {
    if (kr.done) return zh ? `${kr.title}：已完成` : `${kr.title}: done`;
    const pct =
      kr.manualPercent === null
        ? ''
        : zh
          ? `（${formatNumber(kr.manualPercent)}%）`
          : ` (${formatNumber(kr.manualPercent)}%)`;
    return zh ? `${kr.title}：未完成${pct}` : `${kr.title}: not done yet${pct}`;
  }
  const u = kr.unit ?? '';
  const current = kr.currentValue ?? kr.startValue;
  const decreasing = kr.targetValue < kr.startValue;
  const gap = decreasing ? current - kr.targetValue : kr.targetValue - current;
  const c = `${formatNumber(current)}${u}`;
  const t = `${formatNumber(kr.targetValue)}${u}`;
  if (gap <= 0) return zh ? `${kr.title}完成${c}，已达到目标${t}` : `${kr.title}: ${c}, target ${t} reached`;
  const g = `${formatNumber(gap)}${u}`;
  return zh ? `${kr.title}完成${c}，距离目标${t}差${g}` : `${kr.title}: ${c} of ${t}, ${g} to go`;
}
