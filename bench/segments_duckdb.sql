-- The comparison for `analyze segments`: a plain DuckDB SQL script doing the same work as segments_pandas.py on
-- the same file (fold lines into orders, RFM scores by rank, segments, ABC, XYZ over months, habits).
-- Run by bench/run-duckdb-sql.mjs, which puts the file's path for {{file}}.
create table orders as
  select InvoiceNo, first(CustomerID) as customer, first(InvoiceDate)::date as day,
    sum(Quantity * UnitPrice) as amount
  from read_csv('{{file}}', types = {'CustomerID': 'VARCHAR', 'InvoiceNo': 'VARCHAR'})
  where CustomerID is not null
  group by InvoiceNo;
create table dates as select max(day) + 1 as as_of, max(year(day) * 12 + month(day) - 1) as last_month from orders;
create table customers as
  select customer, sum(amount) as monetary, min(year(day) * 12 + month(day) - 1) as first_month,
    count(*) filter (where amount > 0) as frequency, max(day) filter (where amount > 0) as last
  from orders group by customer having count(*) filter (where amount > 0) > 0;
create table monthly as
  select customer, sum(m * m) as squares
  from (select customer, year(day) * 12 + month(day) - 1 as month, sum(amount) as m from orders group by all)
  group by customer;
create table habits as
  select customer, count(*) as gaps, median(gap) as median
  from (select customer, day - lag(day) over (partition by customer order by day) as gap
    from (select distinct customer, day from orders where amount > 0))
  where gap is not null group by customer having count(*) >= 2;
copy (
  with n as (select count(*) as n from customers),
  ranked as (
    select c.*, d.as_of - c.last as recency,
      rank() over (order by d.as_of - c.last desc) as r_rank, rank() over (order by frequency) as f_rank,
      rank() over (order by monetary) as m_rank,
      sum(monetary) over (order by monetary desc rows between unbounded preceding and 1 preceding) as before,
      sum(monetary) over () as total, d.last_month - c.first_month + 1 as months, m.squares
    from customers c cross join dates d join monthly m using (customer)
  ),
  scored as (
    select r.*, case when n = 1 then 5 else least(5, 1 + (5 * (r_rank - 1)) // (n - 1)) end as r,
      case when n = 1 then 5 else least(5, 1 + (5 * (f_rank - 1)) // (n - 1)) end as f,
      case when n = 1 then 5 else least(5, 1 + (5 * (m_rank - 1)) // (n - 1)) end as m,
      sqrt(greatest(months * squares - monetary * monetary, 0)) / monetary as cv
    from ranked r cross join n
  )
  select s.customer, recency, frequency, monetary, r, f, m,
    case when coalesce(before, 0) < 0.8 * total then 'A' when coalesce(before, 0) < 0.95 * total then 'B' else 'C' end
      as abc,
    case when months < 3 then '' when monetary <= 0 or cv > 1 then 'Z' when cv <= 0.5 then 'X' else 'Y' end as xyz,
    h.median, recency > 2 * h.median as habit_broken
  from scored s left join habits h using (customer)
) to '/dev/null' (format csv);
