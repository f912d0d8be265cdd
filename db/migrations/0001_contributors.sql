CREATE TABLE "contributors" (
	"repository_id" uuid NOT NULL,
	"identity" text NOT NULL,
	"first_at" timestamp with time zone NOT NULL,
	CONSTRAINT "contributors_repository_id_identity_pk" PRIMARY KEY("repository_id","identity")
);
--> statement-breakpoint
CREATE TABLE "contributors_overall" (
	"identity" text PRIMARY KEY NOT NULL,
	"first_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "commits_repository_authored_idx";--> statement-breakpoint
DROP INDEX "github_item_events_actor_occurred_idx";--> statement-breakpoint
DROP INDEX "github_items_repository_created_idx";--> statement-breakpoint
DROP INDEX "github_items_repository_closed_idx";--> statement-breakpoint
ALTER TABLE "contributors" ADD CONSTRAINT "contributors_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contributors_repository_first_idx" ON "contributors" USING btree ("repository_id","first_at");--> statement-breakpoint
CREATE INDEX "contributors_overall_first_idx" ON "contributors_overall" USING btree ("first_at");--> statement-breakpoint
CREATE INDEX "commits_authored_idx" ON "commits" USING btree ("authored_at","repository_id","author_key","is_bot","is_merge");--> statement-breakpoint
CREATE INDEX "github_item_events_occurred_idx" ON "github_item_events" USING btree ("occurred_at","repository_id","actor_login","actor_is_bot","kind");--> statement-breakpoint
CREATE INDEX "github_items_created_idx" ON "github_items" USING btree ("created_at","repository_id","kind","author_is_bot","author_login","first_response_at");--> statement-breakpoint
CREATE INDEX "github_items_closed_idx" ON "github_items" USING btree ("closed_at","repository_id","kind") WHERE "github_items"."closed_at" is not null;--> statement-breakpoint
CREATE INDEX "github_items_merged_idx" ON "github_items" USING btree ("merged_at","repository_id","merged_by_login") WHERE "github_items"."merged_at" is not null;--> statement-breakpoint
CREATE INDEX "github_items_maintainer_authors_idx" ON "github_items" USING btree ("author_login") WHERE "github_items"."author_association" in ('OWNER', 'MEMBER', 'COLLABORATOR') and not "github_items"."author_is_bot" and "github_items"."author_login" is not null;--> statement-breakpoint
-- Each contributor's first contribution per repository (contributors) and to any repository
-- (contributors_overall), kept by statement-level triggers with
-- transition tables (one upsert per statement, not per row): every insert or update of a
-- contribution moves first_at earlier when it is earlier. Bots and unknown authors are left out,
-- as in the metrics.
CREATE FUNCTION "contributors_note_items"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "contributors" AS c ("repository_id", "identity", "first_at")
    SELECT "repository_id", "author_login", min("created_at") FROM written
    WHERE NOT "author_is_bot" AND "author_login" IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT ("repository_id", "identity") DO UPDATE SET "first_at" = excluded."first_at" WHERE excluded."first_at" < c."first_at";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "contributors_note_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "contributors" AS c ("repository_id", "identity", "first_at")
    SELECT "repository_id", "actor_login", min("occurred_at") FROM written
    WHERE NOT "actor_is_bot" AND "actor_login" IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT ("repository_id", "identity") DO UPDATE SET "first_at" = excluded."first_at" WHERE excluded."first_at" < c."first_at";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "contributors_note_commits"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "contributors" AS c ("repository_id", "identity", "first_at")
    SELECT "repository_id", "author_key", min("authored_at") FROM written
    WHERE NOT "is_bot"
    GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT ("repository_id", "identity") DO UPDATE SET "first_at" = excluded."first_at" WHERE excluded."first_at" < c."first_at";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "github_items_contributors_insert" AFTER INSERT ON "github_items" REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION "contributors_note_items"();
--> statement-breakpoint
CREATE TRIGGER "github_items_contributors_update" AFTER UPDATE ON "github_items" REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION "contributors_note_items"();
--> statement-breakpoint
CREATE TRIGGER "github_item_events_contributors_insert" AFTER INSERT ON "github_item_events" REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION "contributors_note_events"();
--> statement-breakpoint
CREATE TRIGGER "github_item_events_contributors_update" AFTER UPDATE ON "github_item_events" REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION "contributors_note_events"();
--> statement-breakpoint
CREATE TRIGGER "commits_contributors_insert" AFTER INSERT ON "commits" REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION "contributors_note_commits"();
--> statement-breakpoint
CREATE TRIGGER "commits_contributors_update" AFTER UPDATE ON "commits" REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION "contributors_note_commits"();
--> statement-breakpoint
CREATE FUNCTION "contributors_note_overall"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "contributors_overall" AS o ("identity", "first_at")
    SELECT "identity", min("first_at") FROM written
    GROUP BY 1 ORDER BY 1
  ON CONFLICT ("identity") DO UPDATE SET "first_at" = excluded."first_at" WHERE excluded."first_at" < o."first_at";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "contributors_overall_insert" AFTER INSERT ON "contributors" REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION "contributors_note_overall"();
--> statement-breakpoint
CREATE TRIGGER "contributors_overall_update" AFTER UPDATE ON "contributors" REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION "contributors_note_overall"();
--> statement-breakpoint
-- What an existing installation has synced already. (The trigger above fills contributors_overall.)
INSERT INTO "contributors" ("repository_id", "identity", "first_at")
  SELECT "repository_id", "identity", min("at") FROM (
    SELECT "repository_id", "author_key", "authored_at" FROM "commits" WHERE NOT "is_bot"
    UNION ALL
    SELECT "repository_id", "author_login", "created_at" FROM "github_items" WHERE NOT "author_is_bot" AND "author_login" IS NOT NULL
    UNION ALL
    SELECT "repository_id", "actor_login", "occurred_at" FROM "github_item_events" WHERE NOT "actor_is_bot" AND "actor_login" IS NOT NULL
  ) AS c("repository_id", "identity", "at")
  GROUP BY 1, 2;
