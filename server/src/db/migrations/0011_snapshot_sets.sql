-- The weekly snapshot becomes set-based (§3): one row per goal and date, with its key results as
-- parallel arrays in position order, written by one INSERT … SELECT that computes progress in
-- the database (the functions below mirror core's keyResultProgress and expectedProgress; a
-- test runs both over the same cases).
ALTER TABLE "goal_snapshots" ADD COLUMN "key_result_ids" uuid[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "goal_snapshots" ADD COLUMN "key_result_progress" double precision[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "goal_snapshots" ADD COLUMN "key_result_expected" double precision[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "goal_snapshots" ADD COLUMN "last_check_in_at" timestamp with time zone;--> statement-breakpoint
UPDATE "goal_snapshots" s SET "key_result_ids" = k."ids", "key_result_progress" = k."progress",
  "key_result_expected" = k."expected"
FROM (
  SELECT ks."tenant_id", ks."goal_id", ks."snapshot_date",
    array_agg(ks."key_result_id" ORDER BY kr."position", ks."key_result_id") AS "ids",
    array_agg(ks."progress" ORDER BY kr."position", ks."key_result_id") AS "progress",
    array_agg(ks."expected" ORDER BY kr."position", ks."key_result_id") AS "expected"
  FROM "key_result_snapshots" ks
  LEFT JOIN "key_results" kr ON kr."tenant_id" = ks."tenant_id" AND kr."id" = ks."key_result_id"
  GROUP BY ks."tenant_id", ks."goal_id", ks."snapshot_date"
) k
WHERE s."tenant_id" = k."tenant_id" AND s."goal_id" = k."goal_id" AND s."snapshot_date" = k."snapshot_date";--> statement-breakpoint
DROP TABLE "key_result_snapshots" CASCADE;--> statement-breakpoint
-- Foreign-key checks cost more than the 400,000 rows a 100k company's snapshot writes. The
-- snapshot reads its goals in the same statement; a goal's deletion removes its snapshots here.
ALTER TABLE "goal_snapshots" DROP CONSTRAINT "goal_snapshots_tenant_id_tenants_id_fk";--> statement-breakpoint
ALTER TABLE "goal_snapshots" DROP CONSTRAINT "goal_snapshots_goal_fk";--> statement-breakpoint
CREATE FUNCTION "goal_snapshots_forget"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "goal_snapshots" s USING "old_rows" o WHERE s."tenant_id" = o."tenant_id" AND s."goal_id" = o."id";
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "goals_delete_forget_snapshots" AFTER DELETE ON "goals"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "goal_snapshots_forget"();
--> statement-breakpoint
-- core keyResultProgress (§2) over float8, as JavaScript numbers: a milestone is 1 when done,
-- else its manual percent clamped to [0, 1]; a metric is max(0, (c − s) / (t − s)), or binary
-- in its direction where t = s. A missing target or current value is the start.
CREATE FUNCTION "perfloop_kr_progress"("kind" text, "direction" text, "s" float8, "t" float8, "c" float8,
  "done" boolean, "manual_percent" float8) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (CASE
    WHEN "kind" = 'milestone' THEN
      CASE WHEN "done" THEN 1 WHEN "manual_percent" IS NULL THEN 0 ELSE least(1, greatest(0, "manual_percent" / 100)) END
    WHEN coalesce("t", "s") = "s" THEN
      CASE WHEN CASE WHEN "direction" IN ('at_most', 'decrease') THEN coalesce("c", "s") <= "s"
        ELSE coalesce("c", "s") >= "s" END THEN 1 ELSE 0 END
    ELSE greatest(0, (coalesce("c", "s") - "s") / ("t" - "s"))
  END)::float8
$$;
--> statement-breakpoint
-- core expectedProgress (§3): clamp((d − start) / (due − start), 0, 1) in whole days; when due is
-- not after start, everything is expected from the start.
CREATE FUNCTION "perfloop_expected"("on_date" date, "start_date" date, "due_date" date)
  RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (CASE WHEN "due_date" - "start_date" <= 0 THEN CASE WHEN "on_date" >= "start_date" THEN 1 ELSE 0 END
    ELSE least(1, greatest(0, ("on_date" - "start_date")::float8 / ("due_date" - "start_date"))) END)::float8
$$;
