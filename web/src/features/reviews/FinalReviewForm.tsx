import {
  type FinalAnswers,
  formatWeight,
  type RaterType,
  type ReviewTemplateDefinition,
  type TemplateDimension,
  type TemplateItem,
} from '@perfloop/core';
import { Alert, Card, Form, Input, Radio, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { countRated, isCommentRequired, ratingChoices } from './review-form';

/** The radio value of "不了解 / can't judge" (the answer is null). */
const CANT_JUDGE = 'na';

type FormProps = {
  definition: ReviewTemplateDefinition;
  raterType: RaterType;
  value: FinalAnswers;
  onChange: (next: FinalAnswers, touched: string[]) => void;
  readOnly: boolean;
  /** The server's field errors by path (`answers.ratings.<key>` …). */
  errors: Record<string, string>;
};

function RatingItem(props: FormProps & { item: TemplateItem }) {
  const { t } = useTranslation();
  const { item, definition, value, readOnly, errors } = props;
  const rating = value.ratings[item.key];
  const ratingPath = `answers.ratings.${item.key}`;
  const commentPath = `answers.comments.${item.key}`;
  const nameId = `review-item-${item.key}`;
  const commentId = `review-comment-${item.key}`;
  const needsComment = isCommentRequired(definition, rating);

  function rate(choice: number | typeof CANT_JUDGE) {
    const ratings = { ...value.ratings, [item.key]: choice === CANT_JUDGE ? null : choice };
    props.onChange({ ...value, ratings }, [ratingPath, commentPath, 'answers.ratings']);
  }
  function comment(text: string) {
    props.onChange({ ...value, comments: { ...value.comments, [item.key]: text } }, [commentPath]);
  }

  return (
    <div style={{ paddingBlock: 12, borderTop: '1px solid rgba(5, 5, 5, 0.06)' }}>
      <Space wrap size={6}>
        <Typography.Text strong id={nameId}>
          {item.name}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('reviews.weight', { weight: formatWeight(item.weightBp) })}
        </Typography.Text>
      </Space>
      {item.description && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {item.description}
        </Typography.Paragraph>
      )}
      <Form.Item
        style={{ marginBottom: 8 }}
        validateStatus={errors[ratingPath] ? 'error' : undefined}
        help={errors[ratingPath]}
      >
        <Radio.Group
          aria-labelledby={nameId}
          name={`rating-${item.key}`}
          orientation="vertical"
          disabled={readOnly}
          value={rating === null ? CANT_JUDGE : rating}
          onChange={(e) => rate(e.target.value as number | typeof CANT_JUDGE)}
        >
          {ratingChoices(definition, item).map((c) => (
            <Radio key={c.rating} value={c.rating} style={{ alignItems: 'flex-start' }}>
              <Typography.Text strong>
                {c.rating} · {c.label}
              </Typography.Text>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {c.anchor}
              </Typography.Text>
            </Radio>
          ))}
          <Radio value={CANT_JUDGE}>{t('reviews.form.cantJudge')}</Radio>
        </Radio.Group>
      </Form.Item>
      <Form.Item
        label={t('reviews.form.commentOn', { item: item.name })}
        htmlFor={commentId}
        required={needsComment}
        tooltip={needsComment ? t('reviews.form.commentRequiredTip') : undefined}
        validateStatus={errors[commentPath] ? 'error' : undefined}
        help={errors[commentPath]}
        style={{ marginBottom: 0 }}
      >
        <Input.TextArea
          id={commentId}
          autoSize={{ minRows: 2, maxRows: 8 }}
          maxLength={2000}
          disabled={readOnly}
          value={value.comments[item.key] ?? ''}
          onChange={(e) => comment(e.target.value)}
          placeholder={needsComment ? t('reviews.form.commentRequiredPlaceholder') : undefined}
        />
      </Form.Item>
    </div>
  );
}

function DimensionCard(props: FormProps & { dimension: TemplateDimension }) {
  const { t } = useTranslation();
  const { dimension } = props;
  return (
    <Card
      size="small"
      title={
        <Space wrap size={6}>
          <span>{dimension.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
            {t('reviews.weight', { weight: formatWeight(dimension.weightBp) })}
          </Typography.Text>
        </Space>
      }
    >
      {dimension.source === 'attainment' ? (
        <Space wrap>
          <Tag color="blue">{t('reviews.form.fromAttainment')}</Tag>
          <Typography.Text type="secondary">
            {t('reviews.form.fromAttainmentHelp', { cap: Math.round(dimension.attainmentCap * 100) })}
          </Typography.Text>
        </Space>
      ) : (
        dimension.items.map((item) => <RatingItem key={item.key} {...props} item={item} />)
      )}
    </Card>
  );
}

/** A final review: every rating dimension's items on the template's scale, and the manager's 评语. */
export function FinalReviewForm(props: FormProps) {
  const { t } = useTranslation();
  const { definition, value, readOnly, errors } = props;
  const { rated, total } = countRated(definition, value);
  const text = (field: 'strengths' | 'improvements') => {
    const path = `answers.${field}`;
    return (
      <Form.Item
        label={t(`reviews.form.${field}`)}
        htmlFor={`review-${field}`}
        validateStatus={errors[path] ? 'error' : undefined}
        help={errors[path]}
      >
        <Input.TextArea
          id={`review-${field}`}
          autoSize={{ minRows: 3, maxRows: 12 }}
          maxLength={4000}
          disabled={readOnly}
          value={value[field]}
          onChange={(e) => props.onChange({ ...value, [field]: e.target.value }, [path])}
        />
      </Form.Item>
    );
  };
  return (
    <Form layout="vertical" component="div">
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {t('reviews.form.ratedCount', { rated, total })}
          {definition.commentRequiredAtExtremes && ` · ${t('reviews.form.extremesNeedComment')}`}
        </Typography.Text>
        {errors['answers.ratings'] && <Alert type="error" showIcon title={errors['answers.ratings']} />}
        {definition.dimensions.map((d) => (
          <DimensionCard key={d.key} {...props} dimension={d} />
        ))}
        {props.raterType === 'manager' && (
          <Card size="small" title={t('reviews.form.managerComment')}>
            {text('strengths')}
            {text('improvements')}
          </Card>
        )}
      </Space>
    </Form>
  );
}
