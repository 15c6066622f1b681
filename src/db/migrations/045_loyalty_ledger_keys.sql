-- The ledger's hot inserts checked two foreign keys where one says more: a lot's or an entry's member, and its
-- workspace. The workspace check took a share lock on the one workspaces row every concurrent credit and debit
-- shares (a new multixact on each); the pair (member, workspace) checks both in one lookup on the member's row, and
-- also refuses a lot whose workspace is not its member's. Deleting a workspace still reaches the ledger through its
-- members.
alter table loyalty_members add constraint loyalty_members_id_workspace unique (id, workspace_id);

alter table loyalty_lots
  drop constraint loyalty_lots_workspace_id_fkey,
  drop constraint loyalty_lots_member_id_fkey,
  add constraint loyalty_lots_member_fkey foreign key (member_id, workspace_id)
    references loyalty_members (id, workspace_id) on delete cascade;

alter table loyalty_entries
  drop constraint loyalty_entries_workspace_id_fkey,
  drop constraint loyalty_entries_member_id_fkey,
  add constraint loyalty_entries_member_fkey foreign key (member_id, workspace_id)
    references loyalty_members (id, workspace_id) on delete cascade;

-- No query looks entries up by workspace and source without their member (reversals find theirs through
-- loyalty_entries_member): an index written on every credit and debit for nothing.
drop index loyalty_entries_source;
