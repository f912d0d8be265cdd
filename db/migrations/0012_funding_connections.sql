CREATE TABLE "donation_external_ids" (
	"donation_id" uuid NOT NULL,
	"source" text NOT NULL,
	"external_id" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"account" text NOT NULL,
	"credential" jsonb,
	"status" text DEFAULT 'pending' NOT NULL,
	"cursor" jsonb,
	"last_sync_at" timestamp with time zone,
	"last_result" text,
	"last_error" text,
	"last_summary" jsonb,
	"requests_last_sync" integer,
	"monthly_income_cents" integer,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sponsorship_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"github_id" text NOT NULL,
	"action" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"sponsor_login" text,
	"tier_name" text,
	"tier_monthly_cents" integer,
	"previous_tier_name" text,
	"previous_tier_monthly_cents" integer,
	"is_one_time" boolean
);
--> statement-breakpoint
CREATE TABLE "sponsorships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"github_id" text NOT NULL,
	"sponsor_login" text,
	"sponsor_name" text,
	"donor_id" uuid,
	"tier_name" text,
	"monthly_price_cents" integer,
	"is_one_time" boolean NOT NULL,
	"is_active" boolean NOT NULL,
	"is_private" boolean NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"tier_selected_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "fee_details" jsonb;--> statement-breakpoint
ALTER TABLE "exchange_rates" ADD COLUMN "source" text DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "import_batches" ADD COLUMN "connection_id" uuid;--> statement-breakpoint
ALTER TABLE "donation_external_ids" ADD CONSTRAINT "donation_external_ids_donation_id_donations_id_fk" FOREIGN KEY ("donation_id") REFERENCES "public"."donations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_connections" ADD CONSTRAINT "funding_connections_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sponsorship_events" ADD CONSTRAINT "sponsorship_events_connection_id_funding_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."funding_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sponsorships" ADD CONSTRAINT "sponsorships_connection_id_funding_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."funding_connections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sponsorships" ADD CONSTRAINT "sponsorships_donor_id_donors_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."donors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "donation_external_ids_source_id" ON "donation_external_ids" USING btree ("source","external_id");--> statement-breakpoint
CREATE INDEX "donation_external_ids_donation_idx" ON "donation_external_ids" USING btree ("donation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_connections_kind_account" ON "funding_connections" USING btree ("kind","account");--> statement-breakpoint
CREATE UNIQUE INDEX "sponsorship_events_connection_github" ON "sponsorship_events" USING btree ("connection_id","github_id");--> statement-breakpoint
CREATE INDEX "sponsorship_events_sponsor_idx" ON "sponsorship_events" USING btree ("connection_id","sponsor_login","at");--> statement-breakpoint
CREATE UNIQUE INDEX "sponsorships_connection_github" ON "sponsorships" USING btree ("connection_id","github_id");--> statement-breakpoint
CREATE INDEX "sponsorships_donor_idx" ON "sponsorships" USING btree ("donor_id");