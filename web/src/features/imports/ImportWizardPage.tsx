import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import {
  IMPORT_FIELDS,
  IMPORT_HEADERS,
  type ImportField,
  type ImportJob,
  REQUIRED_IMPORT_FIELDS,
} from '@perfloop/core';
import { useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Progress,
  Result,
  Select,
  Space,
  Steps,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, downloadFile } from '../../api/client';
import { useLocale } from '../../i18n/LocaleProvider';
import { describeError } from '../../shared/errors';

type RowError = ImportJob['errors'][number];

/** The counts of a validated or finished import (a failed one has a reason instead). */
function countsOf(job: ImportJob | null) {
  return job?.summary && 'created' in job.summary ? job.summary : null;
}

const STEP = { upload: 0, mapping: 1, report: 2, confirm: 3, progress: 4, result: 5 } as const;

/** upload → mapping → validation report → confirm → progress → result; nothing changes before "start". */
export function ImportWizardPage() {
  const { t } = useTranslation();
  const { locale } = useLocale();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState<number>(STEP.upload);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [mapping, setMapping] = useState<Partial<Record<ImportField, string>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // Poll the running import for its progress.
  useEffect(() => {
    if (step !== STEP.progress || !job) return;
    const timer = setInterval(async () => {
      try {
        const next = await api('GET /imports/{id}', { params: { id: job.id } });
        setJob(next);
        if (next.status === 'succeeded' || next.status === 'failed') {
          setStep(STEP.result);
          await queryClient.invalidateQueries({ queryKey: ['employees'] });
          await queryClient.invalidateQueries({ queryKey: ['departments'] });
        } else if (next.status === 'invalid') setStep(STEP.report);
      } catch (e) {
        setError(e);
      }
    }, 400);
    return () => clearInterval(timer);
  }, [step, job, queryClient]);

  async function uploadFile(file: File) {
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('file', file);
      const created = await api('POST /employees/import', { body: form });
      setJob(created);
      setMapping(created.suggestedMapping);
      setStep(STEP.mapping);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
    return false;
  }

  async function validate() {
    if (!job) return;
    setBusy(true);
    setError(null);
    try {
      const validated = await api('POST /imports/{id}/validate', {
        params: { id: job.id },
        body: { mapping },
      });
      setJob(validated);
      setStep(STEP.report);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function start() {
    if (!job) return;
    setBusy(true);
    setError(null);
    try {
      setJob(await api('POST /imports/{id}/commit', { params: { id: job.id } }));
      setStep(STEP.progress);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function restart() {
    setJob(null);
    setMapping({});
    setError(null);
    setStep(STEP.upload);
  }

  const missingRequired = REQUIRED_IMPORT_FIELDS.filter((f) => !mapping[f]);
  const usedHeaders = new Set(Object.values(mapping));

  const counts = countsOf(job);
  return (
    <Card title={t('import.title')}>
      <Steps
        current={step}
        size="small"
        style={{ marginBottom: 24 }}
        items={[
          { title: t('import.steps.upload') },
          { title: t('import.steps.mapping') },
          { title: t('import.steps.validate') },
          { title: t('import.steps.confirm') },
          { title: t('import.steps.progress') },
          { title: t('import.steps.result') },
        ]}
      />
      {error !== null && (
        <Alert
          type="error"
          showIcon
          closable
          style={{ marginBottom: 16 }}
          title={describeError(error, t)}
          role="alert"
        />
      )}

      {step === STEP.upload && (
        <Space direction="vertical" style={{ width: '100%' }} size="large">
          <Upload.Dragger
            accept=".xlsx,.csv"
            multiple={false}
            showUploadList={false}
            beforeUpload={(file) => uploadFile(file)}
            disabled={busy}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{busy ? t('common.loading') : t('import.uploadHint')}</p>
            <p className="ant-upload-hint">{t('import.uploadTypes')}</p>
          </Upload.Dragger>
          <Button
            icon={<DownloadOutlined />}
            onClick={() =>
              downloadFile(`/employees/import-template?locale=${locale}`, 'template.xlsx').catch((e) =>
                setError(e),
              )
            }
          >
            {t('import.downloadTemplate')}
          </Button>
        </Space>
      )}

      {step === STEP.mapping && job && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Typography.Text>
            {t('import.fileInfo', { name: job.fileName, count: job.rowCount })}
          </Typography.Text>
          <Typography.Text type="secondary">{t('import.mappingHint')}</Typography.Text>
          <Table
            rowKey="field"
            size="small"
            pagination={false}
            dataSource={IMPORT_FIELDS.map((field) => ({ field }))}
            columns={[
              {
                title: t('import.field'),
                dataIndex: 'field',
                render: (f: ImportField) => (
                  <Space>
                    {IMPORT_HEADERS[f][locale]}
                    {REQUIRED_IMPORT_FIELDS.includes(f) && <Tag color="red">{t('import.required')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('import.column'),
                dataIndex: 'field',
                render: (f: ImportField) => (
                  <Select
                    aria-label={IMPORT_HEADERS[f][locale]}
                    style={{ width: 240 }}
                    allowClear
                    placeholder={t('import.notMapped')}
                    value={mapping[f]}
                    onChange={(value) => setMapping((m) => ({ ...m, [f]: value }))}
                    options={job.headers.map((h) => ({
                      value: h,
                      label: h,
                      disabled: usedHeaders.has(h) && mapping[f] !== h,
                    }))}
                  />
                ),
              },
              {
                title: t('import.sample'),
                dataIndex: 'field',
                render: (f: ImportField) => (
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 300 }}>
                    {mapping[f]
                      ? job.sample
                          .map((row) => row[mapping[f]!] ?? '')
                          .filter(Boolean)
                          .slice(0, 3)
                          .join(' · ')
                      : '—'}
                  </Typography.Text>
                ),
              },
            ]}
          />
          {missingRequired.length > 0 && (
            <Alert
              type="warning"
              showIcon
              title={t('import.mapRequired', {
                fields: missingRequired.map((f) => IMPORT_HEADERS[f][locale]).join('、'),
              })}
            />
          )}
          <Space>
            <Button onClick={restart}>{t('common.back')}</Button>
            <Button
              type="primary"
              onClick={() => void validate()}
              loading={busy}
              disabled={missingRequired.length > 0}
            >
              {t('import.validate')}
            </Button>
          </Space>
        </Space>
      )}

      {step === STEP.report && job && job.status === 'invalid' && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Alert
            type="error"
            showIcon
            title={t('import.invalid', { count: job.errorCount })}
            description={t('import.nothingChanged')}
          />
          <Table<RowError>
            rowKey={(e) => `${e.row}-${e.column}-${e.code}`}
            size="small"
            dataSource={job.errors}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('import.row'), dataIndex: 'row', width: 80 },
              { title: t('import.column'), dataIndex: 'column', width: 160 },
              { title: t('import.reason'), render: (_: unknown, e: RowError) => e.messages[locale] },
            ]}
          />
          <Space>
            <Button
              icon={<DownloadOutlined />}
              onClick={() =>
                downloadFile(`/imports/${job.id}/errors.xlsx`, 'import-errors.xlsx').catch((e) => setError(e))
              }
            >
              {t('import.errorReportDownload')}
            </Button>
            <Button onClick={() => setStep(STEP.mapping)}>{t('import.changeMapping')}</Button>
            <Button type="primary" onClick={restart}>
              {t('import.fixAndRetry')}
            </Button>
          </Space>
        </Space>
      )}

      {step === STEP.report && job && job.status === 'validated' && (
        <Result
          status="success"
          title={t('import.valid', { count: job.rowCount })}
          extra={
            <Space>
              <Button onClick={() => setStep(STEP.mapping)}>{t('common.back')}</Button>
              <Button type="primary" onClick={() => setStep(STEP.confirm)}>
                {t('common.next')}
              </Button>
            </Space>
          }
        />
      )}

      {step === STEP.confirm && counts && (
        <Space direction="vertical" size="middle">
          <Descriptions bordered column={1} size="small">
            <Descriptions.Item label={t('import.created')}>{counts.created}</Descriptions.Item>
            <Descriptions.Item label={t('import.updated')}>{counts.updated}</Descriptions.Item>
            <Descriptions.Item label={t('import.unchanged')}>{counts.unchanged}</Descriptions.Item>
            <Descriptions.Item label={t('import.departmentsCreated')}>
              {counts.departmentsCreated}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Text type="secondary">{t('import.confirmText')}</Typography.Text>
          <Space>
            <Button onClick={() => setStep(STEP.report)}>{t('common.back')}</Button>
            <Button type="primary" onClick={() => void start()} loading={busy}>
              {t('import.start')}
            </Button>
          </Space>
        </Space>
      )}

      {step === STEP.progress && job && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('import.running', { count: job.rowCount })}</Typography.Text>
          <Progress percent={Math.round(job.progress)} status="active" />
        </Space>
      )}

      {step === STEP.result && job && (
        <Result
          status={job.status === 'succeeded' ? 'success' : 'error'}
          title={job.status === 'succeeded' ? t('import.succeeded') : t('import.failed')}
          subTitle={
            job.status === 'succeeded' && counts ? t('import.summary', counts) : t('import.failedText')
          }
          extra={
            <Space>
              <Button onClick={restart}>{t('import.importAnother')}</Button>
              <Button type="primary" onClick={() => navigate('/org')}>
                {t('import.viewEmployees')}
              </Button>
            </Space>
          }
        />
      )}
    </Card>
  );
}
