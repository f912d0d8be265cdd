CREATE TABLE "intern_mentors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"intern_id" uuid NOT NULL,
	"name" text NOT NULL,
	"github_login" text
);
--> statement-breakpoint
CREATE TABLE "interns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"name" text NOT NULL,
	"github_login" text,
	"project" text NOT NULL,
	"status" text DEFAULT 'proposal' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "internship_milestones" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"intern_id" uuid,
	"title" text NOT NULL,
	"due_on" date NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "internship_programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"year" integer NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "triage_states" (
	"item_id" uuid PRIMARY KEY NOT NULL,
	"handled_at" timestamp with time zone,
	"handled_note" text,
	"snoozed_until" timestamp with time zone,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "intern_mentors" ADD CONSTRAINT "intern_mentors_intern_id_interns_id_fk" FOREIGN KEY ("intern_id") REFERENCES "public"."interns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interns" ADD CONSTRAINT "interns_programme_id_internship_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."internship_programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internship_milestones" ADD CONSTRAINT "internship_milestones_programme_id_internship_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."internship_programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internship_milestones" ADD CONSTRAINT "internship_milestones_intern_id_interns_id_fk" FOREIGN KEY ("intern_id") REFERENCES "public"."interns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "internship_programmes" ADD CONSTRAINT "internship_programmes_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_states" ADD CONSTRAINT "triage_states_item_id_github_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."github_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "triage_states" ADD CONSTRAINT "triage_states_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "intern_mentors_intern_idx" ON "intern_mentors" USING btree ("intern_id");--> statement-breakpoint
CREATE INDEX "interns_programme_idx" ON "interns" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "internship_milestones_due_idx" ON "internship_milestones" USING btree ("due_on");--> statement-breakpoint
CREATE INDEX "internship_programmes_year_idx" ON "internship_programmes" USING btree ("year");--> statement-breakpoint
CREATE INDEX "triage_states_snoozed_idx" ON "triage_states" USING btree ("snoozed_until");