-- Composite keys: goals, key results, check-ins and revisions can only point inside their tenant.
CREATE UNIQUE INDEX "cycles_tenant_id_uq" ON "cycles" ("tenant_id", "id");
--> statement-breakpoint
CREATE UNIQUE INDEX "goals_tenant_id_uq" ON "goals" ("tenant_id", "id");
--> statement-breakpoint
CREATE UNIQUE INDEX "key_results_tenant_id_uq" ON "key_results" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_cycle_fk" FOREIGN KEY ("tenant_id", "cycle_id") REFERENCES "cycles" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_owner_fk" FOREIGN KEY ("tenant_id", "owner_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_department_fk" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_parent_goal_fk" FOREIGN KEY ("tenant_id", "parent_goal_id") REFERENCES "goals" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_parent_kr_fk" FOREIGN KEY ("tenant_id", "parent_key_result_id") REFERENCES "key_results" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_weight_ck" CHECK ("weight_bp" BETWEEN 0 AND 10000);
--> statement-breakpoint
ALTER TABLE "key_results" ADD CONSTRAINT "key_results_goal_fk" FOREIGN KEY ("tenant_id", "goal_id") REFERENCES "goals" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "key_results" ADD CONSTRAINT "key_results_owner_fk" FOREIGN KEY ("tenant_id", "owner_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "key_results" ADD CONSTRAINT "key_results_weight_ck" CHECK ("weight_bp" BETWEEN 0 AND 10000);
--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_kr_fk" FOREIGN KEY ("tenant_id", "key_result_id") REFERENCES "key_results" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_goal_fk" FOREIGN KEY ("tenant_id", "goal_id") REFERENCES "goals" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_confidence_ck" CHECK ("confidence" BETWEEN 1 AND 10);
--> statement-breakpoint
ALTER TABLE "goal_versions" ADD CONSTRAINT "goal_versions_goal_fk" FOREIGN KEY ("tenant_id", "goal_id") REFERENCES "goals" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "goal_revisions" ADD CONSTRAINT "goal_revisions_goal_fk" FOREIGN KEY ("tenant_id", "goal_id") REFERENCES "goals" ("tenant_id", "id");
--> statement-breakpoint
-- Check-ins and approved goal versions are history (备案): no UPDATE or DELETE, even in SQL.
CREATE FUNCTION "history_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "check_ins_no_update" BEFORE UPDATE OR DELETE ON "check_ins"
  FOR EACH ROW EXECUTE FUNCTION "history_append_only"();
--> statement-breakpoint
CREATE TRIGGER "goal_versions_no_update" BEFORE UPDATE OR DELETE ON "goal_versions"
  FOR EACH ROW EXECUTE FUNCTION "history_append_only"();
