import {
  type AttainmentGoal,
  attainmentBucket,
  countsTowardAttainment,
  defaultReviewTemplate,
  FinalAnswersSchema,
  type MidAnswers,
  ownerAttainment,
  type ParticipantResult,
  type ReviewCycle,
  type ReviewEvidence,
  type ReviewProgress,
  type TrackedReview,
  templateItems,
} from '@perfloop/core';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { getTestApp, json, signIn } from '../../test/helpers.ts';
import { type Database, rowsOf } from '../db/database.ts';
import { seedDemoCompany } from './demo.seed.ts';

let app: FastifyInstance;
let database: Database;
let logins: Awaited<ReturnType<typeof seedDemoCompany>>;
beforeAll(async () => {
  ({ app, database } = await getTestApp());
  logins = await seedDemoCompany(database.db, 'http://localhost:3000');
});

type Alert = { rule: string; ownerName: string; goalTitle: string; openedOn: string; pace: number };

describe('the demo company', () => {
  it('has a Q3 of weekly snapshots that leaves 李四 one open pace alert, seen by her manager 张三', async () => {
    const manager = logins.find((l) => l.login === 'zhangsan@example.com')!;
    // Other test companies use the same addresses: sign in to the demo company by its slug.
    const cookie = await signIn(app, manager.login, manager.password, 'demo');
    const cycles = json<{ items: { id: string; name: string }[] }>(
      await app.inject({ method: 'GET', url: '/api/v1/cycles', headers: { cookie } }),
    ).items;
    const q3 = cycles.find((c) => c.name === '2026年第三季度')!;
    const team = json<{ members: { name: string; openAlerts: number }[]; openAlerts: Alert[] }>(
      await app.inject({
        method: 'GET',
        url: `/api/v1/dashboards/team?cycleId=${q3.id}`,
        headers: { cookie },
      }),
    );
    expect(team.members.find((m) => m.name === '李四')?.openAlerts).toBe(1);
    expect(team.openAlerts).toHaveLength(1);
    const [alert] = team.openAlerts;
    // From the 8.31 check-in (0.6·4/8 + 0.4·38/60 = 0.553): pace 0.553/(68/91) = 0.74 on 9.7 and
    // 0.67 on 9.14 → opened 9.14; the 9.21 check-in (0.6·5/8 + 0.4·47/60 = 0.688, pace 0.76) does not recover it.
    expect(alert).toMatchObject({
      rule: 'pace',
      ownerName: '李四',
      goalTitle: '拓展华东一组新客户',
      openedOn: '2026-09-14',
    });
    expect(alert!.pace).toBeLessThan(0.8);
    const snapshots = json<{ items: { date: string }[] }>(
      await app.inject({
        method: 'GET',
        url: '/api/v1/snapshots',
        headers: { cookie: await signIn(app, 'hr@example.com', logins[0]!.password, 'demo') },
      }),
    ).items;
    expect(snapshots.map((s) => s.date)).toContain('2026-07-06');
    expect(snapshots).toHaveLength(13);
  });

  it("buckets the department dashboard's people as the goal list's full progress does", async () => {
    const hr = await signIn(app, 'hr@example.com', logins[0]!.password, 'demo');
    const get = async <T>(url: string) =>
      json<T>(await app.inject({ method: 'GET', url, headers: { cookie: hr } }));
    const q3 = (await get<{ items: { id: string; name: string }[] }>('/api/v1/cycles')).items.find(
      (c) => c.name === '2026年第三季度',
    )!;
    const root = (
      await get<{ items: { id: string; parentId: string | null }[] }>('/api/v1/departments')
    ).items.find((d) => d.parentId === null)!;
    const goals = (
      await get<{ items: (AttainmentGoal & { ownerId: string })[] }>(
        `/api/v1/goals?cycleId=${q3.id}&departmentId=${root.id}&level=personal&limit=500`,
      )
    ).items.filter(countsTowardAttainment);
    const byOwner = new Map<string, typeof goals>();
    for (const g of goals) byOwner.set(g.ownerId, [...(byOwner.get(g.ownerId) ?? []), g]);
    const expected = new Map<string, number>();
    for (const own of byOwner.values()) {
      const bucket = attainmentBucket(ownerAttainment(own));
      expected.set(bucket, (expected.get(bucket) ?? 0) + 1);
    }
    const dashboard = await get<{ people: number; distribution: { bucket: string; people: number }[] }>(
      `/api/v1/dashboards/department?cycleId=${q3.id}&departmentId=${root.id}`,
    );
    expect(dashboard.people).toBe(byOwner.size);
    expect(byOwner.size).toBeGreaterThanOrEqual(2);
    // More than one bucket is in use, so a wrong progress would move someone.
    expect(expected.size).toBeGreaterThan(1);
    expect(
      Object.fromEntries(dashboard.distribution.filter((b) => b.people > 0).map((b) => [b.bucket, b.people])),
    ).toEqual(Object.fromEntries(expected));
  });

  describe("Q3's evaluation of 张三's team", () => {
    const get = async <T>(url: string) => {
      const cookie = await signIn(app, 'hr@example.com', logins[0]!.password, 'demo');
      const response = await app.inject({ method: 'GET', url, headers: { cookie } });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      return json<T>(response);
    };
    const roundsOfQ3 = async () => {
      const q3 = (await get<{ items: { id: string; name: string }[] }>('/api/v1/cycles')).items.find(
        (c) => c.name === '2026年第三季度',
      )!;
      const rounds = (await get<{ items: ReviewCycle[] }>(`/api/v1/review-cycles?cycleId=${q3.id}`)).items;
      return { final: rounds.find((r) => r.kind === 'final')!, mid: rounds.find((r) => r.kind === 'mid')! };
    };

    it('uses the one default template the company was set up with', async () => {
      const templates = await get<{ items: { id: string; name: string }[] }>('/api/v1/review-templates');
      expect(templates.items.map((t) => t.name)).toEqual([defaultReviewTemplate('zh-CN').name]);
      const { final } = await roundsOfQ3();
      expect(final.populations[0]?.templateId).toBe(templates.items[0]!.id);
    });

    it('has a closed final round whose deadlines follow the phases and whose every review is in', async () => {
      const { final } = await roundsOfQ3();
      expect(final).toMatchObject({
        name: '2026年第三季度绩效评估',
        status: 'closed',
        participants: 10,
        deadlines: {
          nomination: '2026-09-25',
          self: '2026-10-08',
          peer: '2026-10-08',
          manager: '2026-10-16',
        },
      });
      expect(final.scoredAt).not.toBeNull();
      const progress = await get<ReviewProgress>(`/api/v1/review-cycles/${final.id}/progress`);
      expect(progress).toMatchObject({ percent: 100, late: 0 });
      expect(Object.fromEntries(progress.byRaterType.map((t) => [t.raterType, t.submitted]))).toMatchObject({
        self: 10,
        manager: 10,
        subordinate: 9,
      });
      const reviews = (
        await get<{ items: TrackedReview[] }>(`/api/v1/review-cycles/${final.id}/reviews?limit=200`)
      ).items;
      expect(reviews.length).toBe(progress.total);
      // Nobody submitted after their deadline.
      for (const r of reviews) expect(r.submittedAt!.slice(0, 10) <= r.dueDate!).toBe(true);
    });

    it("stores 张三's team's scores as the result page computes them, with peers aggregated", async () => {
      const { final } = await roundsOfQ3();
      const participants = (
        await get<{
          items: { employeeId: string; name: string; nominationStatus: string; finalScore: number | null }[];
        }>(`/api/v1/review-cycles/${final.id}/participants?limit=100`)
      ).items;
      expect(participants.map((p) => p.name)).toEqual(expect.arrayContaining(['张三', '李四', '郑伟']));
      const scores = new Set<number>();
      for (const p of participants) {
        expect(p.nominationStatus).toBe('approved');
        const result = await get<ParticipantResult>(
          `/api/v1/review-cycles/${final.id}/participants/${p.employeeId}`,
        );
        // The batch at close (stored) and the result page (recomputed from every rating) agree.
        expect(p.finalScore).not.toBeNull();
        expect(result.finalScore).toBe(p.finalScore);
        expect(result.hidden).toEqual([]);
        expect(result.groups.find((g) => g.raterType === 'peer')?.raters).toBeGreaterThanOrEqual(3);
        expect(result.self).not.toBeNull();
        expect(result.manager?.strengths).not.toBe('');
        expect(result.manager?.improvements).not.toBe('');
        scores.add(p.finalScore!);
      }
      // Varied ratings make varied scores.
      expect(scores.size).toBeGreaterThan(5);
      const zhangsan = participants.find((p) => p.name === '张三')!;
      const result = await get<ParticipantResult>(
        `/api/v1/review-cycles/${final.id}/participants/${zhangsan.employeeId}`,
      );
      expect(result.manager?.reviewerName).toBe('李明');
      expect(result.attainment).toBeGreaterThan(0);
      const results = result.breakdown.find((d) => d.key === 'results')!;
      expect(results.score).toBeCloseTo(Math.min(result.attainment!, 1) * 100, 10);
      expect(result.breakdown.reduce((s, d) => s + d.contribution, 0)).toBeCloseTo(
        result.finalScoreExact!,
        10,
      );
      expect(result.groups.find((g) => g.raterType === 'subordinate')?.raters).toBe(9);
      expect(result.groups.find((g) => g.raterType === 'peer')?.raters).toBe(4);
      const lisi = participants.find((p) => p.name === '李四')!;
      const lisiResult = await get<ParticipantResult>(
        `/api/v1/review-cycles/${final.id}/participants/${lisi.employeeId}`,
      );
      expect(lisiResult.manager?.reviewerName).toBe('张三');
      expect(lisiResult.attainment).toBeGreaterThan(0);
    });

    it('holds answers a submission accepts: every item rated, a comment on each top and bottom rating', async () => {
      const { final } = await roundsOfQ3();
      const rows = rowsOf<{ rater_type: string; status: string; answers: unknown }>(
        await database.db.execute(
          sql`select rater_type, status, answers from reviews where review_cycle_id = ${final.id}`,
        ),
      );
      const definition = defaultReviewTemplate('zh-CN').definition;
      const keys = templateItems(definition).map((i) => i.key);
      const top = definition.scale.length;
      const seen = new Set<number>();
      for (const row of rows) {
        expect(row.status).toBe('submitted');
        const answers = FinalAnswersSchema.parse(row.answers);
        expect(Object.keys(answers.ratings).sort()).toEqual([...keys].sort());
        for (const [key, rating] of Object.entries(answers.ratings)) {
          if (rating === null) continue;
          seen.add(rating);
          if (rating === 1 || rating === top) expect(answers.comments[key]?.trim()).toBeTruthy();
        }
        if (row.rater_type === 'manager') expect(answers.strengths).not.toBe('');
      }
      expect([...seen].sort()).toEqual([1, 2, 3, 4, 5]);
    });

    it('has a closed 期中评估 with risks, the retrospective and a plan item turned into a follow-up', async () => {
      const { final, mid } = await roundsOfQ3();
      expect(mid).toMatchObject({ name: '2026年第三季度期中评估', status: 'closed', participants: 10 });
      const reviews = (
        await get<{ items: TrackedReview[] }>(`/api/v1/review-cycles/${mid.id}/reviews?limit=100`)
      ).items;
      expect(reviews).toHaveLength(20);
      expect(reviews.every((r) => r.status === 'submitted')).toBe(true);
      const ofLisi = reviews.find((r) => r.rateeName === '李四' && r.raterType === 'manager')!;
      const review = await get<{ answers: MidAnswers; goals: { title: string; progressText: string[] }[] }>(
        `/api/v1/reviews/${ofLisi.id}`,
      );
      expect(review.goals.map((g) => g.title)).toEqual(['拓展华东一组新客户']);
      expect(review.answers.goals.map((g) => g.risk)).toEqual(['high']);
      const { retrospective } = review.answers;
      for (const part of [retrospective.done, retrospective.notDone, retrospective.lessons])
        expect(part).not.toBe('');
      expect(retrospective.plan[0]?.followUpId).toBeTruthy();

      // What 张三 sees beside his final review of 李四: her key event, the mid-cycle risks, the follow-up.
      const finalOfLisi = (
        await get<{ items: TrackedReview[] }>(`/api/v1/review-cycles/${final.id}/reviews?limit=200`)
      ).items.find((r) => r.rateeName === '李四' && r.raterType === 'manager')!;
      const evidence = await get<ReviewEvidence>(`/api/v1/reviews/${finalOfLisi.id}/evidence`);
      expect(evidence.midReviews?.flatMap((m) => m.answers.goals.map((g) => g.risk)).sort()).toEqual([
        'high',
        'medium',
      ]);
      expect(evidence.keyEvents).toEqual([
        expect.objectContaining({ polarity: 'positive', kind: 'event', goalTitle: '拓展华东一组新客户' }),
      ]);
      expect(evidence.followUps?.map((f) => f.id)).toContain(retrospective.plan[0]!.followUpId);
    });

    it('records key events: a client won, a serious mistake, behaviour observed', async () => {
      const q3 = (await get<{ items: { id: string; name: string }[] }>('/api/v1/cycles')).items.find(
        (c) => c.name === '2026年第三季度',
      )!;
      const events = (
        await get<{
          items: { kind: string; polarity: string; goalTitle: string | null; employeeName: string }[];
        }>(`/api/v1/key-events?cycleId=${q3.id}&limit=100`)
      ).items;
      expect(events.length).toBeGreaterThanOrEqual(3);
      expect(events).toContainEqual(
        expect.objectContaining({ kind: 'event', polarity: 'positive', goalTitle: '拓展华东一组新客户' }),
      );
      expect(events.some((e) => e.kind === 'event' && e.polarity === 'negative')).toBe(true);
      expect(events.some((e) => e.kind === 'behaviour')).toBe(true);
    });

    it("shows the mid-cycle risks on 张三's team dashboard", async () => {
      const manager = logins.find((l) => l.login === 'zhangsan@example.com')!;
      const cookie = await signIn(app, manager.login, manager.password, 'demo');
      const { mid } = await roundsOfQ3();
      const team = json<{ members: { name: string; midReviewRisks: unknown }[] }>(
        await app.inject({
          method: 'GET',
          url: `/api/v1/dashboards/team?cycleId=${mid.cycleId}`,
          headers: { cookie },
        }),
      );
      // The manager's review counts: 张三 rated 李四's goal high.
      expect(team.members.find((m) => m.name === '李四')?.midReviewRisks).toEqual({
        high: 1,
        medium: 0,
        low: 0,
      });
    });
  });
});
