import { afterEach, describe, expect, it } from 'vitest';
import { buildApprovedGoal, buildCycle, buildSalesTeam, checkIn } from '../../../test/goals.ts';
import { buildEmployee, buildTenant, getTestApp, json, setTestClock, signIn } from '../../../test/helpers.ts';
import {
  api,
  buildTemplate,
  launchRound,
  reviewOf,
  submitReview,
  workedExampleTemplate,
} from '../../../test/reviews.ts';

import { runDailyReminders } from '../early-warning/reminder.service.ts';

const { app, database } = await getTestApp();
afterEach(() => setTestClock(null));

type Result = {
  finalScore: number | null;
  finalScoreExact: number | null;
  attainment: number | null;
  breakdown: {
    key: string;
    score: number | null;
    raterTypes: { raterType: string; weightShare: number; score: number; raters: number }[];
  }[];
  groups: { raterType: string; raters: number; comments: string[] }[];
  hidden: { raterType: string; reason: string }[];
};

/** 张三 (attainment 0.9 from one approved goal), his manager 李经理, three more peers in 销售部, HR. */
async function world() {
  setTestClock('2026-08-20T02:00:00Z');
  const tenant = await buildTenant(database);
  const team = await buildSalesTeam(tenant);
  const cycle = await buildCycle(tenant, {
    phases: {
      selfReview: { start: '2026-09-20', end: '2026-09-30' },
      managerReview: { start: '2026-10-01', end: '2026-10-10' },
    },
  });
  const peers = [team.peer];
  for (const name of ['钱七', '孙八'])
    peers.push(
      await buildEmployee(tenant, { name, departmentId: team.sales.id, managerId: team.manager.id }),
    );
  const hr = await signIn(app, tenant.admin.login);
  const zhangsan = await signIn(app, team.zhangsan.login);
  const manager = await signIn(app, team.manager.login);
  const goal = await buildApprovedGoal(app, zhangsan, manager, {
    cycleId: cycle.id,
    kind: 'kpi',
    title: '销售额',
    weightBp: 10000,
    dueDate: '2026-09-30',
    keyResults: [
      {
        title: '销售额',
        startValue: 0,
        targetValue: 100,
        unit: '万',
        weightBp: 10000,
        dueDate: '2026-09-30',
      },
    ],
  });
  const kr = json<{ items: { id: string }[] }>(
    await api(app, zhangsan, 'GET', `/api/v1/goals/${goal.id}/key-results`),
  );
  const c = await checkIn(app, zhangsan, kr.items[0]!.id, { value: 90 });
  expect(c.statusCode).toBe(201);
  const template = await buildTemplate(tenant, workedExampleTemplate());
  return { tenant, team, cycle, peers, hr, zhangsan, manager, template };
}

