#!/usr/bin/env python3
"""Reference values for Focus's key-driver analysis (Sources/FocusCore/Drivers), computed independently.

Regenerate with:
    python3 scripts/reference/driver_reference.py Tests/FocusCoreTests/Data

Needs Python 3 and NumPy (written against NumPy 2.4). It writes two data sets, drivers-<name>.csv (the outcome
in the first column, then the drivers; a blank cell is a missing answer), and drivers-reference.json with, for
each data set and each way of treating missing answers:

- correlations of each driver with the outcome (Pearson; "pairwise" uses, for each pair of variables, the
  rows that answered both, as R's use="pairwise.complete.obs"; "listwise" only rows that answered everything);
- standardised regression coefficients and the full R²;
- Shapley values (LMG) computed the long way: every order in which the drivers can enter the model (m! orders),
  each driver credited with the R² it adds when it enters, averaged over the orders. Each R² comes from a fresh
  regression: listwise by least squares on the standardised complete rows (numpy.linalg.lstsq), pairwise as
  r_S' R_SS^-1 r_S solved with numpy.linalg.solve;
- Johnson's (2000) relative weights from numpy.linalg.eigh: Lambda = V diag(sqrt(l)) V', beta = Lambda^-1 r,
  weight_j = sum_k Lambda_jk^2 beta_k^2.

Nothing here is translated from the Swift code; the Swift side uses a depth-first Cholesky update over subsets
and a Jacobi eigen solver, so agreement to 1e-6 checks both.
"""
import csv
import itertools
import json
import math
import os
import sys

import numpy as np


def make(name, n, m, rho, seed, missing_rate, weights):
    rng = np.random.default_rng(seed)
    common = rng.normal(size=n)
    latent = np.sqrt(rho) * common[:, None] + np.sqrt(1 - rho) * rng.normal(size=(n, m))
    drivers = np.clip(np.round(3 + 1.1 * latent), 1, 5).astype(int)
    signal = latent @ np.array(weights) + rng.normal(scale=1.0, size=n)
    outcome = np.clip(np.round(7 + 1.6 * signal / signal.std()), 0, 10).astype(int)
    data = np.column_stack([outcome, drivers]).astype(float)
    mask = rng.random(size=data.shape) < missing_rate
    data[mask] = np.nan
    return name, data


def pairwise_corr(data):
    p = data.shape[1]
    r = np.full((p, p), np.nan)
    for i in range(p):
        for j in range(p):
            both = ~np.isnan(data[:, i]) & ~np.isnan(data[:, j])
            x, y = data[both, i], data[both, j]
            if i == j:
                r[i, j] = 1.0
                continue
            xc, yc = x - x.mean(), y - y.mean()
            r[i, j] = (xc @ yc) / math.sqrt((xc @ xc) * (yc @ yc))
    return r


def r2_corr(R, subset):
    """R² from correlations: r_S' R_SS^-1 r_S (outcome is variable 0, drivers 1..m)."""
    if not subset:
        return 0.0
    idx = [k + 1 for k in subset]
    rs = R[0, idx]
    return float(rs @ np.linalg.solve(R[np.ix_(idx, idx)], rs))


def r2_rows(Z, subset):
    """R² by least squares on standardised complete rows."""
    if not subset:
        return 0.0
    y = Z[:, 0]
    X = Z[:, [k + 1 for k in subset]]
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ coef
    return float(1 - (resid @ resid) / (y @ y))


def shapley_by_orders(m, r2):
    total = np.zeros(m)
    cache = {}
    def value(s):
        key = tuple(sorted(s))
        if key not in cache:
            cache[key] = r2(list(key))
        return cache[key]
    orders = list(itertools.permutations(range(m)))
    for order in orders:
        before = []
        for j in order:
            total[j] += value(before + [j]) - value(before)
            before = before + [j]
    return (total / len(orders)).tolist()


def relative_weights(R):
    rxx, rxy = R[1:, 1:], R[1:, 0]
    l, V = np.linalg.eigh(rxx)
    lam = V @ np.diag(np.sqrt(l)) @ V.T
    beta = np.linalg.solve(lam, rxy)
    return ((lam ** 2) @ (beta ** 2)).tolist()


def analyse(data, missing):
    if missing == "listwise":
        rows = data[~np.isnan(data).any(axis=1)]
        R = np.corrcoef(rows, rowvar=False)
        Z = (rows - rows.mean(axis=0)) / rows.std(axis=0)
        r2 = lambda s: r2_rows(Z, s)
        n = len(rows)
    else:
        R = pairwise_corr(data)
        r2 = lambda s: r2_corr(R, s)
        n = None
    m = data.shape[1] - 1
    beta = np.linalg.solve(R[1:, 1:], R[1:, 0])
    return {
        "n": n,
        "correlations": R[0, 1:].tolist(),
        "beta": beta.tolist(),
        "r2": float(beta @ R[1:, 0]),
        "shapley": shapley_by_orders(m, r2),
        "relative_weights": relative_weights(R),
    }


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "."
    sets = [
        make("moderate", n=600, m=5, rho=0.25, seed=11, missing_rate=0.06, weights=[0.9, 0.6, 0.4, 0.2, 0.05]),
        make("correlated", n=800, m=7, rho=0.85, seed=23, missing_rate=0.05, weights=[0.7, 0.5, 0.45, 0.3, 0.2, 0.1, 0.0]),
    ]
    reference = {}
    for name, data in sets:
        with open(os.path.join(out, f"drivers-{name}.csv"), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["outcome"] + [f"d{k + 1}" for k in range(data.shape[1] - 1)])
            for row in data:
                w.writerow(["" if math.isnan(v) else int(v) for v in row])
        reference[name] = {missing: analyse(data, missing) for missing in ("pairwise", "listwise")}
    with open(os.path.join(out, "drivers-reference.json"), "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
