#!/usr/bin/env python3
"""Reference values for Focus's closed-loop figures (Sources/FocusCore/Act/ClosedLoop.swift), computed independently.

Regenerate with:
    python3 scripts/reference/closed_loop_reference.py > Tests/FocusCoreTests/Data/closed-loop-reference.json

Needs Python 3, NumPy and SciPy (written against NumPy 2.4 and SciPy 1.17). It makes a seeded data set of a few
hundred detractor responses (some customers answer more than once, some are anonymous, some cases are closed
without being resolved, some customers churned on or before the day they answered), writes it into the JSON
with the figures, and computes every figure here from the definitions, not by translating the Swift code:

- reach: detractors, those with a case, those contacted; shares with the Wilson (1927) score interval;
- service level over the cases finished (resolved_at, else closed_at) or past due at `asOf`: within = finished at
  or before due_at; missed = finished later or still open past due; Wilson interval;
- hours to first action and to finished: median and 90th percentile by numpy.percentile(method="linear"),
  Hyndman & Fan type 7;
- outcomes of the resolved cases;
- afterwards: each known customer once, at their first detractor response (earliest; ties keep the first
  listed), split by whether that response's case records a contact. Mean NPS change with the Student t interval
  from scipy.stats.t; promoters later (9-10) and churn (churned_on after the response's UTC day) with Wilson
  intervals. Differences contacted minus not contacted: shares by Newcombe's (1998) method 10 with the p-value of
  Pearson's chi-squared test without continuity correction (scipy.stats.chi2_contingency, which equals the pooled
  two-proportion z-test); means by Welch's t-test (scipy.stats.ttest_ind(equal_var=False) and its
  confidence_interval).

Units as in the Swift code: shares and share differences in percent, NPS changes in scale points, times in
seconds since 1970, durations in hours. A null means the Swift value is nil.
"""
import datetime
import json
import math
import sys

import numpy as np
from scipy import stats

SEED = 20260314
AS_OF = 1_780_000_000.0          # 2026-05-28T20:26:40Z
DAY = 86400.0
HOUR = 3600.0
PERIOD_DAYS = 90
Z = float(stats.norm.isf(0.025))


# ---------------------------------------------------------------- the data set

def make_dataset():
    rng = np.random.default_rng(SEED)
    period_end = math.floor(AS_OF / DAY) * DAY + DAY          # the day after asOf's day
    period_start = period_end - PERIOD_DAYS * DAY
    customers = [f"C-{i:03d}" for i in range(330)]
    detractors = []
    for index in range(420):
        nps = int(rng.integers(0, 7))
        received = float(round(period_start + rng.uniform(0, PERIOD_DAYS * DAY - 6 * HOUR)))
        received = min(received, AS_OF - HOUR)
        customer = None if rng.random() < 0.15 else customers[int(rng.integers(0, len(customers)))]
        case = None
        if rng.random() < 0.78:
            opened = received + float(round(rng.uniform(0, 2 * HOUR)))
            sla_hours = [4, 24, 72, 168][int(rng.integers(0, 4))]
            due = opened + sla_hours * HOUR
            first_action = None
            contacted = None
            if rng.random() < 0.85:
                first_action = opened + float(round(rng.exponential(10 * HOUR)))
                if rng.random() < 0.72:
                    contacted = first_action + float(round(rng.uniform(0, 30 * HOUR)))
            resolved = closed = outcome = None
            finish = opened + float(round(rng.lognormal(math.log(40 * HOUR), 0.9)))
            if rng.random() < 0.12:
                finish = math.inf                                      # still open
            if finish < AS_OF:
                kind = rng.random()
                if kind < 0.08:
                    closed = finish                                    # closed without being resolved
                else:
                    resolved = finish
                    outcome = ["resolved", "retained", "lost"][int(rng.choice(3, p=[0.5, 0.35, 0.15]))]
                    if kind > 0.7:
                        closed = resolved + float(round(rng.uniform(HOUR, 5 * DAY)))   # resolved, then closed
                        if closed > AS_OF:
                            closed = None
            # No time of the case lies after asOf: it is read "now".
            if first_action is not None and first_action > AS_OF:
                first_action = contacted = None
            if contacted is not None and contacted > AS_OF:
                contacted = None
            case = {"openedAt": opened, "dueAt": due, "firstActionAt": first_action, "contactedAt": contacted,
                    "resolvedAt": resolved, "closedAt": closed, "outcome": outcome}
        was_contacted = case is not None and case["contactedAt"] is not None
        later = None
        if customer is not None and rng.random() < (0.65 if was_contacted else 0.45):
            shift = rng.normal(3.0 if was_contacted else 1.5, 2.5)
            later = int(min(10, max(0, round(nps + shift))))
        churned_on = None
        if customer is not None and rng.random() < (0.12 if was_contacted else 0.25):
            received_day = math.floor(received / DAY)
            offset = int(rng.integers(-15, 60))
            if rng.random() < 0.05:
                offset = 0                                             # the same day: not "after"
            churned_on = datetime.date(1970, 1, 1) + datetime.timedelta(days=min(received_day + offset, math.floor(AS_OF / DAY)))
            churned_on = churned_on.isoformat()
        detractors.append({"nps": nps, "receivedAt": received, "customer": customer, "handling": case,
                           "laterNPS": later, "churnedOn": churned_on})
    # One customer's two detractor responses at the same instant: the first listed counts, and the two
    # differ in being contacted, so counting the wrong one would show.
    detractors[3]["customer"] = "C-TWIN"
    twin = dict(detractors[3])
    if is_contacted(detractors[3]):
        twin["handling"] = None
    else:
        at = twin["receivedAt"]
        twin["handling"] = {"openedAt": at, "dueAt": at + 24 * HOUR, "firstActionAt": at + HOUR, "contactedAt": at + 2 * HOUR,
                            "resolvedAt": None, "closedAt": None, "outcome": None}
    detractors.append(twin)
    # A known customer who churned on the very day of their response: not "after".
    for d in detractors:
        if d["customer"] not in (None, "C-TWIN") and d["churnedOn"] is None:
            d["churnedOn"] = utc_day(d["receivedAt"]).isoformat()
            break
    volume = {"opened": 512, "resolved": 301, "open": 211, "overdue": 87}
    return detractors, volume


