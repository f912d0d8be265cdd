CREATE TABLE "email_triage_states" (
	"source_id" uuid NOT NULL,
	"opener_key" text NOT NULL,
	"handled_at" timestamp with time zone,
	"handled_note" text,
	"snoozed_until" timestamp with time zone,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_triage_states_source_id_opener_key_pk" PRIMARY KEY("source_id","opener_key")
);
--> statement-breakpoint
ALTER TABLE "email_triage_states" ADD CONSTRAINT "email_triage_states_source_id_community_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."community_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_triage_states" ADD CONSTRAINT "email_triage_states_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;