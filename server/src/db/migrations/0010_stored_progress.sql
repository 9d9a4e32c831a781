ALTER TABLE "goals" ADD COLUMN "progress" double precision;--> statement-breakpoint
CREATE INDEX "goals_progress_unknown_idx" ON "goals" USING btree ("tenant_id") WHERE "goals"."progress" is null;--> statement-breakpoint
-- Stored progress is forgotten by the database itself on every write to a goal's key results,
-- whatever code path made it (check-in, revision, import, plain SQL). The goal rows are locked
-- first, even those already null: a fill holding one of them read its key results before this
-- write, so this waits for the fill to commit and then nulls what it stored.
CREATE FUNCTION "goals_progress_forget"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT "goal_id") INTO ids FROM "new_rows";
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT "goal_id") INTO ids FROM "old_rows";
  ELSE
    -- Only changes to what progress reads: a title or a confidence leaves it as it is.
    SELECT array_agg(DISTINCT k."goal_id") INTO ids
      FROM "new_rows" n JOIN "old_rows" o ON o."id" = n."id",
        unnest(ARRAY[n."goal_id", o."goal_id"]) k("goal_id")
      WHERE (n."goal_id", n."kind", n."direction", n."start_value", n."target_value", n."current_value",
          n."weight_bp", n."done", n."manual_percent", n."roll_up")
        IS DISTINCT FROM (o."goal_id", o."kind", o."direction", o."start_value", o."target_value",
          o."current_value", o."weight_bp", o."done", o."manual_percent", o."roll_up");
  END IF;
  IF ids IS NULL THEN
    RETURN NULL;
  END IF;
  PERFORM 1 FROM "goals" WHERE "id" = ANY (ids) ORDER BY "id" FOR UPDATE;
  UPDATE "goals" SET "progress" = NULL WHERE "id" = ANY (ids) AND "progress" IS NOT NULL;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "key_results_insert_forget_progress" AFTER INSERT ON "key_results"
  REFERENCING NEW TABLE AS "new_rows" FOR EACH STATEMENT EXECUTE FUNCTION "goals_progress_forget"();
--> statement-breakpoint
CREATE TRIGGER "key_results_delete_forget_progress" AFTER DELETE ON "key_results"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "goals_progress_forget"();
--> statement-breakpoint
CREATE TRIGGER "key_results_update_forget_progress" AFTER UPDATE ON "key_results"
  REFERENCING NEW TABLE AS "new_rows" OLD TABLE AS "old_rows"
  FOR EACH STATEMENT EXECUTE FUNCTION "goals_progress_forget"();
