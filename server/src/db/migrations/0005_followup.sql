CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"status" text NOT NULL,
	"opened_on" date NOT NULL,
	"resolved_on" date,
	"progress" double precision,
	"expected" double precision,
	"pace" double precision,
	"last_check_in_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"notification_id" uuid,
	"event" text NOT NULL,
	"channel" text NOT NULL,
	"target" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"from_id" uuid NOT NULL,
	"to_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"audience" text NOT NULL,
	"goal_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"date" date NOT NULL,
	"employee_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"action" text DEFAULT '' NOT NULL,
	"responsible_id" uuid NOT NULL,
	"due_date" date,
	"status" text DEFAULT 'open' NOT NULL,
	"done_at" timestamp with time zone,
	"goal_id" uuid,
	"key_result_id" uuid,
	"source" text DEFAULT 'manual' NOT NULL,
	"source_id" uuid,
	"created_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gap_analyses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"cycle_id" uuid,
	"title" text NOT NULL,
	"items" jsonb NOT NULL,
	"created_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "goal_snapshots" (
	"tenant_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"snapshot_date" date NOT NULL,
	"cycle_id" uuid NOT NULL,
	"progress" double precision NOT NULL,
	"expected" double precision NOT NULL,
	CONSTRAINT "goal_snapshots_tenant_id_goal_id_snapshot_date_pk" PRIMARY KEY("tenant_id","goal_id","snapshot_date")
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"tenant_id" uuid NOT NULL,
	"job" text NOT NULL,
	"run_key" text NOT NULL,
	"trigger" text NOT NULL,
	"stats" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "job_runs_tenant_id_job_run_key_pk" PRIMARY KEY("tenant_id","job","run_key")
);
--> statement-breakpoint
CREATE TABLE "key_result_snapshots" (
	"tenant_id" uuid NOT NULL,
	"key_result_id" uuid NOT NULL,
	"snapshot_date" date NOT NULL,
	"goal_id" uuid NOT NULL,
	"progress" double precision NOT NULL,
	"expected" double precision NOT NULL,
	CONSTRAINT "key_result_snapshots_tenant_id_key_result_id_snapshot_date_pk" PRIMARY KEY("tenant_id","key_result_id","snapshot_date")
);
--> statement-breakpoint
CREATE TABLE "notification_channels" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"smtp" jsonb,
	"robots" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"tenant_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"prefs" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_tenant_id_employee_id_pk" PRIMARY KEY("tenant_id","employee_id")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"recipient_id" uuid NOT NULL,
	"event" text NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"link" text,
	"dedupe_key" text,
	"in_app" boolean DEFAULT true NOT NULL,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "one_on_one_notes" (
	"tenant_id" uuid NOT NULL,
	"meeting_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "one_on_one_notes_tenant_id_meeting_id_author_id_pk" PRIMARY KEY("tenant_id","meeting_id","author_id")
);
--> statement-breakpoint
CREATE TABLE "one_on_ones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"series_id" uuid,
	"manager_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"duration_minutes" integer DEFAULT 30 NOT NULL,
	"location" text DEFAULT '' NOT NULL,
	"agenda" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"shared_notes" text DEFAULT '' NOT NULL,
	"grow" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"recurrence" text DEFAULT 'none' NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"created_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "cycles" ADD COLUMN "warning_settings" jsonb;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gap_analyses" ADD CONSTRAINT "gap_analyses_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goal_snapshots" ADD CONSTRAINT "goal_snapshots_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_runs" ADD CONSTRAINT "job_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_result_snapshots" ADD CONSTRAINT "key_result_snapshots_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_channels" ADD CONSTRAINT "notification_channels_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_on_one_notes" ADD CONSTRAINT "one_on_one_notes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "one_on_ones" ADD CONSTRAINT "one_on_ones_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_one_open_uq" ON "alerts" USING btree ("tenant_id","goal_id","rule") WHERE "alerts"."status" = 'open';--> statement-breakpoint
CREATE INDEX "alerts_tenant_status_cycle_idx" ON "alerts" USING btree ("tenant_id","status","cycle_id");--> statement-breakpoint
CREATE INDEX "alerts_tenant_goal_idx" ON "alerts" USING btree ("tenant_id","goal_id");--> statement-breakpoint
CREATE INDEX "deliveries_tenant_due_idx" ON "deliveries" USING btree ("tenant_id","next_attempt_at") WHERE "deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "deliveries_tenant_created_idx" ON "deliveries" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "feedback_tenant_to_idx" ON "feedback" USING btree ("tenant_id","to_id","created_at");--> statement-breakpoint
CREATE INDEX "feedback_tenant_from_idx" ON "feedback" USING btree ("tenant_id","from_id","created_at");--> statement-breakpoint
CREATE INDEX "follow_ups_tenant_employee_idx" ON "follow_ups" USING btree ("tenant_id","employee_id","date");--> statement-breakpoint
CREATE INDEX "follow_ups_tenant_responsible_idx" ON "follow_ups" USING btree ("tenant_id","responsible_id","status","due_date");--> statement-breakpoint
CREATE INDEX "follow_ups_tenant_date_idx" ON "follow_ups" USING btree ("tenant_id","date","id");--> statement-breakpoint
CREATE INDEX "follow_ups_tenant_source_idx" ON "follow_ups" USING btree ("tenant_id","source_id");--> statement-breakpoint
CREATE INDEX "gap_analyses_tenant_employee_idx" ON "gap_analyses" USING btree ("tenant_id","employee_id","created_at");--> statement-breakpoint
CREATE INDEX "goal_snapshots_tenant_date_idx" ON "goal_snapshots" USING btree ("tenant_id","snapshot_date");--> statement-breakpoint
CREATE INDEX "notifications_tenant_recipient_idx" ON "notifications" USING btree ("tenant_id","recipient_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_dedupe_uq" ON "notifications" USING btree ("tenant_id","recipient_id","dedupe_key") WHERE "notifications"."dedupe_key" is not null;--> statement-breakpoint
CREATE INDEX "one_on_ones_tenant_manager_idx" ON "one_on_ones" USING btree ("tenant_id","manager_id","starts_at");--> statement-breakpoint
CREATE INDEX "one_on_ones_tenant_employee_idx" ON "one_on_ones" USING btree ("tenant_id","employee_id","starts_at");