import { PlusOutlined } from '@ant-design/icons';
import { formatWeight, type ReviewTemplate } from '@perfloop/core';
import { Alert, Button, Card, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { describeError } from '../../shared/errors';
import { useReviewTemplates } from './review-templates.api';

/** HR: the company's review templates, their current version and how many review rounds use them. */
export function ReviewTemplatesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [showArchived, setShowArchived] = useState(false);
  const templates = useReviewTemplates(showArchived ? {} : { archived: 'false' });

  return (
    <Card
      title={t('reviewTemplates.title')}
      extra={
        <Space>
          <Space size={6}>
            <Switch
              size="small"
              checked={showArchived}
              onChange={setShowArchived}
              aria-label={t('reviewTemplates.showArchived')}
            />
            <Typography.Text>{t('reviewTemplates.showArchived')}</Typography.Text>
          </Space>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/reviews/templates/new')}>
            {t('reviewTemplates.new')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('reviewTemplates.intro')}</Typography.Paragraph>
      {templates.isError && (
        <Alert type="error" showIcon title={describeError(templates.error, t)} style={{ marginBottom: 16 }} />
      )}
      <Table<ReviewTemplate>
        rowKey="id"
        loading={templates.isPending}
        dataSource={templates.items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('reviewTemplates.empty') }}
        columns={[
          {
            title: t('reviewTemplates.name'),
            dataIndex: 'name',
            render: (name: string, template) => (
              <Space>
                <Link to={`/reviews/templates/${template.id}`}>{name}</Link>
                {template.archived && <Tag>{t('reviewTemplates.archived')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('reviewTemplates.dimensions'),
            key: 'dimensions',
            render: (_, template) =>
              template.definition.dimensions.map((d) => `${d.name} ${formatWeight(d.weightBp)}%`).join(' / '),
          },
          {
            title: t('reviewTemplates.scale'),
            key: 'scale',
            render: (_, template) => t('reviewTemplates.levels', { count: template.definition.scale.length }),
          },
          {
            title: t('reviewTemplates.version'),
            dataIndex: 'templateVersion',
            render: (n: number) => t('reviewTemplates.versionN', { n }),
          },
          { title: t('reviewTemplates.usedBy'), dataIndex: 'usedBy' },
          {
            title: t('reviewTemplates.updatedAt'),
            dataIndex: 'updatedAt',
            render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm'),
          },
        ]}
      />
      {templates.hasNextPage && (
        <Button
          style={{ marginTop: 16 }}
          loading={templates.isFetchingNextPage}
          onClick={() => templates.fetchNextPage()}
        >
          {t('common.loadMore')}
        </Button>
      )}
    </Card>
  );
}
