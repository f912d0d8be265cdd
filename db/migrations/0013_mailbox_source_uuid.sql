-- The mailbox tables were keyed by an integer source id before community_sources existed; they now
-- reference community_sources(id). Unreleased: what they held is dropped (a sync fills them again).
TRUNCATE TABLE "email_messages", "email_thread_ids", "email_threads", "mailbox_folders";--> statement-breakpoint
ALTER TABLE "email_messages" ALTER COLUMN "source_id" SET DATA TYPE uuid USING NULL;--> statement-breakpoint
ALTER TABLE "email_thread_ids" ALTER COLUMN "source_id" SET DATA TYPE uuid USING NULL;--> statement-breakpoint
ALTER TABLE "email_threads" ALTER COLUMN "source_id" SET DATA TYPE uuid USING NULL;--> statement-breakpoint
ALTER TABLE "mailbox_folders" ALTER COLUMN "source_id" SET DATA TYPE uuid USING NULL;--> statement-breakpoint
ALTER TABLE "email_messages" ADD CONSTRAINT "email_messages_source_id_community_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."community_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_thread_ids" ADD CONSTRAINT "email_thread_ids_source_id_community_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."community_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "email_threads" ADD CONSTRAINT "email_threads_source_id_community_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."community_sources"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mailbox_folders" ADD CONSTRAINT "mailbox_folders_source_id_community_sources_id_fk" FOREIGN KEY ("source_id") REFERENCES "public"."community_sources"("id") ON DELETE cascade ON UPDATE no action;