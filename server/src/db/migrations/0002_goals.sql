CREATE TABLE "check_ins" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"key_result_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"value" numeric,
	"done" boolean,
	"percent" numeric,
	"confidence" integer NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"author_id" uuid,
	"token_id" uuid,
	"idempotency_key" text,
	"request_hash" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cycles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"time_zone" text NOT NULL,
	"phases" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_revisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"change" jsonb NOT NULL,
	"reason" text NOT NULL,
	"basis" text NOT NULL,
	"status" text NOT NULL,
	"requested_by_id" uuid,
	"steps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"from_revision_no" integer NOT NULL,
	"applied_revision_no" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_versions" (
	"tenant_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"revision_no" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"revision_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "goal_versions_tenant_id_goal_id_revision_no_pk" PRIMARY KEY("tenant_id","goal_id","revision_no")
);
--> statement-breakpoint
CREATE TABLE "goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"level" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"owner_id" uuid,
	"department_id" uuid,
	"weight_bp" integer NOT NULL,
	"due_date" date,
	"status" text NOT NULL,
	"return_comment" text,
	"parent_goal_id" uuid,
	"parent_key_result_id" uuid,
	"revision_no" integer DEFAULT 1 NOT NULL,
	"created_by_id" uuid,
	"submitted_at" timestamp with time zone,
	"approved_by_id" uuid,
	"approved_at" timestamp with time zone,
	"last_check_in_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "key_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"direction" text NOT NULL,
	"start_value" numeric NOT NULL,
	"target_value" numeric,
	"current_value" numeric,
	"unit" text,
	"weight_bp" integer NOT NULL,
	"start_date" date,
	"due_date" date,
	"done" boolean DEFAULT false NOT NULL,
	"manual_percent" numeric,
	"roll_up" boolean DEFAULT false NOT NULL,
	"external_key" text,
	"owner_id" uuid,
	"confidence" integer,
	"last_check_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "check_ins" ADD CONSTRAINT "check_ins_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cycles" ADD CONSTRAINT "cycles_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_revisions" ADD CONSTRAINT "goal_revisions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_versions" ADD CONSTRAINT "goal_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_results" ADD CONSTRAINT "key_results_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "check_ins_tenant_kr_at_idx" ON "check_ins" USING btree ("tenant_id","key_result_id","at");--> statement-breakpoint
CREATE INDEX "check_ins_tenant_goal_at_idx" ON "check_ins" USING btree ("tenant_id","goal_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "check_ins_tenant_idem_uq" ON "check_ins" USING btree ("tenant_id","idempotency_key") WHERE "check_ins"."idempotency_key" is not null;--> statement-breakpoint
CREATE INDEX "cycles_tenant_start_idx" ON "cycles" USING btree ("tenant_id","start_date");--> statement-breakpoint
CREATE INDEX "goal_revisions_tenant_goal_idx" ON "goal_revisions" USING btree ("tenant_id","goal_id");--> statement-breakpoint
CREATE INDEX "goal_revisions_tenant_status_idx" ON "goal_revisions" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "goal_revisions_one_open_uq" ON "goal_revisions" USING btree ("tenant_id","goal_id") WHERE "goal_revisions"."status" in ('submitted', 'head_approved');--> statement-breakpoint
CREATE INDEX "goals_tenant_cycle_owner_idx" ON "goals" USING btree ("tenant_id","cycle_id","owner_id");--> statement-breakpoint
CREATE INDEX "goals_tenant_cycle_department_idx" ON "goals" USING btree ("tenant_id","cycle_id","department_id");--> statement-breakpoint
CREATE INDEX "goals_tenant_parent_goal_idx" ON "goals" USING btree ("tenant_id","parent_goal_id");--> statement-breakpoint
CREATE INDEX "goals_tenant_parent_kr_idx" ON "goals" USING btree ("tenant_id","parent_key_result_id");--> statement-breakpoint
CREATE INDEX "goals_tenant_status_idx" ON "goals" USING btree ("tenant_id","status");--> statement-breakpoint
CREATE INDEX "key_results_tenant_goal_idx" ON "key_results" USING btree ("tenant_id","goal_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "key_results_tenant_external_key_uq" ON "key_results" USING btree ("tenant_id","external_key") WHERE "key_results"."external_key" is not null;