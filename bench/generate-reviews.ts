import {
  deadlineOf,
  defaultReviewTemplate,
  type FinalAnswers,
  type RaterType,
  type ReviewStatus,
  raterDimensionScores,
  readGoalSettings,
  reviewDeadlines,
  templateItems,
} from '@perfloop/core';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../server/src/db/database.ts';
import { float8Array, textArray, uuidArray } from '../server/src/db/sql-arrays.ts';
import { TenantScope } from '../server/src/db/tenant-scope.ts';
import { findCycleState } from '../server/src/modules/cycles/cycle.repository.ts';
import { scoreRound } from '../server/src/modules/reviews/review-cycle.service.ts';
import { type Fixture, random } from './generate.ts';

/** The bench's final review round of the generated quarter, as the reviews' endpoints and scoring see it. */
export type ReviewFixture = {
  roundId: string;
  cycleId: string;
  participants: number;
  reviews: number;
  submitted: number;
  reviewScores: number;
  /** A manager review written by each of the fixture's managers (same order as `managerLogins`). */
  managerReviews: { login: string; reviewId: string }[];
};

/** Peers asked about each person (the template's nominations are 3–5). */
const PEERS = 3;

/** Of each rater type's reviews, how many are submitted and how many drafts (the rest not started). */
const SHARE: Record<'self' | 'manager' | 'peer', { submitted: number; draft: number }> = {
  self: { submitted: 0.9, draft: 0.05 },
  manager: { submitted: 0.85, draft: 0.07 },
  peer: { submitted: 0.8, draft: 0.1 },
};

type Person = { id: string; manager_id: string | null; department_id: string };
type ReviewRow = {
  id: string;
  participant_id: string;
  ratee_id: string;
  reviewer_id: string;
  rater_type: RaterType;
  status: ReviewStatus;
  answers: FinalAnswers | Record<string, never>;
  due_date: string | null;
  submitted_at: string | null;
};

async function inChunks<T>(
  rows: readonly T[],
  size: number,
  write: (chunk: readonly T[]) => Promise<unknown>,
) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/**
 * Three other people for each person: their manager's other reports first (the team they work
 * in), then their neighbours in the breadth-first order (cousins, then the next team), never
 * themself or their own manager.
 */
function choosePeers(people: readonly Person[]): string[][] {
  const reportsOf = new Map<string, string[]>();
  for (const p of people)
    if (p.manager_id) {
      const list = reportsOf.get(p.manager_id) ?? [];
      list.push(p.id);
      reportsOf.set(p.manager_id, list);
    }
  return people.map((p, i) => {
    const chosen: string[] = [];
    const usable = (id: string) => id !== p.id && id !== p.manager_id && !chosen.includes(id);
    const team = p.manager_id ? (reportsOf.get(p.manager_id) ?? []) : [];
    const at = team.indexOf(p.id);
    for (let k = 1; k < team.length && chosen.length < PEERS; k += 1) {
      const id = team[(at + k) % team.length]!;
      if (usable(id)) chosen.push(id);
    }
    for (let k = 1; k < people.length && chosen.length < PEERS; k += 1) {
      const id = people[(i + k) % people.length]!.id;
      if (usable(id)) chosen.push(id);
    }
    return chosen;
  });
}

/**
 * A launched final review round of the generated quarter for every generated person, as launch,
 * nominations and submissions would have left it some days after the deadlines: the default
 * template (results from attainment, ability and attitude rated), a self and a manager review
 * each and three approved peers, most submitted with a rating for every item (comments where a
 * rating is at an extreme, the manager's 评语), some drafts and some not started (late ones for
 * the tracking lists), each submitted review's dimension scores (core's raterDimensionScores,
 * what submitting stores), and the final scores as submissions leave them. Bulk statements
 * only: rows are built here and sent in chunks, never a statement per person.
 */
