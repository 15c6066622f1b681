-- When a job's current run started: the order analyses pace themselves by how long their last run took.
alter table jobs add column started_at timestamptz;
