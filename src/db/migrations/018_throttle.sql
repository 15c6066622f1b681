-- Fixed-window counters shared by every server process on the database: logins and public answers are
-- throttled here rather than in one process's memory. Keys are hashed (no e-mail or IP address is stored).
-- Unlogged: a crash forgets the current windows' counts, which costs an attacker's budget at most one window,
-- and saves the write-ahead log on every counted request.
create unlogged table rate_limits (
  bucket text not null,
  key text not null,
  window_start timestamptz not null,
  window_end timestamptz not null,
  count integer not null,
  primary key (bucket, key, window_start)
);
