-- Composite keys: a reference can never point into another tenant.
CREATE UNIQUE INDEX "departments_tenant_id_uq" ON "departments" ("tenant_id", "id");
--> statement-breakpoint
CREATE UNIQUE INDEX "employees_tenant_id_uq" ON "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_parent_fk" FOREIGN KEY ("tenant_id", "parent_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_head_fk" FOREIGN KEY ("tenant_id", "head_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "employees" ADD CONSTRAINT "employees_department_fk" FOREIGN KEY ("tenant_id", "department_id") REFERENCES "departments" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "employees" ADD CONSTRAINT "employees_manager_fk" FOREIGN KEY ("tenant_id", "manager_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "role_assignments" ADD CONSTRAINT "role_assignments_employee_fk" FOREIGN KEY ("tenant_id", "employee_id") REFERENCES "employees" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_employee_fk" FOREIGN KEY ("tenant_id", "employee_id") REFERENCES "employees" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
-- The audit log is append-only: history cannot be edited or erased through SQL either.
CREATE FUNCTION "audit_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "audit_events_no_update" BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"();
