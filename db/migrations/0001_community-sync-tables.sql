CREATE TABLE "commits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"repository_id" uuid NOT NULL,
	"sha" text NOT NULL,
	"authored_at" timestamp with time zone NOT NULL,
	"committed_at" timestamp with time zone NOT NULL,
	"author_login" text,
	"author_name" text NOT NULL,
	"author_key" text NOT NULL,
	"is_bot" boolean DEFAULT false NOT NULL,
	"is_merge" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "github_item_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"repository_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"node_id" text NOT NULL,
	"actor_login" text,
	"actor_is_bot" boolean DEFAULT false NOT NULL,
	"review_state" text,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "github_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"repository_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"node_id" text NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"url" text NOT NULL,
	"author_login" text,
	"author_association" text,
	"author_is_bot" boolean DEFAULT false NOT NULL,
	"state" text NOT NULL,
	"category" text,
	"category_is_answerable" boolean,
	"labels" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone,
	"merged_at" timestamp with time zone,
	"merged_by_login" text,
	"answer_chosen_at" timestamp with time zone,
	"answer_author_login" text,
	"first_response_at" timestamp with time zone,
	"first_responder_login" text,
	"comment_count" integer DEFAULT 0 NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repositories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner" text NOT NULL,
	"name" text NOT NULL,
	"node_id" text,
	"default_branch" text,
	"has_discussions" boolean DEFAULT true NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"added_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deactivated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "repository_snapshots" (
	"repository_id" uuid NOT NULL,
	"day" date NOT NULL,
	"stars" integer NOT NULL,
	"forks" integer NOT NULL,
	"watchers" integer NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repository_snapshots_repository_id_day_pk" PRIMARY KEY("repository_id","day")
);
--> statement-breakpoint
CREATE TABLE "sync_states" (
	"repository_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"watermark" timestamp with time zone,
	"pending_watermark" timestamp with time zone,
	"cursor" text,
	"status" text DEFAULT 'idle' NOT NULL,
	"items_done" integer DEFAULT 0 NOT NULL,
	"items_total" integer,
	"requests_used" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"rate_limit_remaining" integer,
	"rate_limit_reset_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sync_states_repository_id_kind_pk" PRIMARY KEY("repository_id","kind")
);
--> statement-breakpoint
ALTER TABLE "commits" ADD CONSTRAINT "commits_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "github_item_events" ADD CONSTRAINT "github_item_events_item_id_github_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."github_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "github_item_events" ADD CONSTRAINT "github_item_events_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "github_items" ADD CONSTRAINT "github_items_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repositories" ADD CONSTRAINT "repositories_added_by_id_users_id_fk" FOREIGN KEY ("added_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repository_snapshots" ADD CONSTRAINT "repository_snapshots_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sync_states" ADD CONSTRAINT "sync_states_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "commits_repository_sha_unique" ON "commits" USING btree ("repository_id","sha");--> statement-breakpoint
CREATE INDEX "commits_repository_authored_idx" ON "commits" USING btree ("repository_id","authored_at");--> statement-breakpoint
CREATE INDEX "commits_author_key_authored_idx" ON "commits" USING btree ("author_key","authored_at");--> statement-breakpoint
CREATE UNIQUE INDEX "github_item_events_node_id_unique" ON "github_item_events" USING btree ("node_id");--> statement-breakpoint
CREATE INDEX "github_item_events_item_idx" ON "github_item_events" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "github_item_events_repository_occurred_idx" ON "github_item_events" USING btree ("repository_id","occurred_at");--> statement-breakpoint
CREATE INDEX "github_item_events_actor_occurred_idx" ON "github_item_events" USING btree ("actor_login","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "github_items_node_id_unique" ON "github_items" USING btree ("node_id");--> statement-breakpoint
CREATE UNIQUE INDEX "github_items_repository_kind_number_unique" ON "github_items" USING btree ("repository_id","kind","number");--> statement-breakpoint
CREATE INDEX "github_items_repository_created_idx" ON "github_items" USING btree ("repository_id","created_at");--> statement-breakpoint
CREATE INDEX "github_items_kind_created_idx" ON "github_items" USING btree ("kind","created_at");--> statement-breakpoint
CREATE INDEX "github_items_kind_state_first_response_idx" ON "github_items" USING btree ("kind","state","first_response_at");--> statement-breakpoint
CREATE INDEX "github_items_repository_closed_idx" ON "github_items" USING btree ("repository_id","closed_at");--> statement-breakpoint
CREATE INDEX "github_items_author_created_idx" ON "github_items" USING btree ("author_login","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "repositories_owner_name_unique" ON "repositories" USING btree (lower("owner"),lower("name"));