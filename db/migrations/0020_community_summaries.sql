CREATE TABLE "community_data_version" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "community_summaries" (
	"key" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"data" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- The version every /community summary is checked against (ADR 022): raised once per statement
-- that writes a table the page reads, in that statement's transaction, so a summary is never
-- served after the data it was computed from changed.
INSERT INTO "community_data_version" ("id", "version") VALUES (1, 1);--> statement-breakpoint
CREATE FUNCTION "bump_community_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "community_data_version" ("id", "version") VALUES (1, 1)
    ON CONFLICT ("id") DO UPDATE SET "version" = "community_data_version"."version" + 1, "changed_at" = now();
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "github_items_community_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "github_items" FOR EACH STATEMENT EXECUTE FUNCTION "bump_community_data_version"();--> statement-breakpoint
CREATE TRIGGER "github_item_events_community_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "github_item_events" FOR EACH STATEMENT EXECUTE FUNCTION "bump_community_data_version"();--> statement-breakpoint
CREATE TRIGGER "commits_community_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "commits" FOR EACH STATEMENT EXECUTE FUNCTION "bump_community_data_version"();--> statement-breakpoint
CREATE TRIGGER "repository_snapshots_community_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "repository_snapshots" FOR EACH STATEMENT EXECUTE FUNCTION "bump_community_data_version"();--> statement-breakpoint
CREATE TRIGGER "repositories_community_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "repositories" FOR EACH STATEMENT EXECUTE FUNCTION "bump_community_data_version"();--> statement-breakpoint
CREATE TRIGGER "contributors_community_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "contributors" FOR EACH STATEMENT EXECUTE FUNCTION "bump_community_data_version"();--> statement-breakpoint
CREATE TRIGGER "forum_topics_community_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "forum_topics" FOR EACH STATEMENT EXECUTE FUNCTION "bump_community_data_version"();--> statement-breakpoint
CREATE TRIGGER "forum_posts_community_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "forum_posts" FOR EACH STATEMENT EXECUTE FUNCTION "bump_community_data_version"();--> statement-breakpoint
CREATE TRIGGER "email_threads_community_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "email_threads" FOR EACH STATEMENT EXECUTE FUNCTION "bump_community_data_version"();--> statement-breakpoint
CREATE TRIGGER "community_sources_community_version" AFTER INSERT OR DELETE OR TRUNCATE ON "community_sources" FOR EACH STATEMENT EXECUTE FUNCTION "bump_community_data_version"();--> statement-breakpoint
CREATE TRIGGER "settings_community_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "settings" FOR EACH STATEMENT EXECUTE FUNCTION "bump_community_data_version"();
--> statement-breakpoint
-- Merging or unmerging identities changes the contributor counts the page shows (ADR 020).
CREATE TRIGGER "person_identities_community_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "person_identities" FOR EACH STATEMENT EXECUTE FUNCTION "bump_community_data_version"();
