-- Comment themes (issue 25, part 2). A recomputation reads every free-text answer of a workspace once: its
-- language, lexicon and combined sentiment, the response's NPS group and its themes go to comment_analyses
-- (the text stays in responses, so erasure and retention reach it there); the themes with their top phrases to
-- comment_themes. An analyst's edits (rename, merge, pin) are kept by theme key and survive recomputations.

create table comment_analyses (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  response_id uuid not null references responses(id) on delete cascade,
  question_id text not null,
  language text not null,
  lexicon_sentiment real not null check (lexicon_sentiment between -1 and 1),
  sentiment real not null check (sentiment between -1 and 1),
  polarity text not null check (polarity in ('positive', 'negative', 'neutral')),
  nps_group text check (nps_group in ('promoter', 'passive', 'detractor')),
  themes text[] not null default '{}',
  primary key (workspace_id, response_id, question_id)
);
create index comment_analyses_themes on comment_analyses using gin (themes);

-- phrases: [{ key, surface, comments }], most telling first; kind: seed (shop dictionary), pinned, learned.
create table comment_themes (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  key text not null,
  kind text not null check (kind in ('seed', 'pinned', 'learned')),
  phrases jsonb not null default '[]',
  comments integer not null,
  computed_at timestamptz not null default now(),
  primary key (workspace_id, key)
);

-- pinned_phrases: the phrase keys of a pinned theme, which find it again in the next recomputation.
create table comment_theme_edits (
  workspace_id uuid not null references workspaces(id) on delete cascade,
  key text not null,
  name text,
  pinned boolean not null default false,
  pinned_phrases text[],
  merged_into text,
  updated_by uuid references users(id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (workspace_id, key),
  check (merged_into is null or merged_into <> key)
);

create table comment_theme_runs (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references workspaces(id) on delete cascade,
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'failed')),
  total integer not null default 0,
  processed integer not null default 0,
  error text,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index comment_theme_runs_workspace on comment_theme_runs(workspace_id, created_at desc);
