-- What one point is worth in the workspace's currency, for the points liability and the cost of points issued
-- on the loyalty dashboard (null: not set, so no money figure is shown).
alter table loyalty_programs add column point_value numeric(20, 6) check (point_value >= 0);
