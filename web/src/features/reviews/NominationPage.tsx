import type { Me, Nomination } from '@perfloop/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Form,
  Result,
  Select,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { describeError } from '../../shared/errors';
import { useFormMutation } from '../../shared/use-form-mutation';
import { NominationStatusTag } from './ReviewTags';
import { etagOf, fieldErrorMap, isStaleVersion } from './review-form';
import { approveNomination, submitNomination, useInvalidateReviews, useNomination } from './reviews.api';
import { SubmitErrorAlert } from './SubmitErrorAlert';

type Person = Nomination['proposedPeers'][number];
type Field = 'peerIds' | 'collaboratorIds';

/** The server's errors about one list, an error on one person named after them. */
function errorsOf(errors: Record<string, string>, field: Field, people: Person[]): string[] {
  return Object.entries(errors)
    .filter(([path]) => path === field || path.startsWith(`${field}.`))
    .map(([path, text]) => {
      const person = people[Number(path.split('.')[1])];
      return person && path !== field ? `${person.name}: ${text}` : text;
    });
}

/**
 * Searches the colleagues who may be nominated (never the ratee or their manager) by name or
 * number: an employee sees no one else in the organisation pages, so the round offers its own search.
 */
function CandidateSelect(props: {
  id: string;
  reviewCycleId: string;
  employeeId: string;
  chosenIds: string[];
  onPick: (person: Person) => void;
}) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const results = useQuery({
    queryKey: ['nomination-candidates', props.reviewCycleId, props.employeeId, search],
    queryFn: () =>
      api('GET /review-cycles/{id}/nominations/{employeeId}/candidates', {
        params: { id: props.reviewCycleId, employeeId: props.employeeId },
        query: { q: search, limit: 20 },
      }).then((r) => r.items),
  });
  const items = (results.data ?? []).filter((c) => !props.chosenIds.includes(c.id));
  return (
    <Select
      id={props.id}
      style={{ width: '100%', maxWidth: 360 }}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={null}
      onChange={(id: string | null) => {
        const c = items.find((x) => x.id === id);
        if (c) props.onPick({ id: c.id, name: c.name, departmentName: c.departmentName });
      }}
      options={items.map((c) => ({
        value: c.id,
        label: `${c.name} (${c.employeeNo})${c.departmentName ? ` · ${c.departmentName}` : ''}`,
      }))}
      loading={results.isFetching}
      placeholder={t('common.searchPeople')}
      notFoundContent={results.isFetching ? t('common.loading') : t('common.noData')}
    />
  );
}

function PeopleList({ people }: { people: Person[] }) {
  const { t } = useTranslation();
  if (people.length === 0)
    return <Typography.Text type="secondary">{t('reviews.nomination.nobody')}</Typography.Text>;
  return (
    <Space wrap size={[4, 8]}>
      {people.map((p) => (
        <Tag key={p.id}>
          {p.name}
          {p.departmentName && <Typography.Text type="secondary"> · {p.departmentName}</Typography.Text>}
        </Tag>
      ))}
    </Space>
  );
}

/** People chosen one by one through the employee search; each can be taken off again. */
function PeoplePicker(props: {
  field: Field;
  label: string;
  help: string;
  people: Person[];
  onChange: (people: Person[]) => void;
  /** The ratee, who cannot review themself. */
  excludeId: string;
  reviewCycleId: string;
  /** Everyone already chosen, in either list: choosing them again changes nothing. */
  chosenIds: string[];
  errors: string[];
}) {
  const { t } = useTranslation();
  const inputId = `nomination-${props.field}`;

  return (
    <Form.Item
      label={props.label}
      htmlFor={inputId}
      extra={props.help}
      validateStatus={props.errors.length > 0 ? 'error' : undefined}
      help={props.errors.length > 0 ? props.errors.join('; ') : undefined}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {props.people.length > 0 && (
          <Space wrap size={[4, 8]}>
            {props.people.map((p) => (
              <Tag
                key={p.id}
                closable={{ 'aria-label': t('reviews.nomination.remove', { name: p.name }) }}
                onClose={(e) => {
                  e.preventDefault();
                  props.onChange(props.people.filter((q) => q.id !== p.id));
                }}
              >
                {p.name}
                {p.departmentName && (
                  <Typography.Text type="secondary"> · {p.departmentName}</Typography.Text>
                )}
              </Tag>
            ))}
          </Space>
        )}
        <CandidateSelect
          id={inputId}
          reviewCycleId={props.reviewCycleId}
          employeeId={props.excludeId}
          chosenIds={props.chosenIds}
          onPick={(person) => props.onChange([...props.people, person])}
        />
      </Space>
    </Form.Item>
  );
}

