ALTER TABLE "goals" ADD COLUMN "progress" double precision;--> statement-breakpoint
CREATE INDEX "goals_progress_unknown_idx" ON "goals" USING btree ("tenant_id") WHERE "goals"."progress" is null;--> statement-breakpoint
-- Stored progress is forgotten by the database itself on every write to a goal's key results,
-- whatever code path made it (check-in, revision, import, plain SQL). The goal rows are locked
-- first, even those already null: a fill holding one of them read its key results before this
-- write, so this waits for the fill to commit and then nulls what it stored.
-- Inserts and deletes come in bulk (imports, new goals): once per statement.
CREATE FUNCTION "goals_progress_forget"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT "goal_id") INTO ids FROM "new_rows";
  ELSE
    SELECT array_agg(DISTINCT "goal_id") INTO ids FROM "old_rows";
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
-- Updates are the check-in's hot path, one row at a time: a row trigger whose WHEN (evaluated
-- without calling the function) passes only changes to what progress reads, not a title or a
-- confidence.
CREATE FUNCTION "goals_progress_forget_row"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM "goals" WHERE "id" IN (NEW."goal_id", OLD."goal_id") ORDER BY "id" FOR UPDATE;
  UPDATE "goals" SET "progress" = NULL
    WHERE "id" IN (NEW."goal_id", OLD."goal_id") AND "progress" IS NOT NULL;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "key_results_update_forget_progress" AFTER UPDATE ON "key_results" FOR EACH ROW
  WHEN ((NEW."goal_id", NEW."kind", NEW."direction", NEW."start_value", NEW."target_value",
      NEW."current_value", NEW."weight_bp", NEW."done", NEW."manual_percent", NEW."roll_up")
    IS DISTINCT FROM (OLD."goal_id", OLD."kind", OLD."direction", OLD."start_value", OLD."target_value",
      OLD."current_value", OLD."weight_bp", OLD."done", OLD."manual_percent", OLD."roll_up"))
  EXECUTE FUNCTION "goals_progress_forget_row"();
