-- A fixed-price shop has no spend model: the one amount every transaction is worth stands in for it.
alter table forecast_fits add column constant_spend double precision;
