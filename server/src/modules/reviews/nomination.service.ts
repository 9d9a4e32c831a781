import {
  deadlineOf,
  type Nomination,
  type NominationBody,
  type NominationCandidate,
  ReviewTemplateDefinitionSchema,
  reviewDeadlines,
} from '@perfloop/core';
import { TenantScope } from '../../db/tenant-scope.ts';
import type { Actor } from '../../http/actor.ts';
import type { AppContext } from '../../http/context.ts';
import { AppError, fieldError } from '../../http/errors.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findCycleState } from '../cycles/cycle.repository.ts';
import { notify } from '../notifications/notification.service.ts';
import { assertCanApproveNominations, assertCanNominate, nominationView } from './review.policy.ts';
import * as reviewRepo from './review.repository.ts';
import * as repo from './review-cycle.repository.ts';

/*
 * Nominations (§6): the ratee proposes peers and cross-department collaborators, their manager
 * approves or changes the list. The ratee never sees the approved list: who was finally asked is
 * the manager's and HR's to know.
 */

type Settings = { min: number; max: number; dueDate: string | null; peerDue: string | null };

/** Each row's nomination settings (template min and max, deadlines): two statements for any number of rows. */
async function settingsOfRows(scope: TenantScope, rows: readonly repo.NominationRow[]): Promise<Settings[]> {
  const pairs = rows
    .filter((r) => r.template_id && r.template_version !== null)
    .map((r) => ({ templateId: r.template_id!, templateVersion: r.template_version! }));
  const raw = await reviewRepo.selectTemplateVersions(scope, pairs);
  const cycles = new Map(
    await Promise.all(
      [...new Set(rows.map((r) => r.cycle_id))].map(
        async (id) => [id, await findCycleState(scope, id)] as const,
      ),
    ),
  );
  return rows.map((row) => {
    const definition = raw.get(`${row.template_id}:${row.template_version}`);
    const nominations = definition ? ReviewTemplateDefinitionSchema.parse(definition).nominations : null;
    const cycle = cycles.get(row.cycle_id);
    const deadlines = cycle ? reviewDeadlines('final', cycle) : null;
    return {
      min: nominations?.min ?? 0,
      max: nominations?.max ?? 0,
      dueDate: deadlines?.nomination ?? null,
      peerDue: deadlines ? deadlineOf(deadlines, 'peer') : null,
    };
  });
}

async function settingsOf(scope: TenantScope, row: repo.NominationRow): Promise<Settings> {
  return (await settingsOfRows(scope, [row]))[0]!;
}

/** Nominations as the API answers them; a page of them costs four statements, not four per row. */
async function toNominations(
  scope: TenantScope,
  rows: readonly repo.NominationRow[],
  view: 'ratee' | 'approver',
): Promise<Nomination[]> {
  const settings = await settingsOfRows(scope, rows);
  const asked =
    view === 'approver'
      ? await repo.selectNominatedReviewers(
          scope,
          rows.map((r) => r.id),
        )
      : [];
  const ids = [
    ...rows.flatMap((r) => [...r.proposed_peer_ids, ...r.proposed_collaborator_ids]),
    ...asked.map((a) => a.reviewer_id),
  ];
  const people = new Map((await repo.selectPeople(scope, [...new Set(ids)])).map((p) => [p.id, p]));
  const person = (id: string) => ({
    id,
    name: people.get(id)?.name ?? '',
    departmentName: people.get(id)?.department_name ?? null,
  });
  return rows.map((row, i) => {
    const approved = row.nomination_status === 'approved' && view === 'approver';
    const mine = asked.filter((a) => a.participant_id === row.id);
    return {
      reviewCycleId: row.review_cycle_id,
      employeeId: row.employee_id,
      employeeName: row.name,
      status: row.nomination_status,
      min: settings[i]!.min,
      max: settings[i]!.max,
      dueDate: settings[i]!.dueDate,
      proposedPeers: row.proposed_peer_ids.map(person),
      proposedCollaborators: row.proposed_collaborator_ids.map(person),
      approvedPeers: approved
        ? mine.filter((a) => a.rater_type === 'peer').map((a) => person(a.reviewer_id))
        : null,
      approvedCollaborators: approved
        ? mine.filter((a) => a.rater_type === 'collaborator').map((a) => person(a.reviewer_id))
        : null,
      version: row.version,
    };
  });
}

