-- A running import is held by its process through a lease it renews while it works; a process
-- starting (or the minute sweep) fails only the imports whose lease has run out, no longer every
-- running one, which with several processes on one database failed imports that were running
-- fine. Imports left running by a version without leases have none: they count as expired.
ALTER TABLE "import_jobs" ADD COLUMN "lease_expires_at" timestamp with time zone;
