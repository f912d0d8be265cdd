ALTER TABLE "donations" ADD COLUMN "gross_known" boolean DEFAULT true NOT NULL;--> statement-breakpoint
-- Net-only Open Collective rows imported before this column said so only in their description.
UPDATE "donations" SET "gross_known" = false
  WHERE "source" = 'opencollective' AND "description" LIKE '%gross unknown: the amount is Open Collective''s net of any payment processor fee%';
