CREATE TABLE "fundraising_data_version" (
	"id" integer PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fundraising_summaries" (
	"key" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"data" jsonb NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
-- The version every /fundraising summary is checked against (ADR 030): raised once per statement
-- that writes donations or exchange rates, in that statement's transaction, so a summary is never
-- served after the data it was computed from changed.
INSERT INTO "fundraising_data_version" ("id", "version") VALUES (1, 1);--> statement-breakpoint
CREATE FUNCTION "bump_fundraising_data_version"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "fundraising_data_version" ("id", "version") VALUES (1, 1)
    ON CONFLICT ("id") DO UPDATE SET "version" = "fundraising_data_version"."version" + 1, "changed_at" = now();
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "donations_fundraising_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "donations" FOR EACH STATEMENT EXECUTE FUNCTION "bump_fundraising_data_version"();--> statement-breakpoint
CREATE TRIGGER "exchange_rates_fundraising_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "exchange_rates" FOR EACH STATEMENT EXECUTE FUNCTION "bump_fundraising_data_version"();--> statement-breakpoint
-- ALWAYS: the version must move also when a bulk load runs with session_replication_role = replica
-- (ADR 029), which skips ordinary triggers; a trigger enabled ALWAYS fires in either mode.
ALTER TABLE "donations" ENABLE ALWAYS TRIGGER "donations_fundraising_version";--> statement-breakpoint
ALTER TABLE "exchange_rates" ENABLE ALWAYS TRIGGER "exchange_rates_fundraising_version";
