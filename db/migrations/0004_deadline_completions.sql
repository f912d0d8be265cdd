CREATE TABLE "grant_deadline_completions" (
	"deadline_id" uuid NOT NULL,
	"occurs_on" date NOT NULL,
	"done_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_by_id" uuid,
	CONSTRAINT "grant_deadline_completions_deadline_id_occurs_on_pk" PRIMARY KEY("deadline_id","occurs_on")
);
--> statement-breakpoint
ALTER TABLE "grant_deadline_completions" ADD CONSTRAINT "grant_deadline_completions_deadline_id_grant_deadlines_id_fk" FOREIGN KEY ("deadline_id") REFERENCES "public"."grant_deadlines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_deadline_completions" ADD CONSTRAINT "grant_deadline_completions_done_by_id_users_id_fk" FOREIGN KEY ("done_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;