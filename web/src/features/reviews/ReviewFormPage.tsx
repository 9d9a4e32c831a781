import { CheckCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import type { FinalAnswers, MidAnswers, Review } from '@perfloop/core';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Col, Grid, Result, Row, Skeleton, Space, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { type CSSProperties, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { describeError } from '../../shared/errors';
import { useFormMutation } from '../../shared/use-form-mutation';
import { useInvalidateFollowThrough } from '../follow-ups/follow-ups.api';
import { Autosave, type AutosaveStatus } from './autosave';
import { FinalReviewForm } from './FinalReviewForm';
import { MidReviewForm } from './MidReviewForm';
import { ReviewEvidencePanel } from './ReviewEvidencePanel';
import { DueDate, RaterTypeTag, ReviewKindTag, ReviewStatusTag } from './ReviewTags';
import {
  countRated,
  etagOf,
  fieldErrorMap,
  isNotEditable,
  isStaleVersion,
  midAnswersForApi,
  serverPlanIndex,
  toFinalAnswers,
  toMidAnswers,
} from './review-form';
import {
  planToFollowUp,
  saveReviewDraft,
  submitReview,
  useInvalidateReviews,
  useReview,
} from './reviews.api';
import { SubmitErrorAlert } from './SubmitErrorAlert';

/** Quiet time after the last keystroke before a draft saves. */
const AUTOSAVE_DELAY_MS = 1500;

type Answers = FinalAnswers | MidAnswers;

/** Submit and the save state stay in sight at the bottom while the reviewer scrolls a long form. */
const ACTION_BAR: CSSProperties = {
  position: 'sticky',
  bottom: 0,
  zIndex: 2,
  padding: '12px 0',
  background: 'var(--ant-color-bg-layout, #f5f5f5)',
  borderTop: '1px solid rgba(5, 5, 5, 0.06)',
};

/** "已保存 14:32", "保存中…", or what went wrong, read out to screen readers as it changes. */
function SaveState(props: { status: AutosaveStatus; onRetry: () => void; onReload: () => void }) {
  const { t } = useTranslation();
  const { status, onRetry } = props;
  let content: ReactNode = null;
  if (status.kind === 'conflict')
    content = (
      <Space size={4} wrap>
        <Typography.Text type="warning">{t('reviews.save.conflict')}</Typography.Text>
        <Button size="small" onClick={props.onReload}>
          {t('reviews.form.reload')}
        </Button>
      </Space>
    );
  if (status.kind === 'dirty')
    content = <Typography.Text type="secondary">{t('reviews.save.dirty')}</Typography.Text>;
  if (status.kind === 'saving')
    content = (
      <Typography.Text type="secondary">
        <LoadingOutlined /> {t('reviews.save.saving')}
      </Typography.Text>
    );
  if (status.kind === 'saved')
    content = (
      <Typography.Text type="success">
        <CheckCircleOutlined /> {t('reviews.save.saved', { time: dayjs(status.at).format('HH:mm') })}
      </Typography.Text>
    );
  if (status.kind === 'error')
    content = (
      <Space size={4} wrap>
        <Typography.Text type="danger">
          {t('reviews.save.failed', { reason: describeError(status.error, t) })}
        </Typography.Text>
        {status.retryable && (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )}
      </Space>
    );
  return (
    <div role="status" aria-live="polite">
      {content}
    </div>
  );
}

function ReviewEditor({ review, etag, onReload }: { review: Review; etag: string; onReload: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const invalidateReviews = useInvalidateReviews();
  const invalidateFollowThrough = useInvalidateFollowThrough();
  const screens = Grid.useBreakpoint();
  const isMid = review.kind === 'mid';
  const [answers, setAnswers] = useState<Answers>(() =>
    isMid ? toMidAnswers(review.answers, review.goals) : toFinalAnswers(review.answers),
  );
  const [status, setStatus] = useState<AutosaveStatus>({ kind: 'idle' });
  // A first save makes a pending review a draft on the server; the header says so without a reload.
  const [hasSaved, setHasSaved] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [converting, setConverting] = useState<number | null>(null);
  const autosaveRef = useRef<Autosave<Answers> | null>(null);
  autosaveRef.current ??= new Autosave<Answers>({
    delayMs: AUTOSAVE_DELAY_MS,
    version: etag,
    save: (value, ifMatch) => saveReviewDraft(review.id, value, ifMatch),
    classify: (error) => (isStaleVersion(error) ? 'conflict' : isNotEditable(error) ? 'fatal' : 'retry'),
    onStatus: (s) => {
      setStatus(s);
      if (s.kind === 'saved') setHasSaved(true);
    },
  });
  const autosave = autosaveRef.current;

  const submission = useFormMutation({
    mutate: async () => {
      const ifMatch = await autosave.settle();
      return submitReview(review.id, forApi(answers), ifMatch);
    },
    successMessage: t('reviews.form.submitted'),
    onSuccess: async (result: Review) => {
      autosave.stop();
      queryClient.setQueryData(['review', review.id], { review: result, etag: etagOf(result.version) });
      await invalidateReviews();
    },
  });

  useEffect(() => {
    const found = fieldErrorMap(submission.error, t);
    setErrors(found);
    // A long form: bring the first item the server marked into view.
    if (Object.keys(found).length > 0)
      requestAnimationFrame(() =>
        document
          .querySelector('.ant-form-item-has-error')
          ?.scrollIntoView({ block: 'center', behavior: 'smooth' }),
      );
  }, [submission.error, t]);

  // Leaving the page saves what waits; closing the tab first asks while something is unsaved.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (autosave.hasUnsavedChanges) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      void autosave.flush();
    };
  }, [autosave]);

  const conflict = status.kind === 'conflict' || isStaleVersion(submission.error);
  const readOnly =
    review.status === 'submitted' || conflict || (status.kind === 'error' && !status.retryable);

  function forApi(value: Answers): Answers {
    return isMid ? midAnswersForApi(value as MidAnswers) : value;
  }

  function change(next: Answers, touched: string[]) {
    setAnswers(next);
    if (touched.some((p) => errors[p]))
      setErrors((current) =>
        Object.fromEntries(Object.entries(current).filter(([p]) => !touched.includes(p))),
      );
    autosave.change(forApi(next));
  }

  function confirmSubmit() {
    // Items left unrated are left out of the score, and submitting is final: say so before.
    const count =
      !isMid && review.template ? countRated(review.template.definition, answers as FinalAnswers) : null;
    const unrated = count ? count.total - count.rated : 0;
    modal.confirm({
      title: t('reviews.form.confirmTitle'),
      content: (
        <>
          {unrated > 0 && (
            <Typography.Paragraph type="warning">
              {t('reviews.form.confirmUnrated', { count: unrated })}
            </Typography.Paragraph>
          )}
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            {review.raterType === 'self'
              ? t('reviews.form.confirmBodySelf')
              : t('reviews.form.confirmBody', { name: review.rateeName })}
          </Typography.Paragraph>
        </>
      ),
      okText: t('reviews.form.submit'),
      cancelText: t('common.cancel'),
      onOk: () => submission.submit(undefined),
    });
  }

  async function toFollowUp(index: number) {
    const mid = answers as MidAnswers;
    const planIndex = serverPlanIndex(mid.retrospective.plan, index);
    if (planIndex === null) return;
    setConverting(index);
    try {
      if (review.status !== 'submitted') await autosave.settle();
      const result = await planToFollowUp(review.id, planIndex);
      autosave.setVersion(etagOf(result.version));
      const followUpId = (result.answers as MidAnswers).retrospective?.plan[planIndex]?.followUpId ?? null;
      setAnswers((current) => {
        const m = current as MidAnswers;
        const plan = m.retrospective.plan.map((p, i) => (i === index ? { ...p, followUpId } : p));
        return { ...m, retrospective: { ...m.retrospective, plan } };
      });
      message.success(t('reviews.mid.followUpCreated'));
      await invalidateFollowThrough();
    } catch (e) {
      message.error(describeError(e, t));
    } finally {
      setConverting(null);
    }
  }

  const title =
    review.raterType === 'self'
      ? t('reviews.form.selfTitle', { kind: t(`reviews.kinds.${review.kind}`) })
      : t('reviews.form.title', {
          name: review.rateeName,
          type: t(`reviews.raterTypes.${review.raterType}`),
        });

  const form = (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {conflict && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('reviews.form.conflictTitle')}
          description={t('reviews.form.conflictBody')}
          action={
            <Button size="small" type="primary" onClick={onReload}>
              {t('reviews.form.reload')}
            </Button>
          }
        />
      )}
      {review.status === 'submitted' && (
        <Alert
          type="success"
          showIcon
          title={t('reviews.form.isSubmitted', {
            at: review.submittedAt ? new Date(review.submittedAt).toLocaleString() : '',
          })}
        />
      )}
      {!conflict && <SubmitErrorAlert error={submission.error} />}
      {isMid ? (
        <MidReviewForm
          goals={review.goals}
          value={answers as MidAnswers}
          onChange={change}
          readOnly={readOnly}
          errors={errors}
          onPlanToFollowUp={conflict ? undefined : (i) => void toFollowUp(i)}
          converting={converting}
        />
      ) : review.template ? (
        <FinalReviewForm
          definition={review.template.definition}
          raterType={review.raterType}
          value={answers as FinalAnswers}
          onChange={change}
          readOnly={readOnly}
          errors={errors}
        />
      ) : (
        <Alert type="error" showIcon title={t('reviews.form.noTemplate')} />
      )}
      {review.status !== 'submitted' && (
        <div style={ACTION_BAR}>
          <Space wrap>
            <Button
              type="primary"
              onClick={confirmSubmit}
              loading={submission.submitting}
              disabled={readOnly}
            >
              {t('reviews.form.submit')}
            </Button>
            <SaveState status={status} onRetry={() => void autosave.flush()} onReload={onReload} />
          </Space>
        </div>
      )}
    </Space>
  );
  const evidence = <ReviewEvidencePanel reviewId={review.id} showTitle={!!screens.lg} />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/reviews">{t('reviews.backToList')}</Link>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }} align="start">
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          <Space wrap size={4} style={{ marginTop: 4 }}>
            <Typography.Text type="secondary">{review.reviewCycleName}</Typography.Text>
            <ReviewKindTag kind={review.kind} />
            <RaterTypeTag raterType={review.raterType} />
            <ReviewStatusTag status={review.status === 'pending' && hasSaved ? 'draft' : review.status} />
            {review.rateeDepartmentName && (
              <Typography.Text type="secondary">{review.rateeDepartmentName}</Typography.Text>
            )}
            {review.status !== 'submitted' && <DueDate dueDate={review.dueDate} />}
          </Space>
        </div>
      </Space>
      {screens.lg ? (
        <Row gutter={24} align="top">
          <Col span={15}>{form}</Col>
          <Col span={9}>
            <div style={{ position: 'sticky', top: 16, maxHeight: 'calc(100vh - 32px)', overflowY: 'auto' }}>
              {evidence}
            </div>
          </Col>
        </Row>
      ) : (
        <Tabs
          items={[
            { key: 'form', label: t('reviews.form.tab'), children: form },
            { key: 'evidence', label: t('reviews.evidence.title'), children: evidence },
          ]}
        />
      )}
    </Space>
  );
}

/** One review to write: the form (final or mid-cycle), saving itself, and the evidence beside it. */
export function ReviewFormPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const query = useReview(id);

  if (query.isPending) return <Skeleton active />;
  if (query.isError)
    return (
      <Result
        status="warning"
        title={describeError(query.error, t)}
        extra={<Link to="/reviews">{t('reviews.backToList')}</Link>}
      />
    );
  const { review, etag } = query.data;
  return (
    <ReviewEditor
      // A reload (after someone else saved) or the submitted review starts a fresh form.
      key={`${review.id}:${review.version}:${review.status}:${query.dataUpdatedAt}`}
      review={review}
      etag={etag}
      onReload={() => void query.refetch()}
    />
  );
}
