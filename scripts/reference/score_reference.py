#!/usr/bin/env python3
"""Reference values for Focus's score statistics (Sources/FocusCore/Statistics), computed independently.

Regenerate with:
    python3 scripts/reference/score_reference.py > Tests/FocusCoreTests/Data/score-reference.json

Needs Python 3 and SciPy (written against SciPy 1.17). The normal and Student t distributions come from
scipy.stats; every interval and test is written out here from its published formula, not translated
from the Swift code:

- NPS: adjusted Wald interval of Rocks (2016), "Interval estimation for the 'Net Promoter Score'",
  The American Statistician 70(4): add 3/4 promoter, 3/2 passive and 3/4 detractor (n + 3), then a Wald
  interval with Var = (p_P + p_D - (p_P - p_D)^2) / (n + 3) around the adjusted score, clamped to
  [-100, 100]. The point value is the plain NPS. Two samples: the same adjustment in each group, a z-test
  on the adjusted difference, and the interval of the adjusted difference at 1 - alpha.
- Shares: Wilson (1927) score interval without continuity correction; two samples: pooled two-proportion
  z-test, and Newcombe (1998) hybrid score interval (his method 10) for the difference.
- Means: Student t interval with n - 1 degrees of freedom; two samples: Welch (1947) t-test with
  Welch-Satterthwaite degrees of freedom. Means and variances are computed exactly with fractions from the
  answer counts, so no cancellation can creep into the reference.

Units: NPS in points, shares in percent, means in scale units. A null "expected" means the Swift function
returns nil; null fields mean nil fields.
"""
import json
import math
import sys
from fractions import Fraction

from scipy.stats import norm, t as student_t


def z_critical(confidence):
    return float(norm.isf((1 - confidence) / 2))


def t_critical(confidence, df):
    return float(student_t.isf((1 - confidence) / 2, df))


def estimate(value, n, se, low, high):
    return {"value": value, "n": n, "standardError": se, "low": low, "high": high}


# ---------------------------------------------------------------- one-sample estimates

def nps(promoters, passives, detractors, confidence=0.95):
    n = promoters + passives + detractors
    if n == 0:
        return estimate(None, 0, None, None, None)
    plain = (promoters - detractors) / n
    n_adj = n + 3
    p_adj = (promoters + 0.75) / n_adj
    d_adj = (detractors + 0.75) / n_adj
    score_adj = p_adj - d_adj
    se = math.sqrt((p_adj + d_adj - score_adj ** 2) / n_adj)
    z = z_critical(confidence)
    low = max(-1.0, score_adj - z * se)
    high = min(1.0, score_adj + z * se)
    return estimate(100 * plain, n, 100 * se, 100 * low, 100 * high)


def wilson(successes, n, z):
    """Wilson (1927): the p0 solving |p - p0| = z * sqrt(p0 (1 - p0) / n), as a (low, high) pair."""
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    margin = (z / denominator) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return max(0.0, centre - margin), min(1.0, centre + margin)


def share(successes, n, confidence=0.95):
    if n == 0:
        return estimate(None, 0, None, None, None)
    z = z_critical(confidence)
    low, high = wilson(successes, n, z)
    # Standard error reported: the Wilson half-width over z (the formula's, as at 0% and 100% the
    # interval is clamped on one side).
    p = successes / n
    half_width = (z / (1 + z * z / n)) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return estimate(100 * p, n, 100 * half_width / z, 100 * low, 100 * high)


def exact_moments(counts):
    """(n, sum, sum of squares, mean, sample variance) from {value: count}, exactly."""
    n = sum(counts.values())
    total = sum(Fraction(v) * c for v, c in counts.items())
    squares = sum(Fraction(v) ** 2 * c for v, c in counts.items())
    mean = total / n if n else None
    variance = sum(c * (Fraction(v) - mean) ** 2 for v, c in counts.items()) / (n - 1) if n > 1 else None
    return n, total, squares, mean, variance


