DROP INDEX "commits_author_key_authored_idx";--> statement-breakpoint
DROP INDEX "github_item_events_item_idx";--> statement-breakpoint
DROP INDEX "github_item_events_repository_occurred_idx";--> statement-breakpoint
DROP INDEX "github_items_kind_created_idx";--> statement-breakpoint
DROP INDEX "github_items_author_created_idx";--> statement-breakpoint
DROP INDEX "github_item_events_actor_occurred_idx";--> statement-breakpoint
CREATE INDEX "github_item_events_actor_occurred_idx" ON "github_item_events" USING btree (lower("actor_login"),"occurred_at");