-- Alerts are listed newest first. For the team of the head of a company of 10,000 (14,000 open
-- alerts) the list walks this index in that order and stops when a page is full, instead of
-- looking up the goals of 10,000 people; the snapshot's reads of open alerts use its first columns
-- as they used the index it replaces.
DROP INDEX "alerts_tenant_status_cycle_idx";--> statement-breakpoint
CREATE INDEX "alerts_tenant_status_cycle_created_idx" ON "alerts" USING btree ("tenant_id","status","cycle_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);