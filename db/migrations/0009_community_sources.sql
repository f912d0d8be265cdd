CREATE TABLE "community_sources" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"url" text,
	"api_username" text,
	"api_key_encrypted" text,
	"api_key_env" text,
	"categories" text[] DEFAULT '{}'::text[] NOT NULL,
	"maintainer_groups" text[] DEFAULT '{staff}'::text[] NOT NULL,
	"maintainer_usernames" text[] DEFAULT '{}'::text[] NOT NULL,
	"host" text,
	"port" integer,
	"tls" boolean,
	"username" text,
	"password_encrypted" text,
	"password_env" text,
	"project_addresses" text[] DEFAULT '{}'::text[] NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"added_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deactivated_at" timestamp with time zone,
	"status" text DEFAULT 'idle' NOT NULL,
	"sync_state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"items_done" integer DEFAULT 0 NOT NULL,
	"items_total" integer,
	"requests_used" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"budget_remaining" integer,
	"budget_reset_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forum_posts" (
	"source_id" uuid NOT NULL,
	"post_id" integer NOT NULL,
	"topic_id" integer NOT NULL,
	"post_number" integer NOT NULL,
	"username" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"post_type" integer NOT NULL,
	"reply_to_post_number" integer,
	"author_is_staff" boolean DEFAULT false NOT NULL,
	CONSTRAINT "forum_posts_source_id_post_id_pk" PRIMARY KEY("source_id","post_id")
);
--> statement-breakpoint
CREATE TABLE "forum_topics" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source_id" uuid NOT NULL,
	"topic_id" integer NOT NULL,
	"title" text NOT NULL,
	"slug" text NOT NULL,
	"url" text NOT NULL,
	"category_id" integer,
	"category_name" text,
	"author_username" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"bumped_at" timestamp with time zone NOT NULL,
	"closed" boolean DEFAULT false NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"accepted_answer_post_number" integer,
	"regular_posts_count" integer DEFAULT 0 NOT NULL,
	"first_response_at" timestamp with time zone,
	"first_responder_username" text,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "forum_triage_states" (
	"topic_id" uuid PRIMARY KEY NOT NULL,
	"handled_at" timestamp with time zone,
	"handled_note" text,
	"snoozed_until" timestamp with time zone,
	"updated_by_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "community_sources" ADD CONSTRAINT "community_sources_added_by_id_users_id_fk" FOREIGN KEY ("added_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_posts" ADD CONSTRAINT "forum_posts_source_id_community_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."community_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_topics" ADD CONSTRAINT "forum_topics_source_id_community_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."community_sources"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_triage_states" ADD CONSTRAINT "forum_triage_states_topic_id_forum_topics_id_fk" FOREIGN KEY ("topic_id") REFERENCES "public"."forum_topics"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "forum_triage_states" ADD CONSTRAINT "forum_triage_states_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "community_sources_kind_idx" ON "community_sources" USING btree ("kind","active");--> statement-breakpoint
CREATE INDEX "forum_posts_topic_idx" ON "forum_posts" USING btree ("source_id","topic_id");--> statement-breakpoint
CREATE INDEX "forum_posts_created_idx" ON "forum_posts" USING btree ("created_at","source_id","username","post_type");--> statement-breakpoint
CREATE UNIQUE INDEX "forum_topics_source_topic_unique" ON "forum_topics" USING btree ("source_id","topic_id");--> statement-breakpoint
CREATE INDEX "forum_topics_created_idx" ON "forum_topics" USING btree ("created_at","source_id","first_response_at");--> statement-breakpoint
CREATE INDEX "forum_topics_waiting_idx" ON "forum_topics" USING btree ("source_id","created_at") WHERE "forum_topics"."first_response_at" is null;