-- An archived survey leaves the active list, takes no answers and gets no invitations; restoring it brings back
-- the status it had. Archiving is apart from the status so that a restore loses nothing.
alter table surveys add column archived_at timestamptz;
