import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApprovedGoal, buildCycle, buildSalesTeam } from '../../../test/goals.ts';
import { buildEmployee, buildTenant, getTestApp, json, setTestClock, signIn } from '../../../test/helpers.ts';
import {
  api,
  buildTemplate,
  launchRound,
  reviewOf,
  submitReview,
  workedExampleTemplate,
} from '../../../test/reviews.ts';
import { ROUTE_ACCESS } from '../../access/route-access.ts';
import { rowsOf } from '../../db/database.ts';

const { app, database } = await getTestApp();
afterEach(() => setTestClock(null));

/**
 * §6: the ratee cannot learn who reviewed them, nor what one of them said, through any route,
 * export or notification. A full round with three peers and a collaborator is run and closed, then
 * every GET route of the API is called as the ratee with every id of the round, and no answer may
 * hold a reviewer's name or a word only a reviewer wrote.
 */
describe('a ratee learns nothing of who reviewed them', () => {
  it('through any GET route of the API, any notification or e-mail', async () => {
    setTestClock('2026-08-20T02:00:00Z');
    const tenant = await buildTenant(database);
    const team = await buildSalesTeam(tenant);
    const cycle = await buildCycle(tenant);
    const peers = [
      team.peer,
      await buildEmployee(tenant, { name: '钱七', departmentId: team.sales.id, managerId: team.manager.id }),
      await buildEmployee(tenant, { name: '孙八', departmentId: team.sales.id, managerId: team.manager.id }),
    ];
    const collaborator = team.outsider;
    const hr = await signIn(app, tenant.admin.login);
    const ratee = await signIn(app, team.zhangsan.login);
    const manager = await signIn(app, team.manager.login);
    const goal = await buildApprovedGoal(app, ratee, manager, {
      cycleId: cycle.id,
      kind: 'kpi',
      title: '销售额',
      weightBp: 10000,
      dueDate: '2026-09-30',
      keyResults: [
        { title: '销售额', startValue: 0, targetValue: 100, weightBp: 10000, dueDate: '2026-09-30' },
      ],
    });
    const template = await buildTemplate(
      tenant,
      workedExampleTemplate({
        raterWeights: { manager: 5000, peer: 2000, subordinate: 1000, self: 1000, collaborator: 1000 },
      }),
    );
    const roundId = await launchRound(app, hr, cycle.id, {
      templateId: template.id,
      employeeIds: [team.zhangsan.id],
    });
    const url = `/api/v1/review-cycles/${roundId}/nominations/${team.zhangsan.id}`;
    const etag = (await api(app, ratee, 'GET', url)).headers.etag as string;
    // 张三 proposes two peers; the manager adds a third and a collaborator 张三 did not name.
    expect(
      (
        await api(
          app,
          ratee,
          'PUT',
          url,
          { peerIds: [peers[0]!.id, peers[1]!.id], collaboratorIds: [] },
          { 'if-match': etag },
        )
      ).statusCode,
    ).toBe(200);
    // The colleague search is a directory: it names everyone, so it must not change once the list is approved.
    const directory = (await api(app, ratee, 'GET', `${url}/candidates?limit=50`)).body;
    const approve = await api(app, manager, 'POST', `${url}/approve`, {
      peerIds: peers.map((p) => p.id),
      collaboratorIds: [collaborator.id],
    });
    expect(approve.statusCode, approve.body).toBe(200);
    expect((await api(app, ratee, 'GET', `${url}/candidates?limit=50`)).body).toBe(directory);
    const secret = (i: number) => `秘密意见${i}号`;
    const reviewers = [...peers, collaborator];
    for (const [i, person] of reviewers.entries()) {
      const cookie = await signIn(app, person.login);
      const review = await reviewOf(app, cookie, team.zhangsan.id);
      const r = await submitReview(app, cookie, review.id, {
        ratings: { skill: 1 + i, teamwork: 3 },
        comments: { skill: secret(i) },
        strengths: `${secret(i)}之长处`,
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    const managerReview = await reviewOf(app, manager, team.zhangsan.id);
    expect((await submitReview(app, manager, managerReview.id, { ratings: { skill: 4 } })).statusCode).toBe(
      200,
    );
    expect((await api(app, hr, 'POST', `/api/v1/review-cycles/${roundId}/close`)).statusCode).toBe(200);

    const reviewIds = rowsOf<{ id: string }>(
      await database.db.execute(sql`select id from reviews where review_cycle_id = ${roundId}`),
    ).map((r) => r.id);
    const participantIds = rowsOf<{ id: string }>(
      await database.db.execute(sql`select id from review_participants where review_cycle_id = ${roundId}`),
    ).map((r) => r.id);
    const ids = [
      roundId,
      ...reviewIds,
      ...participantIds,
      team.zhangsan.id,
      ...reviewers.map((p) => p.id),
      goal.id,
      cycle.id,
    ];
    // What only the reviewers know. The two peers 张三 proposed he knows he named (his own proposal
    // shows them back to him, and only that); who was finally asked, he never learns.
    const proposed = [peers[0]!, peers[1]!];
    const unproposed = [peers[2]!, collaborator];
    const forbidden = [...unproposed.flatMap((p) => [p.name, p.id]), ...reviewers.map((_, i) => secret(i))];
    const proposedOnly = proposed.flatMap((p) => [p.name, p.id]);

    const leaks: string[] = [];
    const check = (where: string, body: string) => {
      // The colleague search is a directory, checked unchanged by the approval above (and closed now).
      if (where.includes('/candidates')) return;
      for (const word of forbidden) if (body.includes(word)) leaks.push(`${where} holds ${word}`);
      if (!where.includes('/nominations'))
        for (const word of proposedOnly) if (body.includes(word)) leaks.push(`${where} holds ${word}`);
    };
    const gets = Object.keys(ROUTE_ACCESS).filter((k) => k.startsWith('GET '));
    let calls = 0;
    for (const route of gets) {
      const path = route.slice(4);
      const params = path.match(/:\w+/g) ?? [];
      const urls =
        params.length === 0
          ? [path]
          : params.length === 1
            ? ids.map((id) => path.replace(params[0]!, id))
            : ids.flatMap((a) =>
                [team.zhangsan.id, ...reviewers.map((p) => p.id)].map((b) =>
                  path.replace(params[0]!, a).replace(params[1]!, b),
                ),
              );
      for (const u of urls) {
        const withQuery = u.includes('?') ? u : `${u}?cycleId=${cycle.id}&limit=200`;
        for (const target of [u, withQuery]) {
          const res = await api(app, ratee, 'GET', target);
          calls++;
          check(`GET ${target} (${res.statusCode})`, res.body);
        }
      }
    }
    expect(calls).toBeGreaterThan(200);
    // Notifications and the e-mails queued for the ratee.
    check('notifications', (await api(app, ratee, 'GET', '/api/v1/notifications?limit=100')).body);
    const mails = rowsOf<{ body: string }>(
      await database.db.execute(sql`
        select d::text as body from deliveries d join notifications n on n.tenant_id = d.tenant_id and n.id = d.notification_id
        where n.recipient_id = ${team.zhangsan.id}`),
    );
    for (const m of mails) check('a delivery', m.body);
    const notes = rowsOf<{ params: string }>(
      await database.db.execute(
        sql`select params::text as params from notifications where recipient_id = ${team.zhangsan.id}`,
      ),
    );
    for (const n of notes) check('a notification row', n.params);
    expect(leaks).toEqual([]);

    // Not vacuous: the manager, who approved the list, does see the names and the aggregated words.
    const asManager = await api(app, manager, 'GET', `/api/v1/review-cycles/${roundId}/reviews?limit=200`);
    expect(asManager.body).toContain(peers[2]!.name);
    const result = await api(
      app,
      manager,
      'GET',
      `/api/v1/review-cycles/${roundId}/participants/${team.zhangsan.id}`,
    );
    expect(result.body).toContain(secret(0));
  });
});

describe('an HR admin is a ratee like anyone', () => {
  it('reads no reviewer of theirs in the audit log or the e-mail deliveries', async () => {
    setTestClock('2026-08-20T02:00:00Z');
    const tenant = await buildTenant(database);
    const team = await buildSalesTeam(tenant);
    const cycle = await buildCycle(tenant);
    const hrRatee = await buildEmployee(tenant, {
      name: '人事经理',
      roles: ['hr_admin'],
      departmentId: team.sales.id,
      managerId: team.manager.id,
    });
    const hr = await signIn(app, tenant.admin.login);
    const ratee = await signIn(app, hrRatee.login);
    const manager = await signIn(app, team.manager.login);
    // E-mail on, so every notification also queues a delivery an admin can list.
    const channels = await api(app, hr, 'GET', '/api/v1/notification-channels');
    const put = await api(
      app,
      hr,
      'PUT',
      '/api/v1/notification-channels',
      { smtp: { host: '127.0.0.1', port: 2525, secure: false, from: 'perfloop@example.com' }, robots: [] },
      { 'if-match': channels.headers.etag as string },
    );
    expect(put.statusCode, put.body).toBe(200);
    const peers = [
      team.peer,
      await buildEmployee(tenant, { name: '钱七', departmentId: team.sales.id, managerId: team.manager.id }),
      await buildEmployee(tenant, { name: '孙八', departmentId: team.sales.id, managerId: team.manager.id }),
    ];
    const template = await buildTemplate(tenant, workedExampleTemplate());
    const roundId = await launchRound(app, hr, cycle.id, {
      templateId: template.id,
      employeeIds: [hrRatee.id],
    });
    const approve = await api(
      app,
      manager,
      'POST',
      `/api/v1/review-cycles/${roundId}/nominations/${hrRatee.id}/approve`,
      {
        peerIds: peers.map((p) => p.id),
      },
    );
    expect(approve.statusCode, approve.body).toBe(200);
    for (const p of peers) {
      const cookie = await signIn(app, p.login);
      const review = await reviewOf(app, cookie, hrRatee.id);
      expect((await submitReview(app, cookie, review.id, { ratings: { skill: 4 } })).statusCode).toBe(200);
    }
    const audit = await api(app, ratee, 'GET', '/api/v1/audit-events?limit=500');
    expect(audit.statusCode).toBe(200);
    const deliveries = await api(app, ratee, 'GET', '/api/v1/deliveries?limit=200');
    expect(deliveries.statusCode).toBe(200);
    for (const p of peers) {
      expect(audit.body).not.toContain(p.name);
      expect(deliveries.body).not.toContain(p.email!);
    }
    // Not vacuous: another HR admin sees both.
    expect((await api(app, hr, 'GET', '/api/v1/audit-events?limit=500')).body).toContain(peers[0]!.name);
    expect((await api(app, hr, 'GET', '/api/v1/deliveries?limit=200')).body).toContain(peers[0]!.email!);
  });
});

describe('scores other than HR’s', () => {
  it('show only after close and never with a slice below the minimum', async () => {
    setTestClock('2026-08-20T02:00:00Z');
    const tenant = await buildTenant(database);
    const team = await buildSalesTeam(tenant);
    const cycle = await buildCycle(tenant);
    const hr = await signIn(app, tenant.admin.login);
    const manager = await signIn(app, team.manager.login);
    const template = await buildTemplate(tenant, workedExampleTemplate());
    const roundId = await launchRound(app, hr, cycle.id, {
      templateId: template.id,
      employeeIds: [team.zhangsan.id],
    });
    expect(
      (
        await api(
          app,
          manager,
          'POST',
          `/api/v1/review-cycles/${roundId}/nominations/${team.zhangsan.id}/approve`,
          {
            peerIds: [team.peer.id],
          },
        )
      ).statusCode,
    ).toBe(200);
    const peer = await signIn(app, team.peer.login);
    const peerReview = await reviewOf(app, peer, team.zhangsan.id);
    expect((await submitReview(app, peer, peerReview.id, { ratings: { ownership: 2 } })).statusCode).toBe(
      200,
    );
    const mine = await reviewOf(app, manager, team.zhangsan.id);
    expect(
      (await submitReview(app, manager, mine.id, { ratings: { skill: 4, ownership: 4 } })).statusCode,
    ).toBe(200);
    const result = async (cookie: string) =>
      json<{ finalScore: number | null; scoreWithheld: string | null; breakdown: unknown[] }>(
        await api(app, cookie, 'GET', `/api/v1/review-cycles/${roundId}/participants/${team.zhangsan.id}`),
      );
    const listed = async (cookie: string) =>
      json<{ items: { finalScore: number | null }[] }>(
        await api(app, cookie, 'GET', `/api/v1/review-cycles/${roundId}/participants`),
      ).items[0]!.finalScore;
    // Open: the manager sees no score (it moves with each answer); HR does.
    expect(await result(manager)).toMatchObject({
      finalScore: null,
      scoreWithheld: 'phase_open',
      breakdown: [],
    });
    expect(await listed(manager)).toBeNull();
    expect((await result(hr)).finalScore).not.toBeNull();
    expect(await listed(hr)).not.toBeNull();
    // Closed, but one peer rated attitude: the score would give that rating away.
    expect((await api(app, hr, 'POST', `/api/v1/review-cycles/${roundId}/close`)).statusCode).toBe(200);
    expect(await result(manager)).toMatchObject({
      finalScore: null,
      scoreWithheld: 'below_minimum',
      breakdown: [],
    });
    expect(await listed(manager)).toBeNull();
    expect((await result(hr)).scoreWithheld).toBeNull();
  });
});

describe('a tracker who is also a rater', () => {
  it('does not count toward the minimum for themself', async () => {
    setTestClock('2026-08-20T02:00:00Z');
    const tenant = await buildTenant(database);
    const team = await buildSalesTeam(tenant);
    const cycle = await buildCycle(tenant);
    const hr = await signIn(app, tenant.admin.login);
    const manager = await signIn(app, team.manager.login);
    const hrbp = await signIn(app, team.hrbp.login);
    const other = await buildEmployee(tenant, {
      name: '钱七',
      departmentId: team.sales.id,
      managerId: team.manager.id,
    });
    const template = await buildTemplate(tenant, workedExampleTemplate());
    const roundId = await launchRound(app, hr, cycle.id, {
      templateId: template.id,
      employeeIds: [team.zhangsan.id],
    });
    // The department's HRBP, who tracks 张三, is nominated as a peer with two others.
    const approve = await api(
      app,
      manager,
      'POST',
      `/api/v1/review-cycles/${roundId}/nominations/${team.zhangsan.id}/approve`,
      {
        collaboratorIds: [],
        peerIds: [team.peer.id, other.id, team.hrbp.id],
      },
    );
    expect(approve.statusCode, approve.body).toBe(200);
    for (const [cookie, rating] of [
      [await signIn(app, team.peer.login), 2],
      [await signIn(app, other.login), 5],
      [hrbp, 3],
    ] as const) {
      const review = await reviewOf(app, cookie, team.zhangsan.id);
      expect(
        (await submitReview(app, cookie, review.id, { ratings: { skill: rating, teamwork: rating } }))
          .statusCode,
      ).toBe(200);
    }
    const mine = await reviewOf(app, manager, team.zhangsan.id);
    expect(
      (await submitReview(app, manager, mine.id, { ratings: { skill: 4, teamwork: 4 } })).statusCode,
    ).toBe(200);
    expect((await api(app, hr, 'POST', `/api/v1/review-cycles/${roundId}/close`)).statusCode).toBe(200);
    const as = async (cookie: string) =>
      json<{ finalScore: number | null; groups: unknown[]; hidden: { raterType: string; reason: string }[] }>(
        await api(app, cookie, 'GET', `/api/v1/review-cycles/${roundId}/participants/${team.zhangsan.id}`),
      );
    // The manager sees three peers' aggregate and the score.
    const seen = await as(manager);
    expect(seen.groups).toHaveLength(1);
    expect(seen.finalScore).not.toBeNull();
    // The HRBP, minus their own answer, would read two people's: nothing of peers, and no score.
    const hrbpView = await as(hrbp);
    expect(hrbpView.groups).toEqual([]);
    expect(hrbpView.hidden).toEqual([{ raterType: 'peer', reason: 'below_minimum' }]);
    expect(hrbpView.finalScore).toBeNull();
    const listed = json<{ items: { finalScore: number | null }[] }>(
      await api(app, hrbp, 'GET', `/api/v1/review-cycles/${roundId}/participants`),
    );
    expect(listed.items[0]!.finalScore).toBeNull();
  });
});
