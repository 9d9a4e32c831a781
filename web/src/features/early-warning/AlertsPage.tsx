import { ALERT_RULES, type Me } from '@perfloop/core';
import { Alert, Button, Select, Space, TreeSelect, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can } from '../../auth/use-me';
import { describeError } from '../../shared/errors';
import { CycleSelect, useSelectedCycle } from '../cycles/CycleSelect';
import { buildDepartmentTree, useDepartments } from '../departments/departments.api';
import { toTreeData } from '../employees/EmployeeForm';
import { AlertTable } from './AlertTable';
import { useAlerts } from './early-warning.api';

type View = 'mine' | 'team' | 'department' | 'all';

/** Early-warning alerts for me, my team, a department, or everything I may see, with filters. */
export function AlertsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { cycle, cycles, setCycle } = useSelectedCycle();
  const [view, setView] = useState<View>(can(me, 'team.view') ? 'team' : 'mine');
  const [rule, setRule] = useState<string | undefined>();
  const [status, setStatus] = useState<'open' | 'resolved' | 'any'>('open');
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const departments = useDepartments();
  const waitingForDepartment = view === 'department' && !departmentId;
  const alerts = useAlerts(
    {
      view,
      cycleId: cycle?.id,
      rule,
      status,
      departmentId: view === 'department' ? departmentId : undefined,
    },
    !waitingForDepartment,
  );

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('alerts.title')}
      </Typography.Title>
      <Space wrap>
        <Select<View>
          aria-label={t('alerts.view')}
          value={view}
          onChange={setView}
          style={{ minWidth: 140 }}
          options={(['mine', 'team', 'department', 'all'] as const)
            .filter((v) => v === 'mine' || can(me, 'team.view'))
            .map((v) => ({ value: v, label: t(`alerts.views.${v}`) }))}
        />
        {view === 'department' && (
          <TreeSelect
            aria-label={t('goals.department')}
            style={{ minWidth: 200 }}
            placeholder={t('alerts.chooseDepartment')}
            treeData={toTreeData(buildDepartmentTree(departments.data ?? []))}
            treeDefaultExpandAll
            value={departmentId}
            onChange={(v: string) => setDepartmentId(v)}
          />
        )}
        <CycleSelect cycles={cycles} value={cycle?.id} onChange={setCycle} />
        <Select
          aria-label={t('alerts.rule')}
          allowClear
          placeholder={t('alerts.anyRule')}
          value={rule}
          onChange={setRule}
          style={{ minWidth: 140 }}
          options={ALERT_RULES.map((r) => ({ value: r, label: t(`alerts.rules.${r}`) }))}
        />
        <Select
          aria-label={t('alerts.status')}
          value={status}
          onChange={setStatus}
          style={{ minWidth: 120 }}
          options={(['open', 'resolved', 'any'] as const).map((s) => ({
            value: s,
            label: t(`alerts.statuses.${s}`),
          }))}
        />
      </Space>
      {alerts.isError && <Alert type="error" showIcon title={describeError(alerts.error, t)} />}
      <AlertTable
        alerts={waitingForDepartment ? [] : alerts.items}
        loading={alerts.isFetching && !waitingForDepartment}
        showOwner={view !== 'mine'}
        showStatus
        testId="alerts-table"
      />
      {alerts.hasNextPage && (
        <Button onClick={() => void alerts.fetchNextPage()} loading={alerts.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </Space>
  );
}
