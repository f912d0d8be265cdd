CREATE TABLE "quarterly_report_sections" (
	"report_id" uuid NOT NULL,
	"section" text NOT NULL,
	"narrative" text DEFAULT '' NOT NULL,
	"narrative_updated_at" timestamp with time zone,
	"narrative_updated_by_id" uuid,
	"ready_at" timestamp with time zone,
	"ready_by_id" uuid,
	CONSTRAINT "quarterly_report_sections_report_id_section_pk" PRIMARY KEY("report_id","section")
);
--> statement-breakpoint
CREATE TABLE "quarterly_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"quarter" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"data" jsonb NOT NULL,
	"generated_at" timestamp with time zone NOT NULL,
	"generated_by_id" uuid,
	"published_document" jsonb,
	"published_at" timestamp with time zone,
	"published_by_id" uuid,
	"correction_of_id" uuid,
	"correction_reason" text,
	"superseded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "quarterly_report_sections" ADD CONSTRAINT "quarterly_report_sections_report_id_quarterly_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."quarterly_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarterly_report_sections" ADD CONSTRAINT "quarterly_report_sections_narrative_updated_by_id_users_id_fk" FOREIGN KEY ("narrative_updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarterly_report_sections" ADD CONSTRAINT "quarterly_report_sections_ready_by_id_users_id_fk" FOREIGN KEY ("ready_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarterly_reports" ADD CONSTRAINT "quarterly_reports_generated_by_id_users_id_fk" FOREIGN KEY ("generated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarterly_reports" ADD CONSTRAINT "quarterly_reports_published_by_id_users_id_fk" FOREIGN KEY ("published_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarterly_reports" ADD CONSTRAINT "quarterly_reports_correction_of_id_quarterly_reports_id_fk" FOREIGN KEY ("correction_of_id") REFERENCES "public"."quarterly_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quarterly_reports" ADD CONSTRAINT "quarterly_reports_superseded_by_id_quarterly_reports_id_fk" FOREIGN KEY ("superseded_by_id") REFERENCES "public"."quarterly_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "quarterly_reports_quarter_version_unique" ON "quarterly_reports" USING btree ("quarter","version");--> statement-breakpoint
CREATE UNIQUE INDEX "quarterly_reports_one_open_per_quarter" ON "quarterly_reports" USING btree ("quarter") WHERE "quarterly_reports"."status" <> 'published';--> statement-breakpoint
CREATE INDEX "quarterly_reports_status_idx" ON "quarterly_reports" USING btree ("status","quarter");