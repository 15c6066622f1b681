-- External ids, product ids and dedupe keys are opaque: they are only ever compared for equality, and listed in
-- code-point order (which "C" gives as well). Under the server's libc collation every comparison of their index
-- entries went through strcoll, a few microseconds per imported line; "C" compares bytes. Equality does not
-- change (both collations are deterministic), and neither does the order of these ids: C.UTF-8 sorts by code point.
alter table customers alter column external_id type text collate "C";
alter table orders alter column external_id type text collate "C";
alter table order_lines alter column product_id type text collate "C";
alter table events alter column dedupe_key type text collate "C";

-- No query looks order lines up by product (they are read by order, through the primary key), and the index
-- cost every imported line some 3 µs of page work: its 60-odd values are long runs of duplicates.
drop index order_lines_product;
