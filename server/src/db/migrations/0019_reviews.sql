CREATE TABLE "key_events" (
	"id" uuid PRIMARY KEY DEFAULT perfloop_uuid_v7() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"cycle_id" uuid,
	"occurred_on" date NOT NULL,
	"kind" text DEFAULT 'event' NOT NULL,
	"polarity" text NOT NULL,
	"description" text NOT NULL,
	"goal_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_cycles" (
	"id" uuid PRIMARY KEY DEFAULT perfloop_uuid_v7() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"cycle_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"populations" jsonb NOT NULL,
	"launched_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"scored_at" timestamp with time zone,
	"created_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_participants" (
	"id" uuid PRIMARY KEY DEFAULT perfloop_uuid_v7() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"review_cycle_id" uuid NOT NULL,
	"employee_id" uuid NOT NULL,
	"manager_id" uuid,
	"department_id" uuid,
	"template_id" uuid,
	"template_version" integer,
	"nomination_status" text DEFAULT 'not_started' NOT NULL,
	"proposed_peer_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"proposed_collaborator_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"attainment" double precision,
	"final_score" numeric(7, 2),
	"final_score_exact" double precision,
	"scored_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_scores" (
	"tenant_id" uuid NOT NULL,
	"review_id" uuid NOT NULL,
	"review_cycle_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"rater_type" text NOT NULL,
	"dimension_key" text NOT NULL,
	"score" double precision NOT NULL,
	CONSTRAINT "review_scores_tenant_id_review_id_dimension_key_pk" PRIMARY KEY("tenant_id","review_id","dimension_key")
);
--> statement-breakpoint
CREATE TABLE "review_template_versions" (
	"tenant_id" uuid NOT NULL,
	"template_id" uuid NOT NULL,
	"template_version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_template_versions_tenant_id_template_id_template_version_pk" PRIMARY KEY("tenant_id","template_id","template_version")
);
--> statement-breakpoint
CREATE TABLE "review_templates" (
	"id" uuid PRIMARY KEY DEFAULT perfloop_uuid_v7() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"id" uuid PRIMARY KEY DEFAULT perfloop_uuid_v7() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"review_cycle_id" uuid NOT NULL,
	"participant_id" uuid NOT NULL,
	"ratee_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"rater_type" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"due_date" date,
	"submitted_at" timestamp with time zone,
	"last_reminded_at" timestamp with time zone,
	"reopened_count" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "key_events" ADD CONSTRAINT "key_events_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_cycles" ADD CONSTRAINT "review_cycles_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_participants" ADD CONSTRAINT "review_participants_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_scores" ADD CONSTRAINT "review_scores_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_template_versions" ADD CONSTRAINT "review_template_versions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_templates" ADD CONSTRAINT "review_templates_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "key_events_tenant_id_uq" ON "key_events" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "key_events_tenant_employee_idx" ON "key_events" USING btree ("tenant_id","employee_id","occurred_on");--> statement-breakpoint
CREATE UNIQUE INDEX "review_cycles_tenant_id_uq" ON "review_cycles" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "review_cycles_tenant_cycle_idx" ON "review_cycles" USING btree ("tenant_id","cycle_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "review_participants_tenant_id_uq" ON "review_participants" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_participants_round_employee_uq" ON "review_participants" USING btree ("tenant_id","review_cycle_id","employee_id");--> statement-breakpoint
CREATE INDEX "review_participants_round_manager_idx" ON "review_participants" USING btree ("tenant_id","review_cycle_id","manager_id");--> statement-breakpoint
CREATE INDEX "review_participants_round_department_idx" ON "review_participants" USING btree ("tenant_id","review_cycle_id","department_id");--> statement-breakpoint
CREATE INDEX "review_scores_round_participant_idx" ON "review_scores" USING btree ("tenant_id","review_cycle_id","participant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "review_templates_tenant_id_uq" ON "review_templates" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "reviews_tenant_id_uq" ON "reviews" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "reviews_participant_reviewer_uq" ON "reviews" USING btree ("tenant_id","participant_id","reviewer_id");--> statement-breakpoint
CREATE INDEX "reviews_tenant_reviewer_idx" ON "reviews" USING btree ("tenant_id","reviewer_id","status");--> statement-breakpoint
CREATE INDEX "reviews_round_status_idx" ON "reviews" USING btree ("tenant_id","review_cycle_id","status","due_date");--> statement-breakpoint
-- Composite keys: review rows can only point inside their tenant.
ALTER TABLE "review_template_versions" ADD CONSTRAINT "review_template_versions_template_fk" FOREIGN KEY ("tenant_id", "template_id") REFERENCES "review_templates" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "review_cycles" ADD CONSTRAINT "review_cycles_cycle_fk" FOREIGN KEY ("tenant_id", "cycle_id") REFERENCES "cycles" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "review_participants" ADD CONSTRAINT "review_participants_round_fk" FOREIGN KEY ("tenant_id", "review_cycle_id") REFERENCES "review_cycles" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "review_participants" ADD CONSTRAINT "review_participants_employee_fk" FOREIGN KEY ("tenant_id", "employee_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "review_participants" ADD CONSTRAINT "review_participants_template_fk" FOREIGN KEY ("tenant_id", "template_id", "template_version") REFERENCES "review_template_versions" ("tenant_id", "template_id", "template_version");
--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_participant_fk" FOREIGN KEY ("tenant_id", "participant_id") REFERENCES "review_participants" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_reviewer_fk" FOREIGN KEY ("tenant_id", "reviewer_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "review_scores" ADD CONSTRAINT "review_scores_review_fk" FOREIGN KEY ("tenant_id", "review_id") REFERENCES "reviews" ("tenant_id", "id") ON DELETE CASCADE;
--> statement-breakpoint
ALTER TABLE "key_events" ADD CONSTRAINT "key_events_employee_fk" FOREIGN KEY ("tenant_id", "employee_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "key_events" ADD CONSTRAINT "key_events_author_fk" FOREIGN KEY ("tenant_id", "author_id") REFERENCES "employees" ("tenant_id", "id");
--> statement-breakpoint
ALTER TABLE "key_events" ADD CONSTRAINT "key_events_goal_fk" FOREIGN KEY ("tenant_id", "goal_id") REFERENCES "goals" ("tenant_id", "id") ON DELETE SET NULL ("goal_id");
--> statement-breakpoint
ALTER TABLE "key_events" ADD CONSTRAINT "key_events_cycle_fk" FOREIGN KEY ("tenant_id", "cycle_id") REFERENCES "cycles" ("tenant_id", "id");