async function toNomination(scope: TenantScope, row: repo.NominationRow, view: 'ratee' | 'approver') {
  return (await toNominations(scope, [row], view))[0]!;
}

async function loadNomination(scope: TenantScope, roundId: string, employeeId: string, lock = false) {
  const row = await repo.findNomination(scope, roundId, employeeId, lock);
  if (!row) throw new AppError('not_found');
  return row;
}

export async function listNominations(
  ctx: AppContext,
  actor: Actor,
  query: {
    box: 'mine' | 'team';
    status?: 'not_started' | 'submitted' | 'approved';
    cursor?: string;
    limit: number;
  },
) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const me = actor.employeeId;
  if (!me && query.box === 'mine') return { items: [], nextCursor: null };
  const isHr = actor.roles.has('hr_admin') || actor.roles.has('system_admin');
  const page = await repo.listNominations(scope, {
    ...(query.box === 'mine'
      ? { employeeId: me! }
      : isHr
        ? {}
        : { managerId: me ?? '00000000-0000-0000-0000-000000000000' }),
    ...(query.status && { status: query.status }),
    cursor: query.cursor,
    limit: query.limit,
  });
  const items = await toNominations(
    scope,
    // HR's team box never holds their own nomination.
    page.items.filter((r) => query.box === 'mine' || r.employee_id !== me),
    query.box === 'mine' ? 'ratee' : 'approver',
  );
  return { items, nextCursor: page.nextCursor };
}

export async function getNomination(ctx: AppContext, actor: Actor, roundId: string, employeeId: string) {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const row = await loadNomination(scope, roundId, employeeId);
  return toNomination(scope, row, nominationView(actor, row));
}

/**
 * Colleagues the ratee (or their approver) may put on the list: a directory search, since an
 * employee sees no one else in the organisation pages. Peers of the same department come first.
 */
export async function searchCandidates(
  ctx: AppContext,
  actor: Actor,
  roundId: string,
  employeeId: string,
  query: { q?: string; limit: number },
): Promise<NominationCandidate[]> {
  const scope = new TenantScope(ctx.database.db, actor.tenant.id);
  const row = await loadNomination(scope, roundId, employeeId);
  nominationView(actor, row);
  if (row.round_status !== 'open') throw new AppError('nomination.not_open');
  const rows = await repo.searchColleagues(scope, {
    q: query.q,
    excludeIds: [row.employee_id, ...(row.manager_id ? [row.manager_id] : [])],
    departmentId: row.department_id,
    limit: query.limit,
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    employeeNo: r.employee_no,
    departmentName: r.department_name,
    sameDepartment: r.same_department,
  }));
}

/** Checks a list against the template's min and max and who may be asked; field errors name the entry. */
async function checkList(
  scope: TenantScope,
  row: repo.NominationRow,
  body: NominationBody,
  settings: { min: number; max: number },
) {
  const all = [...body.peerIds, ...body.collaboratorIds];
  const people = new Map((await repo.selectPeople(scope, all)).map((p) => [p.id, p]));
  const seen = new Set<string>();
  const check = (list: readonly string[], field: 'peerIds' | 'collaboratorIds') =>
    list.forEach((id, i) => {
      const path = `body.${field}.${i}`;
      const p = people.get(id);
      if (p?.status !== 'active') throw fieldError(path, 'not_found');
      if (seen.has(id)) throw fieldError(path, 'duplicate');
      seen.add(id);
      if (id === row.employee_id || id === row.manager_id) throw fieldError(path, 'not_a_peer');
      if (field === 'collaboratorIds' && p.department_id === row.department_id)
        throw fieldError(path, 'same_department');
    });
  check(body.peerIds, 'peerIds');
  check(body.collaboratorIds, 'collaboratorIds');
  if (all.length < settings.min || all.length > settings.max)
    throw new AppError('validation.failed', undefined, [
      {
        path: 'body.peerIds',
        code: 'nominations_count',
        message: `nominate from ${settings.min} to ${settings.max} people`,
      },
    ]);
}

