import { CalendarOutlined, LockOutlined, PlusOutlined } from '@ant-design/icons';
import {
  ActionItemInputSchema,
  type FollowUp,
  type Grow,
  type UpdateOneOnOneBodySchema,
} from '@perfloop/core';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Dropdown,
  Empty,
  Form,
  Input,
  Result,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import type { z } from 'zod';
import { api, downloadFile } from '../../api/client';
import { describeError } from '../../shared/errors';
import { FormErrorAlert } from '../../shared/FormErrorAlert';
import { useFormMutation } from '../../shared/use-form-mutation';
import { zodRule } from '../../shared/zod-rule';
import { EmployeeSelect } from '../employees/EmployeeSelect';
import { useInvalidateFollowThrough } from '../follow-ups/follow-ups.api';
import { useOneOnOne } from './one-on-ones.api';

type UpdateOneOnOneInput = z.input<typeof UpdateOneOnOneBodySchema>;
type NotesForm = { agenda: string; sharedNotes: string; grow: Grow; privateNote: string };
type ActionForm = { action: string; responsibleId: string; dueDate?: Dayjs | null };
const GROW_FIELDS = ['goal', 'reality', 'options', 'will'] as const;

/** One 1:1: agenda, shared notes, the GROW template, my private note, and action items that become follow-ups. */
export function OneOnOneDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const { message } = App.useApp();
  const meeting = useOneOnOne(id);
  const invalidate = useInvalidateFollowThrough();
  const [notes] = Form.useForm<NotesForm>();
  const [actionForm] = Form.useForm<ActionForm>();
  const data = meeting.data?.data;
  const etag = meeting.data?.etag ?? undefined;
  const update = useFormMutation({
    form: notes,
    mutate: ({ body }: { body: UpdateOneOnOneInput; done: string }) =>
      api('PATCH /one-on-ones/{id}', { params: { id: id! }, body, ifMatch: etag }),
    successMessage: (_, { done }) => done,
    onSuccess: invalidate,
  });
  const addAction = useFormMutation({
    form: actionForm,
    rename: { items: 'action' },
    errorToast: true,
    mutate: (values: ActionForm) =>
      api('POST /one-on-ones/{id}/action-items', {
        params: { id: id! },
        body: {
          items: [
            {
              action: values.action,
              responsibleId: values.responsibleId,
              dueDate: values.dueDate ? values.dueDate.format('YYYY-MM-DD') : null,
            },
          ],
        },
      }),
    successMessage: t('oneOnOnes.actionAdded'),
    onSuccess: async () => {
      actionForm.resetFields(['action', 'dueDate']);
      await invalidate();
    },
  });

  useEffect(() => {
    if (data)
      notes.setFieldsValue({
        agenda: data.agenda.join('\n'),
        sharedNotes: data.sharedNotes,
        grow: data.grow,
        privateNote: data.privateNote,
      });
  }, [data, notes]);

  if (meeting.isPending) return <Skeleton active />;
  if (meeting.isError || !data)
    return (
      <Result
        status="warning"
        title={describeError(meeting.error, t)}
        extra={<Link to="/one-on-ones">{t('common.back')}</Link>}
      />
    );

  async function saveNotes(values: NotesForm) {
    await update.submit({
      body: {
        agenda: values.agenda
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
        sharedNotes: values.sharedNotes ?? '',
        grow: values.grow,
        privateNote: values.privateNote ?? '',
      },
      done: t('oneOnOnes.notesSaved'),
    });
  }

  async function calendar(series: boolean) {
    try {
      await downloadFile(`/one-on-ones/${id}/calendar.ics${series ? '?series=true' : ''}`, 'one-on-one.ics');
    } catch (e) {
      message.error(describeError(e, t));
    }
  }

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('oneOnOnes.detailTitle', { manager: data.managerName, employee: data.employeeName })}
        </Typography.Title>
        <Space wrap>
          {data.seriesId ? (
            <Dropdown
              menu={{
                items: [
                  { key: 'one', label: t('oneOnOnes.icsOne'), onClick: () => void calendar(false) },
                  { key: 'series', label: t('oneOnOnes.icsSeries'), onClick: () => void calendar(true) },
                ],
              }}
            >
              <Button icon={<CalendarOutlined />}>{t('oneOnOnes.addToCalendar')}</Button>
            </Dropdown>
          ) : (
            <Button icon={<CalendarOutlined />} onClick={() => void calendar(false)}>
              {t('oneOnOnes.addToCalendar')}
            </Button>
          )}
          {data.status === 'scheduled' && (
            <>
              <Button
                onClick={() =>
                  void update.submit({ body: { status: 'done' }, done: t('oneOnOnes.markedDone') })
                }
                loading={update.submitting}
              >
                {t('oneOnOnes.markDone')}
              </Button>
              <Button
                danger
                onClick={() =>
                  void update.submit({ body: { status: 'cancelled' }, done: t('oneOnOnes.cancelled') })
                }
              >
                {t('oneOnOnes.cancel')}
              </Button>
            </>
          )}
        </Space>
      </Space>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
        <Descriptions.Item label={t('oneOnOnes.startsAt')}>
          {new Date(data.startsAt).toLocaleString()}
        </Descriptions.Item>
        <Descriptions.Item label={t('oneOnOnes.duration')}>
          {data.durationMinutes} {t('oneOnOnes.minutes')}
        </Descriptions.Item>
        <Descriptions.Item label={t('oneOnOnes.status')}>
          <Tag>{t(`oneOnOnes.statuses.${data.status}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('oneOnOnes.location')}>{data.location || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('oneOnOnes.recurrence')}>
          {t(`oneOnOnes.recurrences.${data.recurrence}`)}
        </Descriptions.Item>
      </Descriptions>
      <FormErrorAlert error={update.error} style={{ marginBottom: 0 }} />
      <Form<NotesForm> form={notes} layout="vertical" onFinish={saveNotes}>
        <Row gutter={[16, 0]}>
          <Col xs={24} lg={12}>
            <Card size="small" title={t('oneOnOnes.agenda')} style={{ marginBottom: 16 }}>
              <Form.Item name="agenda" extra={t('oneOnOnes.agendaHelp')} style={{ marginBottom: 0 }}>
                <Input.TextArea rows={4} />
              </Form.Item>
            </Card>
            <Card size="small" title={t('oneOnOnes.sharedNotes')} style={{ marginBottom: 16 }}>
              <Form.Item name="sharedNotes" style={{ marginBottom: 0 }}>
                <Input.TextArea rows={5} maxLength={20000} data-testid="shared-notes" />
              </Form.Item>
            </Card>
            <Card
              size="small"
              title={
                <span>
                  <LockOutlined /> {t('oneOnOnes.privateNote')}
                </span>
              }
            >
              <Form.Item
                name="privateNote"
                extra={t('oneOnOnes.privateNoteHelp')}
                style={{ marginBottom: 0 }}
              >
                <Input.TextArea rows={3} maxLength={20000} />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card
              size="small"
              title={t('oneOnOnes.grow')}
              extra={<Typography.Text type="secondary">GROW</Typography.Text>}
            >
              {GROW_FIELDS.map((field) => (
                <Form.Item
                  key={field}
                  name={['grow', field]}
                  label={t(`oneOnOnes.growFields.${field}`)}
                  extra={t(`oneOnOnes.growHelp.${field}`)}
                >
                  <Input.TextArea rows={2} maxLength={4000} data-testid={`grow-${field}`} />
                </Form.Item>
              ))}
            </Card>
          </Col>
        </Row>
        <Button
          type="primary"
          htmlType="submit"
          loading={update.submitting}
          style={{ marginTop: 16 }}
          data-testid="save-notes"
        >
          {t('oneOnOnes.saveNotes')}
        </Button>
      </Form>
      <Card size="small" title={t('oneOnOnes.actionItems')}>
        <Table<FollowUp>
          size="small"
          rowKey="id"
          dataSource={data.actionItems}
          pagination={false}
          data-testid="action-items"
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('oneOnOnes.noActions')} />,
          }}
          columns={[
            { title: t('followUps.action'), dataIndex: 'action' },
            { title: t('followUps.responsible'), dataIndex: 'responsibleName' },
            { title: t('followUps.dueDate'), dataIndex: 'dueDate', render: (d: string | null) => d ?? '—' },
            {
              title: t('followUps.status'),
              dataIndex: 'status',
              render: (s: FollowUp['status']) => t(`followUps.statuses.${s}`),
            },
          ]}
        />
        <Form<ActionForm>
          form={actionForm}
          layout="inline"
          onFinish={addAction.submit}
          initialValues={{ responsibleId: data.employeeId }}
          style={{ marginTop: 16, rowGap: 8 }}
        >
          <Form.Item name="action" rules={[zodRule(ActionItemInputSchema.shape.action, t, { max: 4000 })]}>
            <Input
              placeholder={t('oneOnOnes.actionPlaceholder')}
              style={{ width: 320 }}
              data-testid="action-text"
            />
          </Form.Item>
          <Form.Item name="responsibleId" rules={[zodRule(ActionItemInputSchema.shape.responsibleId, t)]}>
            <EmployeeSelect initialLabel={data.employeeName} style={{ width: 200 }} />
          </Form.Item>
          <Form.Item name="dueDate">
            <DatePicker placeholder={t('followUps.dueDate')} data-testid="action-due" />
          </Form.Item>
          <Button
            htmlType="submit"
            icon={<PlusOutlined />}
            loading={addAction.submitting}
            data-testid="add-action"
          >
            {t('oneOnOnes.addAction')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('oneOnOnes.actionsBecomeFollowUps')} <Link to="/follow-ups">{t('nav.followUps')}</Link>
        </Typography.Paragraph>
      </Card>
    </Space>
  );
}
