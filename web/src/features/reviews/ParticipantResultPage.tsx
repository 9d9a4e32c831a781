import { InfoCircleOutlined } from '@ant-design/icons';
import { formatPercent, formatWeight, type Me, type ParticipantResult, type RaterType } from '@perfloop/core';
import {
  Alert,
  Breadcrumb,
  Card,
  Col,
  Descriptions,
  Empty,
  List,
  Result,
  Row,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { can } from '../../auth/use-me';
import { describeError } from '../../shared/errors';
import { RaterTypeText } from './ReviewCycleTags';
import { useAllTemplates, useParticipantResult, useReviewCycle } from './review-cycles.api';
import { formatRating, formatScore, formatShare } from './review-cycles.format';
import { anonymityMinimumOf, answerRows, hasHiddenParts, itemNamesOf } from './review-cycles.result';

type Dimension = ParticipantResult['breakdown'][number];

/** The rater types of one dimension: their template weight, share after renormalisation, score. */
function RaterTypesTable({ d }: { d: Dimension }) {
  const { t } = useTranslation();
  return (
    <Table
      size="small"
      rowKey="raterType"
      dataSource={d.raterTypes}
      pagination={false}
      scroll={{ x: 480 }}
      locale={{ emptyText: t('reviewCycles.result.noRaters') }}
      columns={[
        {
          title: t('reviewCycles.result.raterType'),
          dataIndex: 'raterType',
          render: (type: RaterType) => <RaterTypeText raterType={type} />,
        },
        {
          title: t('reviewCycles.result.templateWeight'),
          dataIndex: 'weightBp',
          align: 'right',
          render: (bp: number) => `${formatWeight(bp)}%`,
        },
        {
          title: t('reviewCycles.result.share'),
          dataIndex: 'weightShare',
          align: 'right',
          render: (share: number) => formatShare(share),
        },
        {
          title: t('reviewCycles.result.score'),
          dataIndex: 'score',
          align: 'right',
          render: (score: number) => formatScore(score),
        },
        { title: t('reviewCycles.result.raters'), dataIndex: 'raters', align: 'right' },
      ]}
    />
  );
}

/** The items of one dimension with the mean rating each rater type gave. */
function ItemsTable({ d }: { d: Dimension }) {
  const { t } = useTranslation();
  const types = [...new Set(d.items.flatMap((i) => i.byType.map((b) => b.raterType)))];
  return (
    <Table
      size="small"
      rowKey="key"
      dataSource={d.items}
      pagination={false}
      scroll={{ x: 360 + types.length * 120 }}
      columns={[
        { title: t('reviewCycles.result.item'), dataIndex: 'name' },
        {
          title: t('reviewCycles.result.weight'),
          dataIndex: 'weightBp',
          align: 'right',
          render: (bp: number) => `${formatWeight(bp)}%`,
        },
        ...types.map((type) => ({
          title: t('reviewCycles.result.meanRatingOf', { type: t(`reviewCycles.raterTypes.${type}`) }),
          key: type,
          align: 'right' as const,
          render: (_: unknown, item: Dimension['items'][number]) => {
            const b = item.byType.find((x) => x.raterType === type);
            return b ? (
              <span title={t('reviewCycles.result.ratersCount', { count: b.raters })}>
                {formatRating(b.meanRating)}
                <Typography.Text type="secondary"> ({formatScore(b.meanScore)})</Typography.Text>
              </span>
            ) : (
              '—'
            );
          },
        })),
      ]}
    />
  );
}

/** Where each point came from: dimension weight, score, share after renormalisation, contribution. */
function BreakdownTable({ result }: { result: ParticipantResult }) {
  const { t } = useTranslation();
  const scored = result.breakdown.filter((d) => d.score !== null);
  return (
    <Table<Dimension>
      size="small"
      rowKey="key"
      dataSource={result.breakdown}
      pagination={false}
      scroll={{ x: 720 }}
      data-testid="score-breakdown"
      expandable={{
        rowExpandable: (d) => d.source === 'ratings',
        expandedRowRender: (d) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Text strong>{t('reviewCycles.result.raterTypes')}</Typography.Text>
            <RaterTypesTable d={d} />
            {hasHiddenParts(d) && (
              <Typography.Text type="secondary">{t('reviewCycles.result.partsHidden')}</Typography.Text>
            )}
            <Typography.Text strong>{t('reviewCycles.result.items')}</Typography.Text>
            <ItemsTable d={d} />
          </Space>
        ),
      }}
      columns={[
        { title: t('reviewCycles.result.dimension'), dataIndex: 'name' },
        {
          title: t('reviewCycles.result.source'),
          dataIndex: 'source',
          render: (source: Dimension['source']) => t(`reviewCycles.result.sources.${source}`),
        },
        {
          title: t('reviewCycles.result.weight'),
          dataIndex: 'weightBp',
          align: 'right',
          render: (bp: number) => `${formatWeight(bp)}%`,
        },
        {
          title: t('reviewCycles.result.score'),
          dataIndex: 'score',
          align: 'right',
          render: (score: number | null) => formatScore(score),
        },
        {
          title: t('reviewCycles.result.share'),
          dataIndex: 'weightShare',
          align: 'right',
          render: (share: number, d) => (d.score === null ? '—' : formatShare(share)),
        },
        {
          title: t('reviewCycles.result.contribution'),
          dataIndex: 'contribution',
          align: 'right',
          render: (c: number, d) => (d.score === null ? '—' : formatScore(c)),
        },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} />
          <Table.Summary.Cell index={1}>
            <strong>{t('reviewCycles.result.total')}</strong>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={2} colSpan={3} />
          <Table.Summary.Cell index={5} align="right">
            {scored.length > 0 ? formatShare(scored.reduce((s, d) => s + d.weightShare, 0)) : '—'}
          </Table.Summary.Cell>
          <Table.Summary.Cell index={6} align="right">
            <strong>{formatScore(result.finalScore)}</strong>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

/** Self and manager answers, named by nature, with the manager's 评语. */
function NamedAnswers({ result }: { result: ParticipantResult }) {
  const { t } = useTranslation();
  const rows = answerRows(result);
  const notSubmitted = (
    <Typography.Text type="secondary">{t('reviewCycles.result.notSubmitted')}</Typography.Text>
  );
  const cell = (rating: number | null | undefined, comment: string, submitted: boolean) =>
    submitted ? (
      <Space orientation="vertical" size={0}>
        <span>
          {rating === undefined ? '—' : rating === null ? t('reviewCycles.result.notRated') : rating}
        </span>
        {comment && <Typography.Text type="secondary">{comment}</Typography.Text>}
      </Space>
    ) : (
      '—'
    );
  return (
    <Card size="small" title={t('reviewCycles.result.answers')}>
      <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('reviewCycles.raterTypes.self')}>
          {result.self ? t('reviewCycles.result.submitted') : notSubmitted}
        </Descriptions.Item>
        <Descriptions.Item label={t('reviewCycles.raterTypes.manager')}>
          {result.manager ? result.manager.reviewerName : notSubmitted}
        </Descriptions.Item>
      </Descriptions>
      {rows.length > 0 && (
        <Table
          size="small"
          rowKey="key"
          dataSource={rows}
          pagination={false}
          scroll={{ x: 560 }}
          columns={[
            { title: t('reviewCycles.result.item'), dataIndex: 'name' },
            {
              title: t('reviewCycles.raterTypes.self'),
              key: 'self',
              render: (_, r) => cell(r.selfRating, r.selfComment, !!result.self),
            },
            {
              title: t('reviewCycles.raterTypes.manager'),
              key: 'manager',
              render: (_, r) => cell(r.managerRating, r.managerComment, !!result.manager),
            },
          ]}
        />
      )}
      {result.manager && (result.manager.strengths || result.manager.improvements) && (
        <Descriptions
          size="small"
          column={1}
          title={t('reviewCycles.result.managerComment', { name: result.manager.reviewerName })}
          style={{ marginTop: 16 }}
        >
          <Descriptions.Item label={t('reviewCycles.result.strengths')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {result.manager.strengths || '—'}
            </Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label={t('reviewCycles.result.improvements')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
              {result.manager.improvements || '—'}
            </Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}

/** Peer, subordinate and collaborator answers: aggregates the server chose to show, and why others are not. */
function AnonymousGroups({ result, minimum }: { result: ParticipantResult; minimum: number | null }) {
  const { t } = useTranslation();
  const names = itemNamesOf(result);
  return (
    <Card size="small" title={t('reviewCycles.result.groups')}>
      <Typography.Paragraph type="secondary">{t('reviewCycles.result.anonymityNote')}</Typography.Paragraph>
      <Space orientation="vertical" style={{ width: '100%' }}>
        {result.hidden.map((h) => (
          <Alert
            key={h.raterType}
            type="info"
            showIcon
            data-testid="hidden-rater-type"
            title={t('reviewCycles.labelled', {
              label: t(`reviewCycles.raterTypes.${h.raterType}`),
              value:
                h.reason === 'phase_open'
                  ? t('reviewCycles.result.hidden.phaseOpen')
                  : minimum === null
                    ? t('reviewCycles.result.hidden.belowMinimum')
                    : t('reviewCycles.result.hidden.belowMinimumOf', { count: minimum }),
            })}
          />
        ))}
        {result.groups.map((g) => (
          <Card
            key={g.raterType}
            size="small"
            type="inner"
            title={
              <Space>
                <RaterTypeText raterType={g.raterType} />
                <Tag>{t('reviewCycles.result.ratersCount', { count: g.raters })}</Tag>
              </Space>
            }
          >
            <Table
              size="small"
              rowKey="key"
              dataSource={g.items}
              pagination={false}
              scroll={{ x: 360 }}
              columns={[
                {
                  title: t('reviewCycles.result.item'),
                  dataIndex: 'key',
                  render: (key: string) => names.get(key) ?? key,
                },
                {
                  title: t('reviewCycles.result.meanRating'),
                  dataIndex: 'meanRating',
                  align: 'right',
                  render: (m: number | null) => formatRating(m),
                },
                { title: t('reviewCycles.result.answered'), dataIndex: 'answered', align: 'right' },
              ]}
            />
            <Typography.Text strong style={{ display: 'block', marginTop: 12 }}>
              {t('reviewCycles.result.comments')}
            </Typography.Text>
            {g.comments.length > 0 ? (
              <List
                size="small"
                dataSource={g.comments}
                renderItem={(c) => <List.Item style={{ whiteSpace: 'pre-wrap' }}>{c}</List.Item>}
              />
            ) : (
              <Typography.Text type="secondary">{t('reviewCycles.result.noComments')}</Typography.Text>
            )}
          </Card>
        ))}
        {result.groups.length === 0 && result.hidden.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reviewCycles.result.noGroups')} />
        )}
      </Space>
    </Card>
  );
}

/** One person's result in a round, for HR and their managers: score, breakdown and answers. */
export function ParticipantResultPage({ me }: { me: Me }) {
  const { id, employeeId } = useParams();
  const { t } = useTranslation();
  const round = useReviewCycle(id);
  const result = useParticipantResult(id, employeeId);
  // Only HR may read templates, and only they learn the exact minimum behind a hidden group.
  const templates = useAllTemplates(
    can(me, 'reviews.manage') && result.isSuccess && result.data.hidden.length > 0,
  );

  const roundLink = (
    <Link to={`/review-cycles/${id}?tab=people`}>{round.data?.name ?? t('reviewCycles.title')}</Link>
  );
  if (result.isPending) return <Skeleton active />;
  if (result.isError) {
    const status = result.error instanceof ApiError ? result.error.status : 0;
    return (
      <Result
        status={status === 403 ? '403' : status === 404 ? '404' : 'error'}
        title={status === 403 ? t('reviewCycles.result.forbidden') : describeError(result.error, t)}
        extra={roundLink}
      />
    );
  }
  const r = result.data;
  const minimum = round.data && templates.data ? anonymityMinimumOf(round.data, templates.data) : null;

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Breadcrumb
        items={[
          { title: <Link to="/review-cycles">{t('reviewCycles.title')}</Link> },
          { title: roundLink },
          { title: r.name },
        ]}
      />
      <Card
        title={
          <Space wrap>
            <span data-testid="participant-name">{r.name}</span>
            {round.data && <Tag>{round.data.name}</Tag>}
          </Space>
        }
      >
        <Row gutter={[16, 16]}>
          <Col xs={12} md={6}>
            <Statistic
              title={t('reviewCycles.result.finalScore')}
              value={formatScore(r.finalScore)}
              data-testid="final-score"
            />
          </Col>
          <Col xs={12} md={6}>
            <Statistic
              title={t('reviewCycles.result.attainment')}
              value={r.attainment === null ? '—' : formatPercent(r.attainment)}
            />
          </Col>
        </Row>
        {r.scoreWithheld && (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 16 }}
            title={t(`reviewCycles.result.withheld.${r.scoreWithheld}`, { minimum: r.anonymityMinimum })}
          />
        )}
        <Alert
          type="info"
          icon={<InfoCircleOutlined />}
          showIcon
          style={{ marginTop: 16 }}
          title={t('reviewCycles.result.howComputed')}
          description={t('reviewCycles.result.howComputedText')}
        />
      </Card>
      <Card size="small" title={t('reviewCycles.result.breakdown')}>
        {r.breakdown.length > 0 ? (
          <BreakdownTable result={r} />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reviewCycles.result.notScored')} />
        )}
      </Card>
      <NamedAnswers result={r} />
      <AnonymousGroups result={r} minimum={minimum} />
    </Space>
  );
}