describe('a final review round scores exactly as §6', () => {
  it('computes the worked example: attainment 0.9, ability 4/3 by the manager and 5/4 by self, attitude 4 → 83.86', async () => {
    const w = await world();
    const roundId = await launchRound(app, w.hr, w.cycle.id, {
      templateId: w.template.id,
      employeeIds: [w.team.zhangsan.id],
    });
    const self = await reviewOf(app, w.zhangsan, w.team.zhangsan.id);
    expect(self.raterType).toBe('self');
    const mine = await reviewOf(app, w.manager, w.team.zhangsan.id);
    expect(mine.raterType).toBe('manager');
    // Manager: skill 4, teamwork 3 → (4+3)/2/5 = 70; attitude 4 → 80. Self: 5, 4 → 90; attitude not rated.
    const m = await submitReview(app, w.manager, mine.id, {
      ratings: { skill: 4, teamwork: 3, ownership: 4 },
      strengths: '客户关系稳固',
      improvements: '加强回款跟进',
    });
    expect(m.statusCode, m.body).toBe(200);
    const s = await submitReview(app, w.zhangsan, self.id, {
      ratings: { skill: 5, teamwork: 4, ownership: null },
    });
    expect(s.statusCode, s.body).toBe(200);

    const result = json<Result>(
      await api(app, w.hr, 'GET', `/api/v1/review-cycles/${roundId}/participants/${w.team.zhangsan.id}`),
    );
    // ability = (60·70 + 10·90) / 70 = 72.857…; final = 0.6·90 + 0.3·72.857… + 0.1·80 = 83.857… → 83.86
    expect(result.attainment).toBeCloseTo(0.9, 12);
    expect(result.finalScoreExact).toBeCloseTo(0.6 * 90 + (0.3 * (60 * 70 + 10 * 90)) / 70 + 0.1 * 80, 10);
    expect(result.finalScore).toBe(83.86);
    const ability = result.breakdown.find((d) => d.key === 'ability')!;
    expect(ability.score).toBeCloseTo(5100 / 70, 10);
    expect(ability.raterTypes.map((t) => [t.raterType, Math.round(t.weightShare * 10000) / 100])).toEqual(
      expect.arrayContaining([
        ['manager', 85.71],
        ['self', 14.29],
      ]),
    );
    // The participant list carries the stored score, recomputed on each submission.
    const people = json<{ items: { employeeId: string; finalScore: number | null }[] }>(
      await api(app, w.hr, 'GET', `/api/v1/review-cycles/${roundId}/participants`),
    );
    expect(people.items.find((p) => p.employeeId === w.team.zhangsan.id)?.finalScore).toBe(83.86);
    // Closing the round recomputes the same score as a batch.
    const closed = await api(app, w.hr, 'POST', `/api/v1/review-cycles/${roundId}/close`);
    expect(closed.statusCode, closed.body).toBe(200);
    const after = json<{ items: { employeeId: string; finalScore: number | null }[] }>(
      await api(app, w.hr, 'GET', `/api/v1/review-cycles/${roundId}/participants`),
    );
    expect(after.items.find((p) => p.employeeId === w.team.zhangsan.id)?.finalScore).toBe(83.86);
  });

  it('asks for a comment on a top or bottom rating when the template says so, naming the item', async () => {
    const w = await world();
    const template = await buildTemplate(
      w.tenant,
      workedExampleTemplate({ commentRequiredAtExtremes: true }),
    );
    await launchRound(app, w.hr, w.cycle.id, { templateId: template.id, employeeIds: [w.team.zhangsan.id] });
    const mine = await reviewOf(app, w.manager, w.team.zhangsan.id);
    const bad = await submitReview(app, w.manager, mine.id, {
      ratings: { skill: 5, teamwork: 1, ownership: 3 },
    });
    expect(bad.statusCode).toBe(400);
    const paths = json<{ errors: { path: string; code: string }[] }>(bad).errors.map(
      (e) => `${e.path} ${e.code}`,
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        'body.answers.comments.skill comment_required',
        'body.answers.comments.teamwork comment_required',
      ]),
    );
    const outOfScale = await submitReview(app, w.manager, mine.id, { ratings: { skill: 6 }, comments: {} });
    expect(json<{ errors: { path: string; code: string }[] }>(outOfScale).errors[0]).toMatchObject({
      path: 'body.answers.ratings.skill',
      code: 'invalid_rating',
    });
    const ok = await submitReview(app, w.manager, mine.id, {
      ratings: { skill: 5, teamwork: 1, ownership: 3 },
      comments: { skill: '全年签约第一', teamwork: '多次拒绝配合交付' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    // Submitted is final: a second save is refused.
    const again = await api(
      app,
      w.manager,
      'PUT',
      `/api/v1/reviews/${mine.id}`,
      { answers: { ratings: {} } },
      {
        'if-match': ok.headers.etag as string,
      },
    );
    expect(again.statusCode).toBe(409);
  });
});

describe('anonymity is the server’s (§6)', () => {
  it('shows peers only from the 3rd answer and only after the phase closed; the ratee learns nothing', async () => {
    const w = await world();
    const roundId = await launchRound(app, w.hr, w.cycle.id, {
      templateId: w.template.id,
      employeeIds: [w.team.zhangsan.id, ...w.peers.map((p) => p.id)],
    });
    // 张三 proposes the three peers; his manager approves the list.
    const nomination = await api(
      app,
      w.zhangsan,
      'GET',
      `/api/v1/review-cycles/${roundId}/nominations/${w.team.zhangsan.id}`,
    );
    expect(nomination.statusCode, nomination.body).toBe(200);
    const proposed = await api(
      app,
      w.zhangsan,
      'PUT',
      `/api/v1/review-cycles/${roundId}/nominations/${w.team.zhangsan.id}`,
      { peerIds: w.peers.map((p) => p.id) },
      { 'if-match': nomination.headers.etag as string },
    );
    expect(proposed.statusCode, proposed.body).toBe(200);
    const approved = await api(
      app,
      w.manager,
      'POST',
      `/api/v1/review-cycles/${roundId}/nominations/${w.team.zhangsan.id}/approve`,
      {
        peerIds: w.peers.map((p) => p.id),
      },
    );
    expect(approved.statusCode, approved.body).toBe(200);
    expect(json<{ approvedPeers: unknown[] }>(approved).approvedPeers).toHaveLength(3);
    // The ratee never sees who was finally asked.
    const asRatee = json<{ approvedPeers: unknown; status: string }>(
      await api(app, w.zhangsan, 'GET', `/api/v1/review-cycles/${roundId}/nominations/${w.team.zhangsan.id}`),
    );
    expect(asRatee).toMatchObject({ status: 'approved', approvedPeers: null });

    const peerCookies = await Promise.all(w.peers.map((p) => signIn(app, p.login)));
    const result = async () =>
      json<Result>(
        await api(
          app,
          w.manager,
          'GET',
          `/api/v1/review-cycles/${roundId}/participants/${w.team.zhangsan.id}`,
        ),
      );
    for (const [i, cookie] of peerCookies.slice(0, 2).entries()) {
      const review = await reviewOf(app, cookie, w.team.zhangsan.id);
      expect(review.raterType).toBe('peer');
      const r = await submitReview(app, cookie, review.id, {
        ratings: { skill: 2 + i, teamwork: 3 },
        comments: { skill: `同事意见${i}` },
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    let seen = await result();
    expect(seen.groups).toEqual([]);
    expect(seen.hidden).toEqual([{ raterType: 'peer', reason: 'below_minimum' }]);
    expect(JSON.stringify(seen)).not.toContain('同事意见');
    for (const d of seen.breakdown) expect(d.raterTypes.map((t) => t.raterType)).not.toContain('peer');

    const third = await reviewOf(app, peerCookies[2]!, w.team.zhangsan.id);
    expect((await submitReview(app, peerCookies[2]!, third.id, { ratings: { skill: 4 } })).statusCode).toBe(
      200,
    );
    seen = await result();
    expect(seen.groups).toEqual([]);
    expect(seen.hidden).toEqual([{ raterType: 'peer', reason: 'phase_open' }]);

    expect((await api(app, w.hr, 'POST', `/api/v1/review-cycles/${roundId}/close`)).statusCode).toBe(200);
    seen = await result();
    expect(seen.hidden).toEqual([]);
    expect(seen.groups).toMatchObject([{ raterType: 'peer', raters: 3 }]);
    expect(seen.groups[0]!.comments).toEqual(['同事意见0', '同事意见1']);
    // Names of the peers never appear in what the manager reads of the result.
    for (const p of w.peers) expect(JSON.stringify(seen)).not.toContain(p.name);

    // The ratee: no result, no tracking, no one else's review, only their own self review in their list.
    expect(
      (
        await api(
          app,
          w.zhangsan,
          'GET',
          `/api/v1/review-cycles/${roundId}/participants/${w.team.zhangsan.id}`,
        )
      ).statusCode,
    ).toBe(403);
    expect((await api(app, w.zhangsan, 'GET', `/api/v1/review-cycles/${roundId}/reviews`)).statusCode).toBe(
      403,
    );
    const mine = json<{ items: { rateeId: string; raterType: string }[] }>(
      await api(app, w.zhangsan, 'GET', '/api/v1/reviews'),
    );
    expect(mine.items.filter((i) => i.rateeId === w.team.zhangsan.id).map((i) => i.raterType)).toEqual([
      'self',
    ]);
    expect((await api(app, w.zhangsan, 'GET', `/api/v1/reviews/${third.id}`)).statusCode).toBe(403);
    const notes = await api(app, w.zhangsan, 'GET', '/api/v1/notifications');
    for (const p of w.peers) expect(notes.body).not.toContain(p.name);
  });

  it('keeps a reviewer out of other reviewers’ drafts', async () => {
    const w = await world();
    await launchRound(app, w.hr, w.cycle.id, {
      templateId: w.template.id,
      employeeIds: [w.team.zhangsan.id],
    });
    const mine = await reviewOf(app, w.manager, w.team.zhangsan.id);
    const form = await api(app, w.manager, 'GET', `/api/v1/reviews/${mine.id}`);
    const saved = await api(
      app,
      w.manager,
      'PUT',
      `/api/v1/reviews/${mine.id}`,
      { answers: { ratings: { skill: 2 } } },
      {
        'if-match': form.headers.etag as string,
      },
    );
    expect(saved.statusCode, saved.body).toBe(200);
    expect(json<{ status: string }>(saved).status).toBe('draft');
    // A stale version is refused rather than overwritten.
    const stale = await api(
      app,
      w.manager,
      'PUT',
      `/api/v1/reviews/${mine.id}`,
      { answers: { ratings: {} } },
      {
        'if-match': form.headers.etag as string,
      },
    );
    expect(stale.statusCode).toBe(412);
    for (const cookie of [
      w.zhangsan,
      await signIn(app, w.peers[1]!.login),
      await signIn(app, w.team.head.login),
    ]) {
      expect((await api(app, cookie, 'GET', `/api/v1/reviews/${mine.id}`)).statusCode).toBe(403);
      expect((await api(app, cookie, 'GET', `/api/v1/reviews/${mine.id}/evidence`)).statusCode).toBe(403);
    }
  });
});

describe('mid-cycle review (期中评估 / 复盘)', () => {
  it('shows each goal’s progress as of the review, takes risks and a retrospective, and feeds the team dashboard', async () => {
    const w = await world();
    const roundId = await launchRound(app, w.hr, w.cycle.id, { employeeIds: [w.team.zhangsan.id] }, 'mid');
    const round = json<{ deadlines: { self: string } }>(
      await api(app, w.hr, 'GET', `/api/v1/review-cycles/${roundId}`),
    );
    expect(round.deadlines.self).toBe('2026-09-30'); // no midReview phase: the cycle's end
    const mine = await reviewOf(app, w.manager, w.team.zhangsan.id);
    const form = json<{ goals: { goalId: string; progressText: string[] }[] }>(
      await api(app, w.manager, 'GET', `/api/v1/reviews/${mine.id}`),
    );
    expect(form.goals).toHaveLength(1);
    expect(form.goals[0]!.progressText).toEqual(['销售额完成90万，距离目标100万差10万']);
    const answers = {
      goals: [{ goalId: form.goals[0]!.goalId, risk: 'high', comment: '回款慢' }],
      retrospective: {
        done: '签下两家新客户',
        notDone: '华东渠道未开',
        lessons: '提前锁定预算',
        plan: [{ text: '每周跟进回款', dueDate: '2026-09-15' }],
      },
    };
    const submitted = await submitReview(app, w.manager, mine.id, answers);
    expect(submitted.statusCode, submitted.body).toBe(200);
    const converted = await api(app, w.manager, 'POST', `/api/v1/reviews/${mine.id}/follow-ups`, {
      planIndex: 0,
    });
    expect(converted.statusCode, converted.body).toBe(200);
    const followUpId = json<{ answers: { retrospective: { plan: { followUpId: string | null }[] } } }>(
      converted,
    ).answers.retrospective.plan[0]!.followUpId;
    expect(followUpId).not.toBeNull();
    const followUp = json<{ action: string; source: string }>(
      await api(app, w.manager, 'GET', `/api/v1/follow-ups/${followUpId}`),
    );
    expect(followUp).toMatchObject({ action: '每周跟进回款', source: 'mid_review' });
    const dashboard = json<{ members: { employeeId: string; midReviewRisks: unknown }[] }>(
      await api(app, w.manager, 'GET', `/api/v1/dashboards/team?cycleId=${w.cycle.id}`),
    );
    expect(dashboard.members.find((m) => m.employeeId === w.team.zhangsan.id)?.midReviewRisks).toEqual({
      high: 1,
      medium: 0,
      low: 0,
    });
    // The ratee's evidence holds their own retrospectives only: the manager's waits for publication.
    const ownSelf = await reviewOf(app, w.zhangsan, w.team.zhangsan.id);
    const ownEvidence = json<{ midReviews: { raterType: string }[] }>(
      await api(app, w.zhangsan, 'GET', `/api/v1/reviews/${ownSelf.id}/evidence`),
    );
    expect(ownEvidence.midReviews.map((m) => m.raterType)).not.toContain('manager');
    // A mid-cycle round's result has no scores, and says so without failing.
    const midResult = await api(
      app,
      w.hr,
      'GET',
      `/api/v1/review-cycles/${roundId}/participants/${w.team.zhangsan.id}`,
    );
    expect(midResult.statusCode, midResult.body).toBe(200);
    expect(json<{ finalScore: number | null }>(midResult).finalScore).toBeNull();
    // A goal that is not the ratee's is refused, naming the entry.
    const self = await reviewOf(app, w.zhangsan, w.team.zhangsan.id);
    const bad = await submitReview(app, w.zhangsan, self.id, {
      goals: [{ goalId: '00000000-0000-4000-8000-000000000000', risk: 'low' }],
    });
    expect(json<{ errors: { path: string; code: string }[] }>(bad).errors[0]).toMatchObject({
      path: 'body.answers.goals.0.goalId',
      code: 'unknown_goal',
    });
  });
});

describe('tracking and reminders', () => {
  it('counts completion by type, department and manager, reminds the late, and exports the status', async () => {
    const w = await world();
    const roundId = await launchRound(app, w.hr, w.cycle.id, {
      templateId: w.template.id,
      departmentIds: [w.team.sales.id],
    });
    setTestClock('2026-10-02T02:00:00Z'); // self reviews were due 9.30: all late
    const progress = json<{
      total: number;
      submitted: number;
      late: number;
      byRaterType: { raterType: string; late: number }[];
    }>(await api(app, w.hr, 'GET', `/api/v1/review-cycles/${roundId}/progress`));
    // 销售部: 李经理, 张三, 赵六, 钱七, 孙八 → 5 self reviews; 4 manager reviews by 李经理 and 1 by 王总 (outside the round);
    // 李经理 has 4 direct reports in the round → 4 upward reviews.
    expect(progress.total).toBe(5 + 5 + 4);
    expect(progress.byRaterType.find((t) => t.raterType === 'self')?.late).toBe(5);
    // The manager tracks his team but never sees the upward reviews about himself.
    const asManager = json<{ items: { rateeId: string; raterType: string }[] }>(
      await api(app, w.manager, 'GET', `/api/v1/review-cycles/${roundId}/reviews?limit=200`),
    );
    expect(asManager.items.some((i) => i.rateeId === w.team.manager.id)).toBe(false);
    expect(asManager.items.length).toBeGreaterThan(0);
    const reminded = json<{ reminded: number }>(
      await api(app, w.hr, 'POST', `/api/v1/review-cycles/${roundId}/reminders`, {}),
    );
    expect(reminded.reminded).toBe(14);
    const notes = await api(app, w.zhangsan, 'GET', '/api/v1/notifications');
    expect(notes.body).toContain('自评');
    const file = await api(app, w.hr, 'GET', `/api/v1/review-cycles/${roundId}/export`);
    expect(file.statusCode).toBe(200);
    expect(file.headers['content-type']).toContain('spreadsheetml');
  });
});

describe('nominations, upward reviews and reopening', () => {
  it('checks a nomination list: count, no self or manager, collaborators from another department', async () => {
    const w = await world();
    const template = await buildTemplate(
      w.tenant,
      workedExampleTemplate({ nominations: { min: 2, max: 3 } }),
    );
    const roundId = await launchRound(app, w.hr, w.cycle.id, {
      templateId: template.id,
      employeeIds: [w.team.zhangsan.id],
    });
    const url = `/api/v1/review-cycles/${roundId}/nominations/${w.team.zhangsan.id}`;
    const etag = (await api(app, w.zhangsan, 'GET', url)).headers.etag as string;
    const put = (body: unknown) => api(app, w.zhangsan, 'PUT', url, body, { 'if-match': etag });
    const errorOf = async (body: unknown) =>
      json<{ errors: { path: string; code: string }[] }>(await put(body)).errors[0];
    expect(await errorOf({ peerIds: [w.peers[0]!.id] })).toMatchObject({
      path: 'body.peerIds',
      code: 'nominations_count',
    });
    expect(await errorOf({ peerIds: [w.peers[0]!.id, w.team.manager.id] })).toMatchObject({
      path: 'body.peerIds.1',
      code: 'not_a_peer',
    });
    expect(await errorOf({ peerIds: [w.peers[0]!.id], collaboratorIds: [w.peers[1]!.id] })).toMatchObject({
      path: 'body.collaboratorIds.0',
      code: 'same_department',
    });
    expect(await errorOf({ peerIds: [w.peers[0]!.id, w.peers[0]!.id] })).toMatchObject({
      path: 'body.peerIds.1',
      code: 'duplicate',
    });
    const ok = await put({ peerIds: [w.peers[0]!.id], collaboratorIds: [w.team.outsider.id] });
    expect(ok.statusCode, ok.body).toBe(200);
    // Only the ratee proposes; only the manager or HR approves.
    expect(
      (await api(app, w.manager, 'PUT', url, { peerIds: [] }, { 'if-match': ok.headers.etag as string }))
        .statusCode,
    ).toBe(403);
    const peer = await signIn(app, w.peers[0]!.login);
    // Someone else is told the nomination does not exist: who takes part is not theirs to learn.
    expect(
      (await api(app, peer, 'POST', `${url}/approve`, { peerIds: [w.peers[0]!.id, w.peers[1]!.id] }))
        .statusCode,
    ).toBe(404);
    expect(
      (await api(app, w.zhangsan, 'POST', `${url}/approve`, { peerIds: [w.peers[0]!.id, w.peers[1]!.id] }))
        .statusCode,
    ).toBe(403);
    // The manager changes the list: 赵六 and 钱七 as peers, no collaborator.
    const approved = await api(app, w.manager, 'POST', `${url}/approve`, {
      peerIds: [w.peers[0]!.id, w.peers[1]!.id],
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect((await reviewOf(app, await signIn(app, w.peers[1]!.login), w.team.zhangsan.id)).raterType).toBe(
      'peer',
    );
    const outsider = json<{ items: unknown[] }>(
      await api(app, await signIn(app, w.team.outsider.login), 'GET', '/api/v1/reviews'),
    );
    expect(outsider.items).toEqual([]);
  });

  it('asks direct reports for upward reviews of a manager with 3 or more of them in the round, anonymously', async () => {
    const w = await world();
    const roundId = await launchRound(app, w.hr, w.cycle.id, {
      templateId: w.template.id,
      departmentIds: [w.team.sales.id],
    });
    const upward = await reviewOf(app, w.zhangsan, w.team.manager.id);
    expect(upward.raterType).toBe('subordinate');
    // The manager cannot see who reviews him, in any list or the result.
    const progress = await api(
      app,
      w.manager,
      'GET',
      `/api/v1/review-cycles/${roundId}/participants?limit=200`,
    );
    expect(json<{ items: { employeeId: string }[] }>(progress).items.map((p) => p.employeeId)).not.toContain(
      w.team.manager.id,
    );
    expect(
      (await api(app, w.manager, 'GET', `/api/v1/review-cycles/${roundId}/participants/${w.team.manager.id}`))
        .statusCode,
    ).toBe(403);
    expect((await api(app, w.manager, 'GET', `/api/v1/reviews/${upward.id}`)).statusCode).toBe(403);
    // Too few direct reports: none. 张三 has no reports; 王总 (not in the round) is only 李经理's manager.
    const head = await signIn(app, w.team.head.login);
    const headReviews = json<{ items: { rateeId: string; raterType: string }[] }>(
      await api(app, head, 'GET', '/api/v1/reviews'),
    );
    expect(headReviews.items.map((i) => i.raterType)).toEqual(['manager']);
  });

  it('lets HR reopen a submitted review (audited, the reviewer told) and keeps HR out of the reviews about HR', async () => {
    const w = await world();
    const hrPerson = await buildEmployee(w.tenant, {
      name: '人事张',
      roles: ['hr_admin'],
      departmentId: w.team.sales.id,
      managerId: w.team.manager.id,
    });
    const hr2 = await signIn(app, hrPerson.login);
    const roundId = await launchRound(app, w.hr, w.cycle.id, {
      templateId: w.template.id,
      employeeIds: [w.team.zhangsan.id, hrPerson.id],
    });
    const mine = await reviewOf(app, w.manager, w.team.zhangsan.id);
    const done = await submitReview(app, w.manager, mine.id, { ratings: { skill: 3 } });
    expect(done.statusCode).toBe(200);
    const reopened = await api(app, w.hr, 'POST', `/api/v1/reviews/${mine.id}/reopen`, {
      reason: '评分与评语不符，请复核',
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(json<{ status: string }>(reopened).status).toBe('draft');
    const audit = await api(app, w.hr, 'GET', `/api/v1/audit-events?entityType=review&entityId=${mine.id}`);
    expect(audit.body).toContain('review.reopened');
    expect((await api(app, w.manager, 'GET', '/api/v1/notifications')).body).toContain('评分与评语不符');
    // Not twice, and not a review that is not submitted.
    expect(
      (await api(app, w.hr, 'POST', `/api/v1/reviews/${mine.id}/reopen`, { reason: 'x' })).statusCode,
    ).toBe(409);
    // The manager's review of the HR person: another HR admin may read it once submitted (a draft is
    // its reviewer's alone), the HR person never.
    const aboutHr = await reviewOf(app, w.manager, hrPerson.id);
    expect((await api(app, w.hr, 'GET', `/api/v1/reviews/${aboutHr.id}`)).statusCode).toBe(403);
    expect((await submitReview(app, w.manager, aboutHr.id, { ratings: { skill: 3 } })).statusCode).toBe(200);
    expect((await api(app, w.hr, 'GET', `/api/v1/reviews/${aboutHr.id}`)).statusCode).toBe(200);
    expect((await api(app, hr2, 'GET', `/api/v1/reviews/${aboutHr.id}`)).statusCode).toBe(403);
    expect(
      (await api(app, hr2, 'GET', `/api/v1/review-cycles/${roundId}/participants/${hrPerson.id}`)).statusCode,
    ).toBe(403);
    const tracked = json<{ items: { rateeId: string }[] }>(
      await api(app, hr2, 'GET', `/api/v1/review-cycles/${roundId}/reviews?limit=200`),
    );
    expect(tracked.items.some((i) => i.rateeId === hrPerson.id)).toBe(false);
    expect(tracked.items.some((i) => i.rateeId === w.team.zhangsan.id)).toBe(true);
  });

  it('never answers across tenants', async () => {
    const w = await world();
    const roundId = await launchRound(app, w.hr, w.cycle.id, {
      templateId: w.template.id,
      employeeIds: [w.team.zhangsan.id],
    });
    const mine = await reviewOf(app, w.manager, w.team.zhangsan.id);
    const other = await buildTenant(database);
    const otherHr = await signIn(app, other.admin.login);
    expect((await api(app, otherHr, 'GET', `/api/v1/review-cycles/${roundId}`)).statusCode).toBe(404);
    expect((await api(app, otherHr, 'GET', `/api/v1/reviews/${mine.id}`)).statusCode).toBe(404);
    expect((await api(app, otherHr, 'POST', `/api/v1/review-cycles/${roundId}/close`)).statusCode).toBe(404);
  });
});

describe('template versions', () => {
  it('keeps a launched round on the version it started with when HR edits the template', async () => {
    const w = await world();
    const templateId = json<{ items: { id: string }[] }>(
      await api(app, w.hr, 'GET', '/api/v1/review-templates'),
    ).items[0]!.id;
    await launchRound(app, w.hr, w.cycle.id, { templateId, employeeIds: [w.team.zhangsan.id] });
    const current = await api(app, w.hr, 'GET', `/api/v1/review-templates/${templateId}`);
    const body = json<{ name: string; definition: { scale: { label: string; anchor: string }[] } }>(current);
    const edited = await api(
      app,
      w.hr,
      'PUT',
      `/api/v1/review-templates/${templateId}`,
      { name: body.name, definition: { ...body.definition, scale: body.definition.scale.slice(0, 4) } },
      { 'if-match': current.headers.etag as string },
    );
    expect(edited.statusCode, edited.body).toBe(200);
    expect(json<{ templateVersion: number }>(edited).templateVersion).toBe(2);
    const mine = await reviewOf(app, w.manager, w.team.zhangsan.id);
    const form = json<{ template: { templateVersion: number; definition: { scale: unknown[] } } }>(
      await api(app, w.manager, 'GET', `/api/v1/reviews/${mine.id}`),
    );
    expect(form.template.templateVersion).toBe(1);
    expect(form.template.definition.scale).toHaveLength(5);
  });
});

describe('nomination candidates', () => {
  it('lets a ratee find colleagues to nominate (not themself, not their manager), peers first', async () => {
    const w = await world();
    const roundId = await launchRound(app, w.hr, w.cycle.id, {
      templateId: w.template.id,
      employeeIds: [w.team.zhangsan.id],
    });
    const url = `/api/v1/review-cycles/${roundId}/nominations/${w.team.zhangsan.id}/candidates`;
    const found = json<{ items: { id: string; name: string; sameDepartment: boolean }[] }>(
      await api(app, w.zhangsan, 'GET', url),
    );
    const ids = found.items.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([...w.peers.map((p) => p.id), w.team.outsider.id]));
    expect(ids).not.toContain(w.team.zhangsan.id);
    expect(ids).not.toContain(w.team.manager.id);
    expect(found.items[0]!.sameDepartment).toBe(true);
    const byName = json<{ items: { name: string }[] }>(
      await api(app, w.zhangsan, 'GET', `${url}?q=${encodeURIComponent('钱')}`),
    );
    expect(byName.items.map((c) => c.name)).toEqual(['钱七']);
    // Someone else may not search on 张三's behalf, nor learn that he takes part.
    expect((await api(app, await signIn(app, w.peers[0]!.login), 'GET', url)).statusCode).toBe(404);
  });
});

describe('daily review reminders', () => {
  it('remind a reviewer 3 days before the deadline, on the day, and weekly once late — never after submission', async () => {
    const w = await world();
    await launchRound(app, w.hr, w.cycle.id, {
      templateId: w.template.id,
      employeeIds: [w.team.zhangsan.id],
    });
    const env = { db: database.db, now: new Date('2026-09-27T01:00:00Z'), publicUrl: 'http://localhost' };
    const selfReminders = async () =>
      json<{ items: { event: string; title: string }[] }>(
        await api(app, w.zhangsan, 'GET', '/api/v1/notifications?limit=100'),
      ).items.filter((n) => n.event === 'review.reminder');
    await runDailyReminders(env, w.tenant.tenantId, '2026-09-26'); // 4 days before 9.30: nothing
    expect(await selfReminders()).toHaveLength(0);
    await runDailyReminders(env, w.tenant.tenantId, '2026-09-27'); // 3 days before
    expect(await selfReminders()).toHaveLength(1);
    expect((await selfReminders())[0]!.title).toContain('自评');
    await runDailyReminders(env, w.tenant.tenantId, '2026-09-30'); // the day
    await runDailyReminders(env, w.tenant.tenantId, '2026-10-01'); // late
    await runDailyReminders(env, w.tenant.tenantId, '2026-10-02'); // late, same week: no second one
    expect(await selfReminders()).toHaveLength(3);
    const self = await reviewOf(app, w.zhangsan, w.team.zhangsan.id);
    expect((await submitReview(app, w.zhangsan, self.id, { ratings: { skill: 3 } })).statusCode).toBe(200);
    await runDailyReminders(env, w.tenant.tenantId, '2026-10-09');
    expect(await selfReminders()).toHaveLength(3);
  });
});
