CREATE TABLE "email_messages" (
	"source_id" integer NOT NULL,
	"folder" text NOT NULL,
	"uid" bigint NOT NULL,
	"message_id" text,
	"message_key" text NOT NULL,
	"in_reply_to" text[] DEFAULT '{}'::text[] NOT NULL,
	"references" text[] DEFAULT '{}'::text[] NOT NULL,
	"thread_id" text,
	"direction" text NOT NULL,
	"kind" text NOT NULL,
	"from_name" text DEFAULT '' NOT NULL,
	"from_address" text,
	"subject" text DEFAULT '' NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "email_messages_source_id_folder_uid_pk" PRIMARY KEY("source_id","folder","uid")
);
--> statement-breakpoint
CREATE TABLE "email_thread_ids" (
	"source_id" integer NOT NULL,
	"message_id" text NOT NULL,
	"thread_id" text NOT NULL,
	CONSTRAINT "email_thread_ids_source_id_message_id_pk" PRIMARY KEY("source_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "email_threads" (
	"source_id" integer NOT NULL,
	"thread_id" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone,
	"opener_message_id" text,
	"opener_name" text,
	"opener_address" text,
	"first_response_at" timestamp with time zone,
	"first_responder_address" text,
	"message_count" integer NOT NULL,
	"last_message_at" timestamp with time zone NOT NULL,
	CONSTRAINT "email_threads_source_id_thread_id_pk" PRIMARY KEY("source_id","thread_id")
);
--> statement-breakpoint
CREATE TABLE "mailbox_folders" (
	"source_id" integer NOT NULL,
	"path" text NOT NULL,
	"role" text NOT NULL,
	"uid_validity" bigint NOT NULL,
	"last_uid" bigint DEFAULT 0 NOT NULL,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mailbox_folders_source_id_path_pk" PRIMARY KEY("source_id","path")
);
--> statement-breakpoint
CREATE INDEX "email_messages_thread_idx" ON "email_messages" USING btree ("source_id","thread_id");--> statement-breakpoint
CREATE INDEX "email_messages_key_idx" ON "email_messages" USING btree ("source_id","message_key");--> statement-breakpoint
CREATE INDEX "email_thread_ids_thread_idx" ON "email_thread_ids" USING btree ("source_id","thread_id");--> statement-breakpoint
CREATE INDEX "email_threads_created_idx" ON "email_threads" USING btree ("created_at","source_id");--> statement-breakpoint
CREATE INDEX "email_threads_waiting_idx" ON "email_threads" USING btree ("created_at") WHERE "email_threads"."first_response_at" is null and "email_threads"."created_at" is not null;