import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { type CSSProperties, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';

/** Picks one employee by searching names and numbers on the server (never loads everyone). */
export function EmployeeSelect(props: {
  value?: string | null;
  onChange?: (value: string | null) => void;
  initialLabel?: string | null;
  excludeId?: string;
  id?: string;
  disabled?: boolean;
  style?: CSSProperties;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const results = useQuery({
    queryKey: ['employee-search', search],
    queryFn: () => api('GET /employees', { query: { q: search, limit: 20 } }).then((r) => r.items),
  });
  const options = (results.data ?? [])
    .filter((e) => e.id !== props.excludeId)
    .map((e) => ({ value: e.id, label: `${e.name} (${e.employeeNo})` }));
  if (props.value && props.initialLabel && !options.some((o) => o.value === props.value)) {
    options.unshift({ value: props.value, label: props.initialLabel });
  }
  return (
    <Select
      id={props.id}
      disabled={props.disabled}
      style={props.style}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      allowClear
      value={props.value ?? undefined}
      onChange={(v) => props.onChange?.(v ?? null)}
      options={options}
      loading={results.isFetching}
      placeholder={t('common.searchPeople')}
      notFoundContent={results.isFetching ? t('common.loading') : t('common.noData')}
    />
  );
}
