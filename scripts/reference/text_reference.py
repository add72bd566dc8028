#!/usr/bin/env python3
"""Reference values for Focus's comment statistics (Sources/FocusCore/Text), computed independently.

Regenerate with:
    python3 scripts/reference/text_reference.py > Tests/FocusCoreTests/Data/text-reference.json

Needs Python 3 and SciPy. Written from the published formulas, not from the Swift code:

- Emerging terms: Dunning's (1993) log-likelihood ratio G^2 = 2 * sum O ln(O/E) over the 2x2 table
  (recent/earlier x mentions/does not), E from the margins; p from the chi-square distribution with one
  degree of freedom (scipy.stats.chi2.sf).
- Theme impact on NPS: the two-sample adjusted Wald test of Rocks (2016) (3/4 promoter, 3/2 passive,
  3/4 detractor added to each group), with-theme minus without-theme; the cost in points is the share of
  responses that mention the theme times the plain NPS difference, its interval the share times the
  interval of the adjusted difference.
"""
import json
import math

from scipy.stats import chi2, norm


def g_squared(a, n1, b, n2):
    table = [[a, n1 - a], [b, n2 - b]]
    total = n1 + n2
    rows = [n1, n2]
    cols = [a + b, total - a - b]
    g = 0.0
    for i in range(2):
        for j in range(2):
            o = table[i][j]
            if o > 0:
                e = rows[i] * cols[j] / total
                g += o * math.log(o / e)
    return 2 * g


def adjusted(p, pa, d):
    n = p + pa + d + 3
    pp = (p + 0.75) / n
    dd = (d + 0.75) / n
    return pp - dd, (pp + dd - (pp - dd) ** 2), n


def impact(with_, all_):
    without = [all_[i] - with_[i] for i in range(3)]
    n_with, n_all = sum(with_), sum(all_)
    plain = (with_[0] - with_[2]) / n_with - (without[0] - without[2]) / sum(without)
    s_w, v_w, n_w = adjusted(*with_)
    s_o, v_o, n_o = adjusted(*without)
    diff = s_w - s_o
    se = math.sqrt(v_w / n_w + v_o / n_o)
    z = float(norm.isf(0.025))
    low, high = max(-2, diff - z * se), min(2, diff + z * se)
    share = n_with / n_all
    return {
        "with": with_, "all": all_,
        "difference": 100 * plain, "low": 100 * low, "high": 100 * high,
        "pValue": float(2 * norm.sf(abs(diff) / se)),
        "points": share * 100 * plain, "pointsLow": share * 100 * low, "pointsHigh": share * 100 * high,
    }


tables = [(30, 1000, 10, 3000), (5, 200, 0, 800), (12, 50, 40, 400), (7, 7, 0, 9), (100, 5000, 95, 15000)]
result = {
    "gSquared": [
        {"recent": a, "n1": n1, "earlier": b, "n2": n2, "g": g_squared(a, n1, b, n2),
         "p": float(chi2.sf(g_squared(a, n1, b, n2), 1))}
        for (a, n1, b, n2) in tables
    ],
    "impact": [impact([2, 3, 5], [22, 13, 15]), impact([40, 50, 110], [500, 300, 200]), impact([9, 1, 0], [60, 30, 30])],
}
print(json.dumps(result, indent=2))