# ---------------------------------------------------------------- statistics, from their formulas

def estimate(value, n, se, low, high):
    return {"value": value, "n": n, "standardError": se, "low": low, "high": high}


def wilson_bounds(x, n):
    p = x / n
    denominator = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denominator
    margin = Z / denominator * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return max(0.0, centre - margin), min(1.0, centre + margin), margin


def share(x, n):
    if n == 0:
        return estimate(None, 0, None, None, None)
    low, high, margin = wilson_bounds(x, n)
    return estimate(100 * x / n, n, 100 * margin / Z, 100 * low, 100 * high)


def mean(values):
    n = len(values)
    if n == 0:
        return estimate(None, 0, None, None, None)
    a = np.array(values, dtype=float)
    m = float(a.mean())
    if n == 1:
        return estimate(m, 1, None, None, None)
    se = float(a.std(ddof=1) / math.sqrt(n))
    low, high = stats.t.interval(0.95, n - 1, loc=m, scale=se)
    return estimate(m, n, se, float(low), float(high))


def compare_shares(a, b):
    """b minus a, in percent points; a and b are (successes, n)."""
    (xa, na), (xb, nb) = a, b
    if na == 0 or nb == 0:
        return None
    pa, pb = xa / na, xb / nb
    la, ua, _ = wilson_bounds(xa, na)
    lb, ub, _ = wilson_bounds(xb, nb)
    d = pb - pa
    low = d - math.sqrt((pb - lb) ** 2 + (ua - pa) ** 2)
    high = d + math.sqrt((ub - pb) ** 2 + (pa - la) ** 2)
    if xa + xb == 0 or xa + xb == na + nb:
        p_value = 1.0                                              # no variation: no evidence of a difference
    else:
        table = [[xa, na - xa], [xb, nb - xb]]
        p_value = float(stats.chi2_contingency(table, correction=False).pvalue)
    return {"difference": 100 * d, "low": 100 * low, "high": 100 * high, "pValue": p_value, "significant": p_value < 0.05}


def compare_means(a, b):
    """mean(b) minus mean(a), Welch."""
    if len(a) < 2 or len(b) < 2:
        return None
    result = stats.ttest_ind(np.array(b, dtype=float), np.array(a, dtype=float), equal_var=False)
    interval = result.confidence_interval(0.95)
    d = float(np.mean(b) - np.mean(a))
    return {"difference": d, "low": float(interval.low), "high": float(interval.high), "pValue": float(result.pvalue),
            "significant": bool(result.pvalue < 0.05)}


def hours(values):
    if not values:
        return {"n": 0, "median": None, "percentile90": None}
    a = np.array(values)
    return {"n": len(values), "median": float(np.percentile(a, 50, method="linear")),
            "percentile90": float(np.percentile(a, 90, method="linear"))}


