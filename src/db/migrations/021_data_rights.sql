-- Data rights: an erased customer keeps its id (so orders, scores and segment counts stay consistent)
-- and loses everything that identifies a person; the workspace may keep raw comments only for a while.
alter table customers add column erased_at timestamptz;

-- Days after which free-text answers are removed from responses (null: kept until erased).
alter table workspaces add column comment_retention_days integer
  check (comment_retention_days between 1 and 3650);
