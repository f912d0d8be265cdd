CREATE TABLE "sponsor_stage_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"sponsor_id" uuid NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"by_id" uuid,
	"note" text
);
--> statement-breakpoint
ALTER TABLE "fundraising_targets" ADD COLUMN "campaign_id" uuid;--> statement-breakpoint
ALTER TABLE "fundraising_targets" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Pledges so far were in their budget's currency: they keep it.
ALTER TABLE "pledges" ADD COLUMN "currency" text;--> statement-breakpoint
UPDATE "pledges" SET "currency" = t."currency" FROM "fundraising_targets" t WHERE t."id" = "pledges"."target_id";--> statement-breakpoint
ALTER TABLE "pledges" ALTER COLUMN "currency" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "sponsor_stage_changes" ADD CONSTRAINT "sponsor_stage_changes_sponsor_id_sponsors_id_fk" FOREIGN KEY ("sponsor_id") REFERENCES "public"."sponsors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sponsor_stage_changes" ADD CONSTRAINT "sponsor_stage_changes_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sponsor_stage_changes_sponsor_idx" ON "sponsor_stage_changes" USING btree ("sponsor_id","at");--> statement-breakpoint
CREATE INDEX "sponsor_stage_changes_at_idx" ON "sponsor_stage_changes" USING btree ("at","to_stage");--> statement-breakpoint
ALTER TABLE "fundraising_targets" ADD CONSTRAINT "fundraising_targets_campaign_id_comms_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."comms_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- The stage history begins with each existing sponsor in its current stage, from the day it was created.
INSERT INTO "sponsor_stage_changes" ("sponsor_id", "from_stage", "to_stage", "at", "note")
SELECT "id", NULL, "stage", "created_at", 'Stage when the history began' FROM "sponsors";