export async function generateReviewRound(db: Db, fixture: Fixture): Promise<ReviewFixture> {
  const t = fixture.tenantId;
  const scope = new TenantScope(db, t);
  const rand = random(fixture.employees + 27);
  const { name: templateName, definition } = defaultReviewTemplate('zh-CN');
  const people = rowsOf<Person>(
    await db.execute(sql`select e.id, e.manager_id, e.department_id from employees e
      where e.tenant_id = ${t} and e.employee_no like 'B%' order by e.employee_no`),
  );
  const [hr] = rowsOf<{ id: string }>(
    await db.execute(sql`select id from employees where tenant_id = ${t} and email = ${fixture.hr}`),
  );
  const [template] = rowsOf<{ id: string }>(
    await db.execute(
      sql`insert into review_templates (tenant_id, name) values (${t}, ${templateName}) returning id`,
    ),
  );
  const templateId = template!.id;
  await db.execute(sql`insert into review_template_versions (tenant_id, template_id, template_version, definition)
    values (${t}, ${templateId}, 1, ${JSON.stringify(definition)}::jsonb)`);
  const [root] = rowsOf<{ id: string }>(
    await db.execute(sql`select id from departments where tenant_id = ${t} and parent_id is null`),
  );
  const populations = [
    { templateId, departmentIds: [root!.id], includeSubDepartments: true, jobLevels: [], employeeIds: [] },
  ];
  const [round] = rowsOf<{ id: string }>(
    await db.execute(sql`insert into review_cycles (tenant_id, cycle_id, name, kind, status, populations,
        launched_at, created_by_id)
      values (${t}, ${fixture.cycleId}, '2026年第三季度绩效评估', 'final', 'open', ${JSON.stringify(populations)}::jsonb,
        '2026-09-01T09:00:00+08:00', ${hr!.id})
      returning id`),
  );
  const roundId = round!.id;
  const cycle = (await findCycleState(scope, fixture.cycleId))!;
  const deadlines = reviewDeadlines('final', cycle);

  const peers = choosePeers(people);
  const reviewCount = people.reduce((n, p, i) => n + 1 + (p.manager_id ? 1 : 0) + peers[i]!.length, 0);
  // Keys as the product makes them (time-ordered), in the order launch and approvals write rows.
  const keys = rowsOf<{ id: string }>(
    await db.execute(
      sql`select perfloop_uuid_v7()::text as id from generate_series(1, ${people.length + reviewCount})`,
    ),
  ).map((k) => k.id);
  let next = 0;
  const participantOf = new Map(people.map((p) => [p.id, keys[next++]!]));
  const participants = people.map((p, i) => ({
    id: participantOf.get(p.id)!,
    employee_id: p.id,
    manager_id: p.manager_id,
    department_id: p.department_id,
    peers: peers[i]!,
  }));
  await inChunks(participants, 5000, (chunk) =>
    db.execute(sql`insert into review_participants (tenant_id, id, review_cycle_id, employee_id, manager_id,
        department_id, template_id, template_version, nomination_status, proposed_peer_ids)
      select ${t}, x.id, ${roundId}, x.employee_id, x.manager_id, x.department_id, ${templateId}, 1, 'approved', x.peers
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) as x(id uuid, employee_id uuid, manager_id uuid, department_id uuid, peers jsonb)`),
  );

  const items = templateItems(definition);
  const levels = definition.scale.length;
  // Each ratee has a level the reviewers roughly agree on; each rating wanders one step around it.
  const levelOf = new Map(people.map((p) => [p.id, 2.6 + rand() * 1.8]));
  const answersFor = (rateeId: string, raterType: RaterType, status: ReviewStatus) => {
    if (status === 'pending') return {};
    const answers: FinalAnswers = { ratings: {}, comments: {}, strengths: '', improvements: '' };
    const bias = raterType === 'self' ? 0.4 : 0;
    for (const item of items) {
      // A draft has rated part of the form.
      if (status === 'draft' && rand() < 0.4) continue;
      const r = Math.min(levels, Math.max(1, Math.round(levelOf.get(rateeId)! + bias + (rand() - 0.5) * 2)));
      answers.ratings[item.key] = r;
      if (r === 1) answers.comments[item.key] = '多次延期交付，需要制定改进计划并每周跟进。';
      if (r === levels) answers.comments[item.key] = '主动推动跨团队问题在48小时内闭环，成为团队标杆。';
    }
    if (raterType === 'manager') {
      answers.strengths = '目标拆解清晰，关键客户推进有力，能主动复盘。';
      answers.improvements = '跨部门沟通可以更早介入，风险要提前暴露。';
    }
    return answers;
  };
  const statusOf = (raterType: 'self' | 'manager' | 'peer'): ReviewStatus => {
    const x = rand();
    const share = SHARE[raterType];
    return x < share.submitted ? 'submitted' : x < share.submitted + share.draft ? 'draft' : 'pending';
  };
  const reviews: ReviewRow[] = [];
  const add = (p: Person, reviewerId: string, raterType: 'self' | 'manager' | 'peer') => {
    const status = statusOf(raterType);
    reviews.push({
      id: keys[next++]!,
      participant_id: participantOf.get(p.id)!,
      ratee_id: p.id,
      reviewer_id: reviewerId,
      rater_type: raterType,
      status,
      answers: answersFor(p.id, raterType, status),
      due_date: deadlineOf(deadlines, raterType),
      submitted_at:
        status === 'submitted'
          ? `2026-09-${String(10 + Math.floor(rand() * 20)).padStart(2, '0')}T${10 + Math.floor(rand() * 8)}:00:00+08:00`
          : null,
    });
  };
  // In the order launch writes them (self and manager reviews), then the approved peers'.
  for (const p of people) {
    add(p, p.id, 'self');
    if (p.manager_id) add(p, p.manager_id, 'manager');
  }
  people.forEach((p, i) => {
    for (const peer of peers[i]!) add(p, peer, 'peer');
  });
  await inChunks(reviews, 5000, (chunk) =>
    db.execute(sql`insert into reviews (tenant_id, id, review_cycle_id, participant_id, ratee_id, reviewer_id,
        rater_type, status, answers, due_date, submitted_at, version)
      select ${t}, x.id, ${roundId}, x.participant_id, x.ratee_id, x.reviewer_id, x.rater_type, x.status, x.answers,
        x.due_date, x.submitted_at, case when x.status = 'pending' then 1 else 2 end
      from jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
        as x(id uuid, participant_id uuid, ratee_id uuid, reviewer_id uuid, rater_type text, status text,
          answers jsonb, due_date date, submitted_at timestamptz)`),
  );

  // What submitting stores: each submitted review's dimension scores.
  const scores = reviews
    .filter((r) => r.status === 'submitted')
    .flatMap((r) =>
      raterDimensionScores(
        definition,
        Object.entries((r.answers as FinalAnswers).ratings).map(([itemKey, rating]) => ({
          itemKey,
          rating: rating!,
        })),
      ).map((s) => ({ review: r, ...s })),
    );
  await inChunks(scores, 20_000, (chunk) =>
    db.execute(sql`insert into review_scores (tenant_id, review_id, review_cycle_id, participant_id, rater_type,
        dimension_key, score)
      select ${t}, x.r, ${roundId}, x.p, x.t, x.k, x.s
      from unnest(${uuidArray(chunk.map((s) => s.review.id))}, ${uuidArray(chunk.map((s) => s.review.participant_id))},
        ${textArray(chunk.map((s) => s.review.rater_type))}, ${textArray(chunk.map((s) => s.dimensionKey))},
        ${float8Array(chunk.map((s) => s.score))}) as x(r, p, t, k, s)`),
  );

  // The final scores as the submissions left them (each submission rescored its ratee).
  const [tenant] = rowsOf<{ settings: unknown }>(
    await db.execute(sql`select settings from tenants where id = ${t}`),
  );
  await db.transaction((tx) =>
    scoreRound(
      new TenantScope(tx, t),
      { id: roundId, cycle_id: fixture.cycleId },
      new Date('2026-09-30T18:00:00+08:00'),
      readGoalSettings(tenant!.settings).progressCap,
    ),
  );

  const loginIds = rowsOf<{ id: string; email: string }>(
    await db.execute(sql`select id, email from employees
      where tenant_id = ${t} and email = any(${textArray(fixture.managerLogins)})`),
  );
  const idOf = new Map(loginIds.map((e) => [e.email, e.id]));
  const managerReviews = fixture.managerLogins.map((login) => {
    const review = reviews.find((r) => r.rater_type === 'manager' && r.reviewer_id === idOf.get(login));
    if (!review) throw new Error(`no manager review written by ${login}`);
    return { login, reviewId: review.id };
  });
  return {
    roundId,
    cycleId: fixture.cycleId,
    participants: people.length,
    reviews: reviews.length,
    submitted: reviews.filter((r) => r.status === 'submitted').length,
    reviewScores: scores.length,
    managerReviews,
  };
}
