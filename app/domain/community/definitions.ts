// What each community number means, shown beside it (hover or focus) and in the report.
export const DEFINITIONS = {
  firstResponse:
    'Time to first response (CHAOSS): from creation to the first comment, review or answer by someone other than the author, bots excluded; for a pull request, a review counts when it is submitted (a pending review is no response). The triage queue waits on the same first response. Median and 90th percentile (linear interpolation) over items created in the period; items opened by bots are left out; "waiting" counts items created in the period with no response yet.',
  timeToAnswer: 'Discussions in answerable categories (Q&A) created in the period: creation to the answer being chosen. Median.',
  closure: 'Change request closure ratio: pull requests closed or merged in the period / pull requests opened in the period.',
  openedClosed: 'Issues and pull requests opened in the period, and closed or merged in the period (whenever they were opened).',
  newContributors:
    'People whose first contribution of any kind (commit, issue, pull request, discussion, comment, review or forum post) falls in the period. Identity: GitHub login, else the commit author name, else the forum username; identities merged in the identity map are one person, first seen at the earliest of them. E-mail senders do not count. Bots excluded.',
  activeContributors:
    'People (identities merged in the identity map count once) with at least one contribution of any kind, forum posts included, in the period. Bots excluded.',
  inactiveContributors: 'People active in the previous period of the same length, but not in this one. Bots excluded.',
  absenceFactor:
    'Contributor absence factor (formerly bus factor): the smallest number of people who together made at least 50% of the non-merge commits in the period. Bots excluded. Low numbers mean the project depends on few people.',
  maintainerActivity:
    'Per maintainer in the period: responses (comments and chosen answers), pull-request reviews, and pull requests merged.',
  forumFirstResponse:
    'Forum topics: from creation to the first regular reply by someone other than the author (small actions, moderator notes and whispers do not count). Median and 90th percentile (linear interpolation) over topics created in the period, in every synced forum; "waiting" counts topics created in the period with no reply yet.',
  forumMaintainerReplies:
    "Who answers on the forum: of the topics created in the period that got a first reply (as in the forum's time to first response: the first regular reply by someone other than the author), how many got it from a maintainer. Maintainers: the members of the forum's maintainer groups (default staff) as of the last sync, and anyone the identity map joins to such a member or to a GitHub maintainer (the maintainers setting, else authors with OWNER, MEMBER or COLLABORATOR association). The rest were answered by the community. The time to first response itself does not change.",
  emailFirstResponse:
    'E-mail threads: from the first message of a person to a project mailbox (the server\'s receipt time) to the earliest later message from one of the project\'s addresses that is not automatic (auto-replies, bulk and mailing-list mail count neither way). Median and 90th percentile (linear interpolation) over threads created in the period, in every synced mailbox; "waiting" counts threads created in the period with no answer yet.',
  stars: 'The last daily snapshot of stars and forks in each month, summed over the repositories shown.',
} as const
