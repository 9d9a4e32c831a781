-- Server processes keep signed-in callers in memory: session, person, company, roles
-- (auth/actor-cache.ts). Every change that could alter one notifies them all when it commits,
-- whatever made it (a request, an import, the command line, a statement typed in psql), and they
-- forget what they hold. One notification per statement, and PostgreSQL folds a transaction's
-- identical notifications into one. A session's expiry moving forward is not such a change.
CREATE FUNCTION "perfloop_actors_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('perfloop_actors', '');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "employees_actors_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "employees"
  FOR EACH STATEMENT EXECUTE FUNCTION "perfloop_actors_changed"();--> statement-breakpoint
CREATE TRIGGER "departments_actors_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "departments"
  FOR EACH STATEMENT EXECUTE FUNCTION "perfloop_actors_changed"();--> statement-breakpoint
CREATE TRIGGER "role_assignments_actors_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "role_assignments"
  FOR EACH STATEMENT EXECUTE FUNCTION "perfloop_actors_changed"();--> statement-breakpoint
CREATE TRIGGER "tenants_actors_changed" AFTER UPDATE OR DELETE OR TRUNCATE ON "tenants"
  FOR EACH STATEMENT EXECUTE FUNCTION "perfloop_actors_changed"();--> statement-breakpoint
CREATE TRIGGER "sessions_actors_changed" AFTER DELETE OR TRUNCATE ON "sessions"
  FOR EACH STATEMENT EXECUTE FUNCTION "perfloop_actors_changed"();