# ---------------------------------------------------------------- the figures

def is_contacted(d):
    return d["handling"] is not None and d["handling"]["contactedAt"] is not None


def finished(case):
    return case["resolvedAt"] if case["resolvedAt"] is not None else case["closedAt"]


def utc_day(seconds):
    return (datetime.datetime(1970, 1, 1) + datetime.timedelta(days=math.floor(seconds / DAY))).date()


def figures(detractors, volume, as_of):
    cases = [d["handling"] for d in detractors if d["handling"] is not None]
    contacted = [d for d in detractors if d["handling"] is not None and d["handling"]["contactedAt"] is not None]
    reach = {"detractors": len(detractors), "withCase": len(cases), "contacted": len(contacted),
             "caseShare": share(len(cases), len(detractors)), "contactedShare": share(len(contacted), len(detractors))}

    within = [c for c in cases if finished(c) is not None and finished(c) <= c["dueAt"]]
    late = [c for c in cases if finished(c) is not None and finished(c) > c["dueAt"]]
    overdue = [c for c in cases if finished(c) is None and c["dueAt"] < as_of]
    not_due = [c for c in cases if finished(c) is None and c["dueAt"] >= as_of]
    measured = len(within) + len(late) + len(overdue)
    service = {"cases": len(cases), "within": len(within), "finishedLate": len(late), "openOverdue": len(overdue),
               "openNotYetDue": len(not_due), "measured": measured, "missed": len(late) + len(overdue),
               "withinShare": share(len(within), measured)}

    first_action = hours([(c["firstActionAt"] - c["openedAt"]) / HOUR for c in cases if c["firstActionAt"] is not None])
    resolution = hours([(finished(c) - c["openedAt"]) / HOUR for c in cases if finished(c) is not None])
    outcomes = {kind: sum(1 for c in cases if c["outcome"] == kind) for kind in ("resolved", "retained", "lost")}
    outcomes["closedWithoutOutcome"] = sum(1 for c in cases if finished(c) is not None and c["outcome"] is None)
    outcomes["total"] = outcomes["resolved"] + outcomes["retained"] + outcomes["lost"]

    # Afterwards: the first detractor response of each known customer (a stable sort keeps ties in order).
    known = [d for d in detractors if d["customer"] is not None]
    ordered = sorted(enumerate(known), key=lambda pair: (pair[1]["customer"], pair[1]["receivedAt"], pair[0]))
    firsts, seen = [], set()
    for _, d in ordered:
        if d["customer"] not in seen:
            seen.add(d["customer"])
            firsts.append(d)

    def group(members):
        later = [d for d in members if d["laterNPS"] is not None]
        changes = [d["laterNPS"] - d["nps"] for d in later]
        promoters = sum(1 for d in later if d["laterNPS"] >= 9)
        churned = sum(1 for d in members if d["churnedOn"] is not None
                      and datetime.date.fromisoformat(d["churnedOn"]) > utc_day(d["receivedAt"]))
        return ({"customers": len(members), "withLaterResponse": len(later), "promotersLater": promoters, "churned": churned,
                 "npsChange": mean(changes), "promoterShare": share(promoters, len(later)),
                 "churnShare": share(churned, len(members))},
                changes, (promoters, len(later)), (churned, len(members)))

    yes, yes_changes, yes_promoters, yes_churn = group([d for d in firsts if is_contacted(d)])
    no, no_changes, no_promoters, no_churn = group([d for d in firsts if not is_contacted(d)])
    afterwards = {"customers": len(firsts), "repeatResponses": len(known) - len(firsts), "contacted": yes, "notContacted": no,
                  "npsChangeDifference": compare_means(no_changes, yes_changes),
                  "promotersDifference": compare_shares(no_promoters, yes_promoters),
                  "churnDifference": compare_shares(no_churn, yes_churn)}
    return {"reach": reach, "serviceLevel": service, "timeToFirstAction": first_action, "timeToResolution": resolution,
            "outcomes": outcomes, "afterwards": afterwards, "cases": volume}


def build():
    detractors, volume = make_dataset()
    return {"about": __doc__.strip().splitlines()[0] + " Generated by scripts/reference/closed_loop_reference.py.",
            "asOf": AS_OF, "detractors": detractors, "cases": volume, "expected": figures(detractors, volume, AS_OF)}


if __name__ == "__main__":
    json.dump(build(), sys.stdout, indent=1)
    sys.stdout.write("\n")