function NominationEditor(props: {
  nomination: Nomination;
  etag: string;
  isRatee: boolean;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const invalidate = useInvalidateReviews();
  const { nomination: n, isRatee } = props;
  // The ratee edits their proposal; the manager (or HR) the list to approve, the proposal to start from.
  const [peers, setPeers] = useState<Person[]>(() =>
    isRatee ? n.proposedPeers : (n.approvedPeers ?? n.proposedPeers),
  );
  const [collaborators, setCollaborators] = useState<Person[]>(() =>
    isRatee ? n.proposedCollaborators : (n.approvedCollaborators ?? n.proposedCollaborators),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const editable = n.status !== 'approved';
  const count = peers.length + collaborators.length;
  const inRange = count >= n.min && count <= n.max;

  const save = useFormMutation({
    mutate: (action: 'submit' | 'approve') => {
      const body = { peerIds: peers.map((p) => p.id), collaboratorIds: collaborators.map((p) => p.id) };
      return action === 'submit'
        ? submitNomination(n.reviewCycleId, n.employeeId, body, props.etag)
        : approveNomination(n.reviewCycleId, n.employeeId, body, props.etag);
    },
    successMessage: (_, action) =>
      t(action === 'submit' ? 'reviews.nomination.submitted' : 'reviews.nomination.approved'),
    onSuccess: async (result: Nomination) => {
      queryClient.setQueryData(['nomination', n.reviewCycleId, n.employeeId], {
        nomination: result,
        etag: etagOf(result.version),
      });
      await invalidate();
    },
  });
  useEffect(
    () => setErrors(fieldErrorMap(save.error, t, { min: n.min, max: n.max })),
    [save.error, t, n.min, n.max],
  );

  // The server's errors are about the lists as sent (how many in all, who at which place): any
  // change makes them stale.
  function edit(set: (people: Person[]) => void) {
    return (people: Person[]) => {
      set(people);
      setErrors({});
    };
  }

  const chosenIds = [...peers, ...collaborators].map((p) => p.id);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to="/reviews">{t('reviews.backToList')}</Link>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {isRatee ? t('reviews.nomination.myTitle') : t('reviews.nomination.title', { name: n.employeeName })}
      </Typography.Title>
      <Descriptions size="small" bordered column={{ xs: 1, sm: 3 }}>
        <Descriptions.Item label={t('reviews.nomination.status')}>
          <NominationStatusTag status={n.status} isRatee={isRatee} />
        </Descriptions.Item>
        <Descriptions.Item label={t('reviews.nomination.howMany')}>
          {t('reviews.nomination.range', { min: n.min, max: n.max })}
        </Descriptions.Item>
        <Descriptions.Item label={t('reviews.nomination.deadline')}>
          {n.dueDate ?? t('reviews.noDeadline')}
        </Descriptions.Item>
      </Descriptions>

      {isRatee && n.status === 'not_started' && (
        <Alert type="info" showIcon title={t('reviews.nomination.intro', { min: n.min, max: n.max })} />
      )}
      {isRatee && n.status === 'submitted' && (
        <Alert
          type="info"
          showIcon
          title={t('reviews.nomination.waiting')}
          description={t('reviews.nomination.waitingHelp')}
        />
      )}
      {isRatee && n.status === 'approved' && (
        <Alert type="success" showIcon title={t('reviews.nomination.approvedByManager')} />
      )}
      {!isRatee && n.status === 'approved' && (
        <Alert type="success" showIcon title={t('reviews.nomination.isApproved')} />
      )}

      {!isRatee && (
        <Card size="small" title={t('reviews.nomination.proposal', { name: n.employeeName })}>
          {n.status === 'not_started' ? (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={t('reviews.nomination.notProposedYet')}
            />
          ) : (
            <Descriptions size="small" column={1}>
              <Descriptions.Item label={t('reviews.nomination.peers')}>
                <PeopleList people={n.proposedPeers} />
              </Descriptions.Item>
              <Descriptions.Item label={t('reviews.nomination.collaborators')}>
                <PeopleList people={n.proposedCollaborators} />
              </Descriptions.Item>
            </Descriptions>
          )}
        </Card>
      )}

      <Card
        size="small"
        title={
          isRatee
            ? t('reviews.nomination.myProposal')
            : editable
              ? t('reviews.nomination.approvedList')
              : t('reviews.nomination.approvedListDone')
        }
      >
        {editable ? (
          <Form layout="vertical" component="div">
            <PeoplePicker
              field="peerIds"
              label={t('reviews.nomination.peers')}
              help={t(isRatee ? 'reviews.nomination.peersHelp' : 'reviews.nomination.peersHelpManager')}
              people={peers}
              onChange={edit(setPeers)}
              excludeId={n.employeeId}
              reviewCycleId={n.reviewCycleId}
              chosenIds={chosenIds}
              errors={errorsOf(errors, 'peerIds', peers)}
            />
            <PeoplePicker
              field="collaboratorIds"
              label={t('reviews.nomination.collaborators')}
              help={t(
                isRatee
                  ? 'reviews.nomination.collaboratorsHelp'
                  : 'reviews.nomination.collaboratorsHelpManager',
              )}
              people={collaborators}
              onChange={edit(setCollaborators)}
              excludeId={n.employeeId}
              reviewCycleId={n.reviewCycleId}
              chosenIds={chosenIds}
              errors={errorsOf(errors, 'collaboratorIds', collaborators)}
            />
            <Typography.Paragraph type={inRange ? 'secondary' : 'warning'} role="status">
              {t('reviews.nomination.count', { count, min: n.min, max: n.max })}
            </Typography.Paragraph>
            {save.error !== null && (
              <div style={{ marginBottom: 12 }}>
                <SubmitErrorAlert error={save.error} />
              </div>
            )}
            {isStaleVersion(save.error) && (
              <Button onClick={props.onReload} style={{ marginBottom: 12 }}>
                {t('reviews.form.reload')}
              </Button>
            )}
            <Button
              type="primary"
              loading={save.submitting}
              onClick={() => void save.submit(isRatee ? 'submit' : 'approve')}
            >
              {isRatee
                ? n.status === 'submitted'
                  ? t('reviews.nomination.resubmit')
                  : t('reviews.nomination.submit')
                : t('reviews.nomination.approve')}
            </Button>
          </Form>
        ) : (
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('reviews.nomination.peers')}>
              <PeopleList people={peers} />
            </Descriptions.Item>
            <Descriptions.Item label={t('reviews.nomination.collaborators')}>
              <PeopleList people={collaborators} />
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
    </Space>
  );
}

/** Nominating peers and cross-department collaborators (the ratee), and approving them (the manager, HR). */
export function NominationPage({ me }: { me: Me }) {
  const { reviewCycleId, employeeId } = useParams();
  const { t } = useTranslation();
  const query = useNomination(reviewCycleId, employeeId);
  if (query.isPending) return <Skeleton active />;
  if (query.isError)
    return (
      <Result
        status="warning"
        title={describeError(query.error, t)}
        extra={<Link to="/reviews">{t('reviews.backToList')}</Link>}
      />
    );
  const { nomination, etag } = query.data;
  return (
    <NominationEditor
      key={`${nomination.version}:${query.dataUpdatedAt}`}
      nomination={nomination}
      etag={etag}
      isRatee={me.id === nomination.employeeId}
      onReload={() => void query.refetch()}
    />
  );
}
