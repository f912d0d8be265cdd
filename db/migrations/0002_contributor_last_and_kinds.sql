-- The contributors tables also keep each person's last contribution and the kinds seen, so the
-- contributors list need not group the whole history on each view (ADR 008). The columns are
-- filled from the history, then required.
ALTER TABLE "contributors" ADD COLUMN "last_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contributors" ADD COLUMN "kinds" text[];--> statement-breakpoint
ALTER TABLE "contributors_overall" ADD COLUMN "last_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "contributors_overall" ADD COLUMN "kinds" text[];--> statement-breakpoint
CREATE OR REPLACE FUNCTION "contributors_note_items"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "contributors" AS c ("repository_id", "identity", "first_at", "last_at", "kinds")
    SELECT "repository_id", "author_login", min("created_at"), max("created_at"), array_agg(DISTINCT "kind" ORDER BY "kind") FROM written
    WHERE NOT "author_is_bot" AND "author_login" IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT ("repository_id", "identity") DO UPDATE SET
    "first_at" = least(c."first_at", excluded."first_at"),
    "last_at" = greatest(c."last_at", excluded."last_at"),
    "kinds" = ARRAY(SELECT DISTINCT k FROM unnest(c."kinds" || excluded."kinds") AS k ORDER BY k)
  WHERE excluded."first_at" < c."first_at" OR excluded."last_at" > c."last_at" OR NOT (excluded."kinds" <@ c."kinds");
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "contributors_note_events"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "contributors" AS c ("repository_id", "identity", "first_at", "last_at", "kinds")
    SELECT "repository_id", "actor_login", min("occurred_at"), max("occurred_at"),
      array_agg(DISTINCT CASE WHEN "kind" = 'review' THEN 'review' ELSE 'comment' END ORDER BY CASE WHEN "kind" = 'review' THEN 'review' ELSE 'comment' END)
    FROM written
    WHERE NOT "actor_is_bot" AND "actor_login" IS NOT NULL
    GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT ("repository_id", "identity") DO UPDATE SET
    "first_at" = least(c."first_at", excluded."first_at"),
    "last_at" = greatest(c."last_at", excluded."last_at"),
    "kinds" = ARRAY(SELECT DISTINCT k FROM unnest(c."kinds" || excluded."kinds") AS k ORDER BY k)
  WHERE excluded."first_at" < c."first_at" OR excluded."last_at" > c."last_at" OR NOT (excluded."kinds" <@ c."kinds");
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "contributors_note_commits"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "contributors" AS c ("repository_id", "identity", "first_at", "last_at", "kinds")
    SELECT "repository_id", "author_key", min("authored_at"), max("authored_at"), ARRAY['commit'] FROM written
    WHERE NOT "is_bot"
    GROUP BY 1, 2 ORDER BY 1, 2
  ON CONFLICT ("repository_id", "identity") DO UPDATE SET
    "first_at" = least(c."first_at", excluded."first_at"),
    "last_at" = greatest(c."last_at", excluded."last_at"),
    "kinds" = ARRAY(SELECT DISTINCT k FROM unnest(c."kinds" || excluded."kinds") AS k ORDER BY k)
  WHERE excluded."first_at" < c."first_at" OR excluded."last_at" > c."last_at" OR NOT (excluded."kinds" <@ c."kinds");
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION "contributors_note_overall"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "contributors_overall" AS o ("identity", "first_at", "last_at", "kinds")
    SELECT w."identity", min(w."first_at"), max(w."last_at"), array_agg(DISTINCT k ORDER BY k)
    FROM written w CROSS JOIN LATERAL unnest(w."kinds") AS k
    GROUP BY 1 ORDER BY 1
  ON CONFLICT ("identity") DO UPDATE SET
    "first_at" = least(o."first_at", excluded."first_at"),
    "last_at" = greatest(o."last_at", excluded."last_at"),
    "kinds" = ARRAY(SELECT DISTINCT k FROM unnest(o."kinds" || excluded."kinds") AS k ORDER BY k)
  WHERE excluded."first_at" < o."first_at" OR excluded."last_at" > o."last_at" OR NOT (excluded."kinds" <@ o."kinds");
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Refilled from the history (the trigger on contributors refills contributors_overall).
TRUNCATE "contributors", "contributors_overall";--> statement-breakpoint
INSERT INTO "contributors" ("repository_id", "identity", "first_at", "last_at", "kinds")
  SELECT "repository_id", "identity", min("at"), max("at"), array_agg(DISTINCT "kind" ORDER BY "kind") FROM (
    SELECT "repository_id", "author_key", "authored_at", 'commit' FROM "commits" WHERE NOT "is_bot"
    UNION ALL
    SELECT "repository_id", "author_login", "created_at", "kind" FROM "github_items" WHERE NOT "author_is_bot" AND "author_login" IS NOT NULL
    UNION ALL
    SELECT "repository_id", "actor_login", "occurred_at", CASE WHEN "kind" = 'review' THEN 'review' ELSE 'comment' END FROM "github_item_events" WHERE NOT "actor_is_bot" AND "actor_login" IS NOT NULL
  ) AS c("repository_id", "identity", "at", "kind")
  GROUP BY 1, 2;--> statement-breakpoint
ALTER TABLE "contributors" ALTER COLUMN "last_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "contributors" ALTER COLUMN "kinds" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "contributors_overall" ALTER COLUMN "last_at" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "contributors_overall" ALTER COLUMN "kinds" SET NOT NULL;