def mean(counts, confidence=0.95):
    n, total, squares, m, variance = exact_moments(counts)
    inputs = {"n": n, "sum": float(total), "sumOfSquares": float(squares)}
    if n == 0:
        return inputs, estimate(None, 0, None, None, None)
    if n == 1:
        return inputs, estimate(float(m), 1, None, None, None)
    se = math.sqrt(float(variance / n))
    half = t_critical(confidence, n - 1) * se
    return inputs, estimate(float(m), n, se, float(m) - half, float(m) + half)


# ---------------------------------------------------------------- two-sample comparisons

def comparison(difference, low, high, p_value, alpha):
    return {"difference": difference, "low": low, "high": high, "pValue": p_value, "significant": p_value < alpha}


def two_sided_normal(estimate_, se):
    if se == 0:
        return 1.0 if estimate_ == 0 else 0.0
    return float(2 * norm.sf(abs(estimate_) / se))


def compare_nps(a, b, alpha=0.05):
    if sum(a) == 0 or sum(b) == 0:
        return None

    def adjusted(group):
        promoters, passives, detractors = group
        n_adj = promoters + passives + detractors + 3
        p = (promoters + 0.75) / n_adj
        d = (detractors + 0.75) / n_adj
        return p - d, (p + d - (p - d) ** 2) / n_adj

    score_a, var_a = adjusted(a)
    score_b, var_b = adjusted(b)
    plain = (b[0] - b[2]) / sum(b) - (a[0] - a[2]) / sum(a)
    d_adj = score_b - score_a
    se = math.sqrt(var_a + var_b)
    z = z_critical(1 - alpha)
    return comparison(100 * plain, 100 * max(-2.0, d_adj - z * se), 100 * min(2.0, d_adj + z * se),
                      two_sided_normal(d_adj, se), alpha)


