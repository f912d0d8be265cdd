CREATE TABLE "comms_channel_connections" (
	"channel_id" uuid PRIMARY KEY NOT NULL,
	"service_url" text NOT NULL,
	"identifier" text,
	"credential" jsonb,
	"session" text,
	"account_name" text,
	"account_id" text,
	"language" text,
	"characters_reserved_per_url" integer,
	"last_checked_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "comms_channel_daily_stats" (
	"channel_id" uuid NOT NULL,
	"day" date NOT NULL,
	"followers" integer NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "comms_channel_daily_stats_channel_id_day_pk" PRIMARY KEY("channel_id","day")
);
--> statement-breakpoint
CREATE TABLE "comms_post_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"post_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"state" text DEFAULT 'scheduled' NOT NULL,
	"idempotency_key" text NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_at" timestamp with time zone,
	"job_id" text,
	"network_id" text,
	"url" text,
	"published_at" timestamp with time zone,
	"last_error" text,
	"likes" integer,
	"reposts" integer,
	"replies" integer,
	"quotes" integer,
	"metrics_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "comms_channel_connections" ADD CONSTRAINT "comms_channel_connections_channel_id_comms_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."comms_channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comms_channel_daily_stats" ADD CONSTRAINT "comms_channel_daily_stats_channel_id_comms_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."comms_channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comms_post_deliveries" ADD CONSTRAINT "comms_post_deliveries_post_id_comms_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."comms_posts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "comms_post_deliveries" ADD CONSTRAINT "comms_post_deliveries_channel_id_comms_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."comms_channels"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "comms_post_deliveries_post_channel_unique" ON "comms_post_deliveries" USING btree ("post_id","channel_id");--> statement-breakpoint
CREATE INDEX "comms_post_deliveries_due_idx" ON "comms_post_deliveries" USING btree ("state","next_attempt_at");--> statement-breakpoint
CREATE INDEX "comms_post_deliveries_channel_idx" ON "comms_post_deliveries" USING btree ("channel_id");