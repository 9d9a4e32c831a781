-- Composite keys: follow-through rows can only point inside their tenant.
CREATE UNIQUE INDEX "follow_ups_tenant_id_uq" ON "follow_ups" ("tenant_id", "id");
--> statement-breakpoint
CREATE UNIQUE INDEX "one_on_ones_tenant_id_uq" ON "one_on_ones" ("tenant_id", "id");
--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_tenant_id_uq" ON "notifications" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "goal_snapshots" ADD CONSTRAINT "goal_snapshots_goal_fk" FOREIGN KEY ("tenant_id", "goal_id") REFERENCES "goals" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "key_result_snapshots" ADD CONSTRAINT "key_result_snapshots_kr_fk" FOREIGN KEY ("tenant_id", "key_result_id") REFERENCES "key_results" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_goal_fk" FOREIGN KEY ("tenant_id", "goal_id") REFERENCES "goals" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_cycle_fk" FOREIGN KEY ("tenant_id", "cycle_id") REFERENCES "cycles" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_fk" FOREIGN KEY ("tenant_id", "recipient_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_employee_fk" FOREIGN KEY ("tenant_id", "employee_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_notification_fk" FOREIGN KEY ("tenant_id", "notification_id") REFERENCES "notifications" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_employee_fk" FOREIGN KEY ("tenant_id", "employee_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_responsible_fk" FOREIGN KEY ("tenant_id", "responsible_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_goal_fk" FOREIGN KEY ("tenant_id", "goal_id") REFERENCES "goals" ("tenant_id", "id") ON DELETE SET NULL ("goal_id");
--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_kr_fk" FOREIGN KEY ("tenant_id", "key_result_id") REFERENCES "key_results" ("tenant_id", "id") ON DELETE SET NULL ("key_result_id");
--> statement-breakpoint
ALTER TABLE "one_on_ones" ADD CONSTRAINT "one_on_ones_manager_fk" FOREIGN KEY ("tenant_id", "manager_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "one_on_ones" ADD CONSTRAINT "one_on_ones_employee_fk" FOREIGN KEY ("tenant_id", "employee_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "one_on_ones" ADD CONSTRAINT "one_on_ones_two_people_ck" CHECK ("manager_id" <> "employee_id");
--> statement-breakpoint
ALTER TABLE "one_on_one_notes" ADD CONSTRAINT "one_on_one_notes_meeting_fk" FOREIGN KEY ("tenant_id", "meeting_id") REFERENCES "one_on_ones" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_from_fk" FOREIGN KEY ("tenant_id", "from_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_to_fk" FOREIGN KEY ("tenant_id", "to_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_goal_fk" FOREIGN KEY ("tenant_id", "goal_id") REFERENCES "goals" ("tenant_id", "id") ON DELETE SET NULL ("goal_id");
--> statement-breakpoint
ALTER TABLE "gap_analyses" ADD CONSTRAINT "gap_analyses_employee_fk" FOREIGN KEY ("tenant_id", "employee_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "gap_analyses" ADD CONSTRAINT "gap_analyses_cycle_fk" FOREIGN KEY ("tenant_id", "cycle_id") REFERENCES "cycles" ("tenant_id", "id");
