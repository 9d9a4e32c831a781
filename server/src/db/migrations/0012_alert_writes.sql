-- The weekly snapshot of a 100k company opens ~140,000 alerts in one transaction, and checking
-- each one's goal and cycle took half of that time (2 of 4 s): every check also locks the goal's
-- row (FOR KEY SHARE), dirtying 140,000 goal rows. Alerts are opened only for approved goals in
-- open cycles, which are never deleted (only draft or returned goals, and draft cycles without
-- goals, can be), so the checks guard nothing the application can reach; a goal's deletion (by
-- hand, say) still removes its alerts, here, as it removes its snapshots (migration 0011).
ALTER TABLE "alerts" DROP CONSTRAINT "alerts_goal_fk";--> statement-breakpoint
ALTER TABLE "alerts" DROP CONSTRAINT "alerts_cycle_fk";--> statement-breakpoint
CREATE FUNCTION "alerts_forget"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "alerts" a USING "old_rows" o WHERE a."tenant_id" = o."tenant_id" AND a."goal_id" = o."id";
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "goals_delete_forget_alerts" AFTER DELETE ON "goals"
  REFERENCING OLD TABLE AS "old_rows" FOR EACH STATEMENT EXECUTE FUNCTION "alerts_forget"();
