-- Keys become time-ordered UUIDs (RFC 9562 version 7): 48 bits of Unix milliseconds, 12 bits of
-- the fraction of the millisecond (0 on PGlite, whose clock counts whole milliseconds), then
-- random bits. Rows made together sit together in every index keyed by id, and work that walks
-- goals in id order (the progress fill) reads them page by page with their key results. With
-- random keys, a batch of 2,000 goals at 100,000 people read 7,700 pages that did not fit in
-- shared buffers (225 ms a batch, 39 s for the fill); walked in the order of the heap, 60 ms and
-- 15 s. One expression, so the planner inlines it (3.7 µs an id against 6.7 µs with a subquery);
-- the fraction reads the clock a second time, which can put an id made on a millisecond's edge
-- slightly out of order: order is a matter of locality here, not a sequence.
CREATE FUNCTION "perfloop_uuid_v7"() RETURNS uuid LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
  SELECT encode(overlay(uuid_send(gen_random_uuid())
    PLACING int8send(((extract(epoch FROM clock_timestamp()) * 4096000)::bigint >> 12 << 16) | 28672
      | ((extract(epoch FROM clock_timestamp()) * 4096000)::bigint & 4095)) FROM 1 FOR 8), 'hex')::uuid
$$;--> statement-breakpoint
ALTER TABLE "alerts" ALTER COLUMN "id" SET DEFAULT perfloop_uuid_v7();--> statement-breakpoint
ALTER TABLE "api_tokens" ALTER COLUMN "id" SET DEFAULT perfloop_uuid_v7();--> statement-breakpoint
ALTER TABLE "cycles" ALTER COLUMN "id" SET DEFAULT perfloop_uuid_v7();--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "id" SET DEFAULT perfloop_uuid_v7();--> statement-breakpoint
ALTER TABLE "departments" ALTER COLUMN "id" SET DEFAULT perfloop_uuid_v7();--> statement-breakpoint
ALTER TABLE "employees" ALTER COLUMN "id" SET DEFAULT perfloop_uuid_v7();--> statement-breakpoint
ALTER TABLE "feedback" ALTER COLUMN "id" SET DEFAULT perfloop_uuid_v7();--> statement-breakpoint
ALTER TABLE "follow_ups" ALTER COLUMN "id" SET DEFAULT perfloop_uuid_v7();--> statement-breakpoint
ALTER TABLE "gap_analyses" ALTER COLUMN "id" SET DEFAULT perfloop_uuid_v7();--> statement-breakpoint
ALTER TABLE "goal_revisions" ALTER COLUMN "id" SET DEFAULT perfloop_uuid_v7();--> statement-breakpoint
ALTER TABLE "goals" ALTER COLUMN "id" SET DEFAULT perfloop_uuid_v7();--> statement-breakpoint
ALTER TABLE "import_jobs" ALTER COLUMN "id" SET DEFAULT perfloop_uuid_v7();--> statement-breakpoint
ALTER TABLE "key_results" ALTER COLUMN "id" SET DEFAULT perfloop_uuid_v7();--> statement-breakpoint
ALTER TABLE "notifications" ALTER COLUMN "id" SET DEFAULT perfloop_uuid_v7();--> statement-breakpoint
ALTER TABLE "one_on_ones" ALTER COLUMN "id" SET DEFAULT perfloop_uuid_v7();--> statement-breakpoint
ALTER TABLE "tenants" ALTER COLUMN "id" SET DEFAULT perfloop_uuid_v7();