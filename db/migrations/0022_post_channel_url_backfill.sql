-- The one link (and hand-typed figures) a post published by hand had becomes the link of one of its
-- channels: the only one; else the channel whose network the link's host belongs to (x.com,
-- twitter.com: X; linkedin.com: LinkedIn; bsky.app: Bluesky); else the first by name. Only
-- channels Steward did not publish to (no delivery), and not links that are a delivery's. Figures
-- go along only for a post on one channel (ADR 024: one set of numbers is not split), with or
-- without a link; figures an import already stored are kept.
insert into "comms_post_channel_metrics" ("post_id", "channel_id", "url", "impressions", "engagements")
select distinct on (p."id")
  p."id",
  t."channel_id",
  p."published_url",
  case when n."channels" = 1 then p."impressions" end,
  case when n."channels" = 1 then p."engagements" end
from "comms_posts" p
join "comms_post_texts" t on t."post_id" = p."id"
join "comms_channels" c on c."id" = t."channel_id"
join (select "post_id", count(*) as "channels" from "comms_post_texts" group by "post_id") n on n."post_id" = p."id"
where (p."published_url" is not null or (n."channels" = 1 and (p."impressions" is not null or p."engagements" is not null)))
  and not exists (select 1 from "comms_post_deliveries" d where d."post_id" = p."id" and (d."channel_id" = t."channel_id" or d."url" = p."published_url"))
order by
  p."id",
  case
    when c."kind" = 'x' and lower(substring(p."published_url" from '^[a-zA-Z]+://([^/:?#]+)')) ~ '(^|\.)(x|twitter)\.com$' then 0
    when c."kind" = 'linkedin' and lower(substring(p."published_url" from '^[a-zA-Z]+://([^/:?#]+)')) ~ '(^|\.)linkedin\.com$' then 0
    when c."kind" = 'bluesky' and lower(substring(p."published_url" from '^[a-zA-Z]+://([^/:?#]+)')) ~ '(^|\.)bsky\.app$' then 0
    else 1
  end,
  c."name",
  c."id"
on conflict ("post_id", "channel_id") do update set "url" = excluded."url";
