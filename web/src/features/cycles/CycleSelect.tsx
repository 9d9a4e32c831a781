import type { Cycle } from '@perfloop/core';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMe } from '../../auth/use-me';
import { pickCurrentCycle, useCycles } from './cycles.api';

/** The cycle a goals page shows, kept in the URL (?cycle=) so links and reloads keep it. */
export function useSelectedCycle(): {
  cycle: Cycle | undefined;
  cycles: Cycle[];
  isPending: boolean;
  setCycle: (id: string) => void;
} {
  const cycles = useCycles();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const list = cycles.data ?? [];
  const selectedId = params.get('cycle');
  const cycle =
    list.find((c) => c.id === selectedId) ??
    pickCurrentCycle(list, me.data?.tenant.timeZone ?? 'Asia/Shanghai');
  return {
    cycle,
    cycles: list,
    isPending: cycles.isPending,
    setCycle: (id) =>
      setParams(
        (p) => {
          p.set('cycle', id);
          return p;
        },
        { replace: true },
      ),
  };
}

export function CycleSelect(props: {
  cycles: Cycle[];
  value: string | undefined;
  onChange: (id: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Select
      aria-label={t('goals.cycle')}
      data-testid="cycle-select"
      style={{ minWidth: 200 }}
      value={props.value}
      onChange={props.onChange}
      options={props.cycles.map((c) => ({
        value: c.id,
        label: `${c.name}${c.status === 'open' ? '' : ` · ${t(`cycles.status.${c.status}`)}`}`,
      }))}
      placeholder={t('goals.noCycle')}
    />
  );
}