def compare_shares(a, b, alpha=0.05):
    (x_a, n_a), (x_b, n_b) = a, b
    if n_a == 0 or n_b == 0:
        return None
    z = z_critical(1 - alpha)
    p_a, p_b = x_a / n_a, x_b / n_b
    l_a, u_a = wilson(x_a, n_a, z)
    l_b, u_b = wilson(x_b, n_b, z)
    d = p_b - p_a
    # Newcombe (1998), method 10, for theta = p_b - p_a.
    low = d - math.sqrt((p_b - l_b) ** 2 + (u_a - p_a) ** 2)
    high = d + math.sqrt((u_b - p_b) ** 2 + (p_a - l_a) ** 2)
    pooled = (x_a + x_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    return comparison(100 * d, 100 * low, 100 * high, two_sided_normal(d, se), alpha)


def compare_means(a_counts, b_counts, alpha=0.05):
    n_a, sum_a, sq_a, m_a, v_a = exact_moments(a_counts)
    n_b, sum_b, sq_b, m_b, v_b = exact_moments(b_counts)
    inputs = {"a": {"n": n_a, "sum": float(sum_a), "sumOfSquares": float(sq_a)},
              "b": {"n": n_b, "sum": float(sum_b), "sumOfSquares": float(sq_b)}}
    if n_a < 2 or n_b < 2:
        return inputs, None
    d = float(m_b - m_a)
    share_a, share_b = v_a / n_a, v_b / n_b
    if share_a + share_b == 0:
        return inputs, comparison(d, d, d, 1.0 if d == 0 else 0.0, alpha)
    se = math.sqrt(float(share_a + share_b))
    df = float((share_a + share_b) ** 2 / (share_a ** 2 / (n_a - 1) + share_b ** 2 / (n_b - 1)))
    half = t_critical(1 - alpha, df) * se
    p_value = float(2 * student_t.sf(abs(d) / se, df))
    return inputs, comparison(d, d - half, d + half, p_value, alpha)


# ---------------------------------------------------------------- the cases

def ces(*counts):
    """Answer counts for CES 1..7."""
    return {value + 1: c for value, c in enumerate(counts) if c}


def build():
    out = {"about": __doc__.strip().splitlines()[0] + " Generated by scripts/reference/score_reference.py."}

    out["normalCDF"] = [{"x": x, "expected": float(norm.cdf(x))}
                        for x in [-37.5, -20, -10, -5, -3, -1.959963984540054, -1, -0.5, 0, 0.25, 1, 1.96, 3, 8]]
    out["normalQuantile"] = [{"p": p, "expected": float(norm.ppf(p))}
                             for p in [1e-10, 5e-7, 0.001, 0.025, 0.1, 0.3, 0.55, 0.6, 0.75, 0.9, 0.95, 0.975,
                                       0.99, 0.995, 0.9995, 0.99995, 0.9999995]]
    dfs = [1, 1.5, 2, 3, 4.7, 10, 29, 100, 1000, 1e5, 1e7]
    out["studentTCDF"] = [
        {"t": x, "df": df, "expected": float(student_t.cdf(x, df))}
        for df in dfs for x in [-50, -3, -1.96, -0.5, 0.1, 1, 2.5, 10, 1000]
        if student_t.cdf(x, df) > 1e-290
    ]
    out["studentTQuantile"] = [
        {"p": p, "df": df, "expected": float(student_t.ppf(p, df))}
        for df in dfs for p in [0.001, 0.025, 0.6, 0.8, 0.9, 0.95, 0.975, 0.99, 0.995, 0.9995, 0.9999995]
    ]

    nps_cases = [
        ("no responses", 0, 0, 0, 0.95),
        ("one promoter", 1, 0, 0, 0.95),
        ("one passive", 0, 1, 0, 0.95),
        ("one detractor", 0, 0, 1, 0.95),
        ("all promoters", 40, 0, 0, 0.95),
        ("all passives", 0, 25, 0, 0.95),
        ("all detractors", 0, 0, 40, 0.95),
        ("50/30/20", 50, 30, 20, 0.95),
        ("50/30/20 at 90%", 50, 30, 20, 0.90),
        ("50/30/20 at 99.9%", 50, 30, 20, 0.999),
        ("small sample", 7, 2, 3, 0.95),
        ("negative", 120, 200, 380, 0.95),
        ("ten million", 4_500_000, 3_000_000, 2_500_000, 0.95),
    ]
    out["nps"] = [{"name": name, "promoters": p, "passives": q, "detractors": d, "confidence": c,
                   "expected": nps(p, q, d, c)} for name, p, q, d, c in nps_cases]

    share_cases = [
        ("no responses", 0, 0, 0.95),
        ("one failure", 0, 1, 0.95),
        ("one success", 1, 1, 0.95),
        ("none of 50", 0, 50, 0.95),
        ("all of 50", 50, 50, 0.95),
        ("8 of 10", 8, 10, 0.95),
        ("8 of 10 at 99%", 8, 10, 0.99),
        ("spring before: 80% of 3000", 2400, 3000, 0.95),
        ("spring after: 62% of 3000", 1860, 3000, 0.95),
        ("one in ten million", 1, 10_000_000, 0.95),
        ("ten million", 6_543_210, 10_000_000, 0.95),
    ]
    out["share"] = [{"name": name, "successes": x, "n": n, "confidence": c, "expected": share(x, n, c)}
                    for name, x, n, c in share_cases]

    mean_cases = [
        ("no responses", ces(), 0.95),
        ("one response", ces(0, 0, 0, 0, 1), 0.95),
        ("two equal", ces(0, 0, 0, 2), 0.95),
        ("one to five", ces(1, 1, 1, 1, 1), 0.95),
        ("all sevens", ces(0, 0, 0, 0, 0, 0, 30), 0.95),
        ("typical CES", ces(120, 300, 410, 280, 150, 60, 30), 0.95),
        ("typical CES at 99%", ces(120, 300, 410, 280, 150, 60, 30), 0.99),
        ("ten million", ces(1_500_000, 2_500_000, 2_000_000, 1_500_000, 1_200_000, 800_000, 500_000), 0.95),
        ("fractional values", {1.5: 1, 2.25: 2, 3.125: 1, 6.5: 1}, 0.95),
    ]
    out["mean"] = []
    for name, counts, c in mean_cases:
        inputs, expected = mean(counts, c)
        out["mean"].append({"name": name, **inputs, "confidence": c, "expected": expected})

    nps_pairs = [
        ("empty first", (0, 0, 0), (5, 3, 2), 0.05),
        ("empty second", (5, 3, 2), (0, 0, 0), 0.05),
        ("identical", (50, 30, 20), (50, 30, 20), 0.05),
        ("all promoters both", (10, 0, 0), (25, 0, 0), 0.05),
        ("one promoter, one detractor", (1, 0, 0), (0, 0, 1), 0.05),
        ("all promoters to all detractors", (30, 0, 0), (0, 0, 30), 0.05),
        ("small rise", (400, 350, 250), (430, 340, 230), 0.05),
        ("significant drop", (600, 250, 150), (450, 280, 270), 0.05),
        ("significant drop at 0.001", (600, 250, 150), (450, 280, 270), 0.001),
        ("ten million each", (4_500_000, 3_000_000, 2_500_000), (4_510_000, 2_995_000, 2_495_000), 0.05),
    ]
    out["compareNPS"] = [{"name": name, "a": dict(zip(("promoters", "passives", "detractors"), a)),
                          "b": dict(zip(("promoters", "passives", "detractors"), b)), "alpha": alpha,
                          "expected": compare_nps(a, b, alpha)} for name, a, b, alpha in nps_pairs]

    share_pairs = [
        ("empty first", (0, 0), (3, 10), 0.05),
        ("spring drop: 80% to 62% of 3000", (2400, 3000), (1860, 3000), 0.05),
        ("identical", (80, 100), (80, 100), 0.05),
        ("none in either", (0, 20), (0, 35), 0.05),
        ("none to all", (0, 10), (10, 10), 0.05),
        ("one success, one failure", (1, 1), (0, 1), 0.05),
        ("small groups", (3, 12), (9, 14), 0.05),
        ("small groups at 0.10", (3, 12), (9, 14), 0.10),
        ("ten million each", (8_000_000, 10_000_000), (8_001_000, 10_000_000), 0.05),
    ]
    out["compareShares"] = [{"name": name, "a": {"successes": a[0], "n": a[1]}, "b": {"successes": b[0], "n": b[1]},
                             "alpha": alpha, "expected": compare_shares(a, b, alpha)}
                            for name, a, b, alpha in share_pairs]

    mean_pairs = [
        ("one answer in first", ces(0, 0, 1), ces(1, 2, 3), 0.05),
        ("identical", ces(120, 300, 410, 280, 150, 60, 30), ces(120, 300, 410, 280, 150, 60, 30), 0.05),
        ("no spread, same mean", ces(0, 0, 0, 5), ces(0, 0, 0, 9), 0.05),
        ("no spread, different means", ces(0, 0, 0, 0, 0, 0, 5), ces(0, 0, 0, 0, 0, 5), 0.05),
        ("no spread in one group", ces(0, 0, 0, 0, 8), ces(0, 0, 1, 4, 3, 2), 0.05),
        ("two answers each", ces(1, 0, 1), ces(0, 0, 0, 1, 0, 0, 1), 0.05),
        ("unequal sizes and spreads", ces(1, 1, 1, 1, 1), ces(0, 0, 1, 0, 1, 0, 1), 0.05),
        ("effort got easier", ces(100, 200, 300, 250, 150, 80, 40), ces(160, 260, 300, 200, 120, 50, 20), 0.05),
        ("ten million each", ces(1_500_000, 2_500_000, 2_000_000, 1_500_000, 1_200_000, 800_000, 500_000),
         ces(1_510_000, 2_500_000, 2_000_000, 1_500_000, 1_195_000, 800_000, 495_000), 0.05),
    ]
    out["compareMeans"] = []
    for name, a, b, alpha in mean_pairs:
        inputs, expected = compare_means(a, b, alpha)
        out["compareMeans"].append({"name": name, **inputs, "alpha": alpha, "expected": expected})
    return out


if __name__ == "__main__":
    json.dump(build(), sys.stdout, indent=1)
    sys.stdout.write("\n")
