import { InboxOutlined } from '@ant-design/icons';
import type { Cycle, GoalImportSummary, ImportRowError } from '@perfloop/core';
import { Alert, App, Button, Modal, Space, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, downloadFile } from '../../api/client';
import { describeError } from '../../shared/errors';
import { useInvalidateGoals } from './goals.api';

/** Goal import: check the file first (nothing written), then import it all at once; bad rows are listed. */
export function GoalImportModal(props: { cycle: Cycle; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateGoals();
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState<GoalImportSummary | null>(null);
  const [rowErrors, setRowErrors] = useState<ImportRowError[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const locale = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';

  async function send(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    setError(null);
    setRowErrors([]);
    const form = new FormData();
    form.append('file', file);
    try {
      const summary = await api('POST /goals/import', {
        query: { cycleId: props.cycle.id, dryRun },
        body: form,
      });
      if (dryRun) setChecked(summary);
      else {
        message.success(t('goals.imported', { goals: summary.goals, keyResults: summary.keyResults }));
        await invalidate();
        props.onClose();
      }
    } catch (e) {
      if (e instanceof ApiError && Array.isArray(e.problem.rowErrors))
        setRowErrors(e.problem.rowErrors as ImportRowError[]);
      else setError(e);
      setChecked(null);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      open
      width={760}
      title={t('goals.importTitle', { cycle: props.cycle.name })}
      onCancel={props.onClose}
      footer={
        <Space>
          <Button
            onClick={() =>
              void downloadFile(`/goals/import-template?locale=${locale}`, 'goal-import-template.xlsx')
            }
          >
            {t('goals.template')}
          </Button>
          <Button disabled={!file} loading={busy && !checked} onClick={() => void send(true)}>
            {t('goals.checkFile')}
          </Button>
          <Button
            type="primary"
            disabled={!checked}
            loading={busy && !!checked}
            onClick={() => void send(false)}
          >
            {t('goals.importNow')}
          </Button>
        </Space>
      }
    >
      <Upload.Dragger
        accept=".xlsx,.csv"
        maxCount={1}
        beforeUpload={(f) => {
          setFile(f);
          setChecked(null);
          setRowErrors([]);
          return false;
        }}
        onRemove={() => setFile(null)}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p>{t('goals.importDrop')}</p>
        <Typography.Text type="secondary">{t('goals.importHelp')}</Typography.Text>
      </Upload.Dragger>
      {error !== null && (
        <Alert style={{ marginTop: 16 }} type="error" showIcon title={describeError(error, t)} />
      )}
      {checked && (
        <Alert
          style={{ marginTop: 16 }}
          type="success"
          showIcon
          title={t('goals.fileOk', { goals: checked.goals, keyResults: checked.keyResults })}
        />
      )}
      {rowErrors.length > 0 && (
        <>
          <Alert
            style={{ marginTop: 16 }}
            type="error"
            showIcon
            title={t('goals.fileBad', { count: rowErrors.length })}
          />
          <Table<ImportRowError>
            size="small"
            rowKey={(e) => `${e.row}-${e.column}-${e.code}`}
            dataSource={rowErrors}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: t('import.row'), dataIndex: 'row', width: 70 },
              { title: t('import.column'), dataIndex: 'column', width: 120 },
              { title: t('import.reason'), key: 'reason', render: (_, e) => e.messages[locale] },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
