ALTER TABLE "github_item_events" DROP CONSTRAINT "github_item_events_item_id_github_items_id_fk";
--> statement-breakpoint
ALTER TABLE "github_item_events" DROP CONSTRAINT "github_item_events_repository_id_repositories_id_fk";
--> statement-breakpoint
ALTER TABLE "github_item_events" ADD CONSTRAINT "github_item_events_item_fk" FOREIGN KEY ("item_id","repository_id") REFERENCES "public"."github_items"("id","repository_id") ON DELETE cascade ON UPDATE no action;