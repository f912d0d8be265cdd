CREATE TABLE "comms_analytics_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"sha256" text NOT NULL,
	"rows" integer NOT NULL,
	"first_day" date,
	"last_day" date,
	"posts_matched" integer NOT NULL,
	"posts_unmatched" integer NOT NULL,
	"follower_days" integer NOT NULL,
	"changes" jsonb NOT NULL,
	"imported_by_id" uuid,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"reverted_at" timestamp with time zone,
	"reverted_by_id" uuid
);
--> statement-breakpoint
CREATE TABLE "comms_analytics_uploads" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content" text NOT NULL,
	"followers_at_end" integer,
	"uploaded_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "comms_post_channel_metrics" (
	"post_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"impressions" integer,
	"engagements" integer,
	"likes" integer,
	"reposts" integer,
	"replies" integer,
	"import_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comms_post_channel_metrics_post_id_channel_id_pk" PRIMARY KEY("post_id","channel_id")
);
--> statement-breakpoint
ALTER TABLE "comms_post_deliveries" ADD COLUMN "first_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "comms_analytics_imports" ADD CONSTRAINT "comms_analytics_imports_channel_id_comms_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."comms_channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comms_analytics_imports" ADD CONSTRAINT "comms_analytics_imports_imported_by_id_users_id_fk" FOREIGN KEY ("imported_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comms_analytics_imports" ADD CONSTRAINT "comms_analytics_imports_reverted_by_id_users_id_fk" FOREIGN KEY ("reverted_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comms_analytics_uploads" ADD CONSTRAINT "comms_analytics_uploads_channel_id_comms_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."comms_channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comms_analytics_uploads" ADD CONSTRAINT "comms_analytics_uploads_uploaded_by_id_users_id_fk" FOREIGN KEY ("uploaded_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comms_post_channel_metrics" ADD CONSTRAINT "comms_post_channel_metrics_post_id_comms_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."comms_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comms_post_channel_metrics" ADD CONSTRAINT "comms_post_channel_metrics_channel_id_comms_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."comms_channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comms_post_channel_metrics" ADD CONSTRAINT "comms_post_channel_metrics_import_id_comms_analytics_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."comms_analytics_imports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comms_analytics_imports_channel_idx" ON "comms_analytics_imports" USING btree ("channel_id","imported_at");