ALTER TABLE "import_batches" ADD COLUMN "cursor_before" jsonb;--> statement-breakpoint
ALTER TABLE "sponsorship_events" ADD COLUMN "import_batch_id" uuid;--> statement-breakpoint
ALTER TABLE "sponsorship_events" ADD CONSTRAINT "sponsorship_events_import_batch_id_import_batches_id_fk" FOREIGN KEY ("import_batch_id") REFERENCES "public"."import_batches"("id") ON DELETE no action ON UPDATE no action;