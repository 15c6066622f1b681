"""The comparison for `analyze segments`: a straightforward pandas script doing the same work on the same file
(fold lines into orders, RFM scores by rank, segments, ABC, XYZ over months, habits). Usage: segments_pandas.py FILE"""
import sys

import numpy as np
import pandas as pd

lines = pd.read_csv(sys.argv[1], dtype={"CustomerID": str, "InvoiceNo": str})
lines = lines.dropna(subset=["CustomerID"])
lines["amount"] = lines["Quantity"] * lines["UnitPrice"]
orders = lines.groupby("InvoiceNo").agg(customer=("CustomerID", "first"), at=("InvoiceDate", "first"),
                                        amount=("amount", "sum"))
orders["day"] = pd.to_datetime(orders["at"]).dt.normalize()
orders["month"] = orders["day"].dt.year * 12 + orders["day"].dt.month - 1
as_of = orders["day"].max() + pd.Timedelta(days=1)
last_month = orders["month"].max()
buys = orders[orders["amount"] > 0]
c = orders.groupby("customer").agg(monetary=("amount", "sum"), first_month=("month", "min"))
b = buys.groupby("customer").agg(frequency=("amount", "size"), first=("day", "min"), last=("day", "max"))
c = c.join(b, how="inner")
c["recency"] = (as_of - c["last"]).dt.days
n = len(c)
def score(rank):
    return 5 if n == 1 else np.minimum(5, 1 + (5 * (rank - 1)) // (n - 1))
c["r"] = score(c["recency"].rank(method="min", ascending=False).astype(int))
c["f"] = score(c["frequency"].rank(method="min").astype(int))
c["m"] = score(c["monetary"].rank(method="min").astype(int))
c = c.sort_values(["monetary"], ascending=False)
before = c["monetary"].cumsum() - c["monetary"]
total = c["monetary"].sum()
c["abc"] = np.where(before < 0.8 * total, "A", np.where(before < 0.95 * total, "B", "C"))
monthly = orders.groupby(["customer", "month"])["amount"].sum()
sq = (monthly ** 2).groupby(level=0).sum()
c["months"] = last_month - c["first_month"] + 1
spread = c["months"] * sq.reindex(c.index) - c["monetary"] ** 2
c["cv"] = np.sqrt(spread.clip(lower=0)) / c["monetary"]
c["xyz"] = np.where(c["months"] < 3, "", np.where((c["monetary"] <= 0) | (c["cv"] > 1), "Z",
                                                  np.where(c["cv"] <= 0.5, "X", "Y")))
days = buys[["customer", "day"]].drop_duplicates().sort_values(["customer", "day"])
days["gap"] = days.groupby("customer")["day"].diff().dt.days
gaps = days.dropna().groupby("customer")["gap"]
habit = pd.DataFrame({"count": gaps.size(), "median": gaps.median()})
c = c.join(habit[habit["count"] >= 2], how="left")
c["habit_broken"] = c["recency"] > 2 * c["median"]
c.to_csv(sys.argv[2] if len(sys.argv) > 2 else "/dev/null")