export async function proposeNomination(
  ctx: AppContext,
  actor: Actor,
  roundId: string,
  employeeId: string,
  expectedVersion: number,
  body: NominationBody,
  requestId: string,
) {
  assertCanNominate(actor, employeeId);
  return ctx.database.db.transaction(async (tx) => {
    const s = new TenantScope(tx, actor.tenant.id);
    const row = await loadNomination(s, roundId, employeeId, true);
    if (row.version !== expectedVersion) throw new AppError('precondition.failed');
    const settings = await settingsOf(s, row);
    if (row.round_status !== 'open' || row.nomination_status === 'approved' || settings.max === 0)
      throw new AppError('nomination.not_open');
    await checkList(s, row, body, settings);
    await repo.updateNomination(s, row.id, expectedVersion, {
      status: 'submitted',
      peerIds: body.peerIds,
      collaboratorIds: body.collaboratorIds,
    });
    if (row.manager_id)
      await notify(
        s,
        [
          {
            recipientId: row.manager_id,
            event: 'nomination.submitted',
            params: { ownerName: row.name, roundName: row.round_name },
            link: `/reviews/nominations/${roundId}/${employeeId}`,
            dedupeKey: `nomination-submitted:${row.id}:${row.version + 1}`,
          },
        ],
        ctx.clock(),
        ctx.config.publicUrl,
      );
    await recordAudit(
      s,
      actor,
      {
        action: 'nomination.submitted',
        entityType: 'review_participant',
        entityId: row.id,
        after: { peers: body.peerIds.length, collaborators: body.collaboratorIds.length },
      },
      requestId,
    );
    return toNomination(s, (await repo.findNomination(s, roundId, employeeId))!, 'ratee');
  });
}

/**
 * The manager (or HR) approves the list, as proposed or changed: peer and collaborator reviews are
 * created for the people on it (and unsubmitted ones of people taken off are withdrawn), and the
 * new reviewers are notified. The ratee is told the list is confirmed, never who is on it.
 */
export async function approveNomination(
  ctx: AppContext,
  actor: Actor,
  roundId: string,
  employeeId: string,
  body: NominationBody,
  requestId: string,
) {
  return ctx.database.db.transaction(async (tx) => {
    const s = new TenantScope(tx, actor.tenant.id);
    const row = await loadNomination(s, roundId, employeeId, true);
    assertCanApproveNominations(actor, row);
    const settings = await settingsOf(s, row);
    if (row.round_status !== 'open' || settings.max === 0) throw new AppError('nomination.not_open');
    await checkList(s, row, body, settings);
    const existing = await repo.selectNominatedReviewers(s, [row.id]);
    const wanted = new Map<string, 'peer' | 'collaborator'>([
      ...body.peerIds.map((id) => [id, 'peer'] as const),
      ...body.collaboratorIds.map((id) => [id, 'collaborator'] as const),
    ]);
    await repo.deleteUnsubmittedReviews(
      s,
      existing.filter((e) => wanted.get(e.reviewer_id) !== e.rater_type).map((e) => e.id),
    );
    const kept = new Set(
      existing.filter((e) => wanted.get(e.reviewer_id) === e.rater_type).map((e) => e.reviewer_id),
    );
    const created = await repo.insertReviews(
      s,
      roundId,
      [...wanted]
        .filter(([id]) => !kept.has(id))
        .map(([id, type]) => ({
          participant_id: row.id,
          ratee_id: row.employee_id,
          reviewer_id: id,
          rater_type: type,
          due_date: settings.peerDue,
        })),
    );
    await repo.updateNomination(s, row.id, row.version, { status: 'approved' });
    await notify(
      s,
      [
        ...created.map((r) => ({
          recipientId: r.reviewer_id,
          event: 'review.requested' as const,
          params: {
            ownerName: row.name,
            raterType: r.rater_type,
            roundName: row.round_name,
            dueDate: r.due_date,
          },
          link: `/reviews/${r.id}`,
          dedupeKey: `review:${r.id}`,
        })),
        {
          recipientId: row.employee_id,
          event: 'nomination.approved' as const,
          params: { roundName: row.round_name },
          link: '/reviews',
          dedupeKey: `nomination-approved:${row.id}`,
        },
      ],
      ctx.clock(),
      ctx.config.publicUrl,
    );
    await recordAudit(
      s,
      actor,
      // Counts, not names: the ratee may be an HR admin, who reads the audit log (§6).
      {
        action: 'nomination.approved',
        entityType: 'review_participant',
        entityId: row.id,
        after: { peers: body.peerIds.length, collaborators: body.collaboratorIds.length },
      },
      requestId,
    );
    return toNomination(s, (await repo.findNomination(s, roundId, employeeId))!, 'approver');
  });
}
