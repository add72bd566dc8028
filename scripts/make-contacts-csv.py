#!/usr/bin/env python3
"""Writes a contacts CSV for import benchmarks: N rows of the demo insurer's reasons and
customers (HM1000001 …, as `focus demo` makes them), one bad row in every 10,000 (an unknown channel), to stdout.

    python3 scripts/make-contacts-csv.py 1000000 > contacts.csv
"""
import csv, random, sys
from datetime import datetime, timedelta, timezone

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
customers = int(sys.argv[2]) if len(sys.argv) > 2 else 2000
rng = random.Random(7)
reasons = [("Personal details", "Address change"), ("Billing", "Invoice unclear"), ("Claims", "Report a claim"),
           ("Claims", "Claim status"), ("Policy", "Cover question"), ("Policy", "New policy or quote")]
channels = ["phone", "email", "chat", "letter", "visit", "social"]
start = datetime.now(timezone.utc) - timedelta(days=365)
w = csv.writer(sys.stdout, lineterminator="\n")
w.writerow(["external_id", "channel", "category", "reason", "customer_id", "occurred_at", "wait_seconds", "handling_seconds",
            "resolved_first_contact", "team", "note"])
for i in range(1, n + 1):
    category, reason = rng.choice(reasons)
    channel = "pigeon" if i % 10000 == 0 else rng.choice(channels)
    at = start + timedelta(seconds=int((i / n) * 365 * 86400))
    w.writerow([f"T-{i}", channel, category, reason, f"HM{1000000 + rng.randint(1, customers)}", at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                rng.randint(5, 900), rng.randint(60, 1200), rng.choice(["yes", "no", ""]), rng.choice(["Desk", "Claims", "Billing"]),
                "called about it, \"again\"" if i % 97 == 0 else ""])
