import type { ReviewTemplateDefinition } from '@perfloop/core';
import { ReviewTemplateDefinitionSchema } from '@perfloop/core';
import type { FastifyInstance } from 'fastify';
import { reviewTemplates, reviewTemplateVersions } from '../src/db/schema.ts';
import { json, type TestTenant } from './helpers.ts';

/** A template written straight to the database (the routes are tested on their own). */
export async function buildTemplate(tenant: TestTenant, definition: unknown, name = '测试模板') {
  const parsed: ReviewTemplateDefinition = ReviewTemplateDefinitionSchema.parse(definition);
  const [row] = await tenant.scope.db
    .insert(reviewTemplates)
    .values(tenant.scope.values({ name }))
    .returning();
  await tenant.scope.db
    .insert(reviewTemplateVersions)
    .values(tenant.scope.values({ templateId: row!.id, templateVersion: 1, definition: parsed }));
  return { id: row!.id, definition: parsed };
}

const scale = [1, 2, 3, 4, 5].map((n) => ({ label: `L${n}`, anchor: `anchor ${n}` }));

/** §6's worked example: results from attainment 60, ability 30 (two items 50/50), attitude 10 (one item). */
export function workedExampleTemplate(overrides: Partial<ReviewTemplateDefinition> = {}) {
  return {
    scale,
    commentRequiredAtExtremes: false,
    raterWeights: { manager: 6000, peer: 2000, subordinate: 1000, self: 1000, collaborator: 0 },
    anonymityMinimum: 3,
    nominations: { min: 0, max: 5 },
    upwardReviews: true,
    dimensions: [
      { key: 'results', name: '业绩', weightBp: 6000, source: 'attainment', attainmentCap: 1, items: [] },
      {
        key: 'ability',
        name: '能力',
        weightBp: 3000,
        source: 'ratings',
        items: [
          { key: 'skill', name: '专业能力', weightBp: 5000 },
          { key: 'teamwork', name: '协作', weightBp: 5000 },
        ],
      },
      {
        key: 'attitude',
        name: '态度',
        weightBp: 1000,
        source: 'ratings',
        items: [{ key: 'ownership', name: '责任心', weightBp: 10000 }],
      },
    ],
    ...overrides,
  };
}

export async function api(
  app: FastifyInstance,
  cookie: string,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
  headers: Record<string, string> = {},
) {
  return app.inject({
    method,
    url,
    headers: { cookie, ...headers },
    ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
  });
}

/** Creates and launches a final round for some people with a template; returns its id. */
export async function launchRound(
  app: FastifyInstance,
  hr: string,
  cycleId: string,
  population: Record<string, unknown>,
  kind: 'final' | 'mid' = 'final',
) {
  const created = await api(app, hr, 'POST', '/api/v1/review-cycles', {
    cycleId,
    name: '2026 Q3 终期评估',
    kind,
    populations: [population],
  });
  if (created.statusCode !== 201) throw new Error(`create round: ${created.statusCode} ${created.body}`);
  const id = json<{ id: string }>(created).id;
  const launched = await api(app, hr, 'POST', `/api/v1/review-cycles/${id}/launch`);
  if (launched.statusCode !== 200) throw new Error(`launch: ${launched.statusCode} ${launched.body}`);
  return id;
}

/** The review a person must write about someone in a round. */
export async function reviewOf(app: FastifyInstance, cookie: string, rateeId: string) {
  const list = json<{ items: { id: string; rateeId: string; raterType: string }[] }>(
    await api(app, cookie, 'GET', '/api/v1/reviews'),
  );
  const item = list.items.find((i) => i.rateeId === rateeId);
  if (!item) throw new Error('no review about that person');
  return item;
}

/** Submits answers to a review (reading its version first). */
export async function submitReview(app: FastifyInstance, cookie: string, reviewId: string, answers: unknown) {
  const form = await api(app, cookie, 'GET', `/api/v1/reviews/${reviewId}`);
  return api(
    app,
    cookie,
    'POST',
    `/api/v1/reviews/${reviewId}/submit`,
    { answers },
    {
      'if-match': form.headers.etag as string,
    },
  );
}
