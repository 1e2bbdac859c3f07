#!/usr/bin/python3
"""Writes generated/*.json: drift statistics computed with Debian's python3-scipy 1.10.1 / python3-numpy 1.24.2.

Same layout as ../shared (name, kind, reference, current, expected), with extra expected keys:
kl (scipy.stats.entropy over zero-filled shares), hellinger, energy (scipy.stats.energy_distance),
chi2_* on the binned counts, z_statistic/z_pvalue for two-category columns.
Run: /usr/bin/python3 generate.py   (seeded, so the files only change when this script does)
"""
import json
import numpy as np
from scipy import stats
from scipy.spatial import distance

rng = np.random.default_rng(20261127)


def fill(shares):
    shares = shares.copy()
    nonzero = shares[shares != 0]
    if (shares == 0).any():
        m = nonzero.min()
        shares[shares == 0] = m / 1e6 if m <= 1e-4 else 1e-4
    return shares


def binned(kind, ref, cur):
    if kind == "numeric" and len(np.unique(ref)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([ref, cur]), bins="sturges")
        return np.histogram(ref, edges)[0], np.histogram(cur, edges)[0]
    keys = sorted(set(ref.tolist()) | set(cur.tolist()))
    r = np.array([np.sum(ref == k) for k in keys])
    c = np.array([np.sum(cur == k) for k in keys])
    return r, c


def expected(kind, ref, cur):
    r_counts, c_counts = binned(kind, ref, cur)
    r, c = r_counts / len(ref), c_counts / len(cur)
    rf, cf = fill(r), fill(c)
    out = {
        "psi": float(np.sum((rf - cf) * np.log(rf / cf))),
        "jensenshannon": float(distance.jensenshannon(r, c)),
        "kl": float(stats.entropy(rf, cf)),
        "hellinger": float(np.sqrt(np.sum((np.sqrt(r) - np.sqrt(c)) ** 2)) / np.sqrt(2)),
    }
    table = np.array([r_counts, c_counts])
    table = table[:, table.sum(axis=0) > 0]
    if table.shape[1] > 1:
        chi2, p, dof, _ = stats.chi2_contingency(table, correction=False)
        out.update(chi2_statistic=float(chi2), chi2_pvalue=float(p), chi2_dof=int(dof))
    if kind == "numeric":
        ks = stats.ks_2samp(ref, cur, method="auto")
        w = stats.wasserstein_distance(ref, cur)
        out.update(ks_statistic=float(ks.statistic), ks_pvalue=float(ks.pvalue), wasserstein=float(w),
                   wasserstein_normed=float(w / max(np.std(ref, ddof=0), 0.001)),
                   energy=float(stats.energy_distance(ref, cur)))
    elif table.shape[1] == 2:
        # Share of the first category (sorted), pooled-variance two-sided z-test.
        n1, n2 = len(ref), len(cur)
        p1, p2 = table[0, 0] / n1, table[1, 0] / n2
        pooled = (table[0, 0] + table[1, 0]) / (n1 + n2)
        z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        out.update(z_statistic=float(z), z_pvalue=float(2 * stats.norm.sf(abs(z))))
    return out


def write(name, kind, ref, cur):
    ref, cur = np.asarray(ref), np.asarray(cur)
    case = {"name": name, "kind": kind, "reference": ref.tolist(), "current": cur.tolist(), "expected": expected(kind, ref, cur)}
    with open(f"generated/{name}.json", "w") as f:
        json.dump(case, f)


r3 = lambda a: np.round(a, 3)
write("tiny_samples", "numeric", [1.5, 2.0, 3.25], [2.5, 4.0])
write("single_values", "numeric", [1.0], [2.0])
write("constant_equal", "numeric", [3.0] * 50, [3.0] * 40)
write("constant_shifted", "numeric", [3.0] * 50, [4.0] * 40)
write("constant_reference", "numeric", [3.0] * 200, r3(rng.normal(3, 1, 150)))
write("heavy_ties", "numeric", rng.integers(0, 4, 600).astype(float), rng.integers(0, 5, 700).astype(float))
write("equal_sizes_exact", "numeric", r3(rng.normal(0, 1, 5000)), r3(rng.normal(0.05, 1, 5000)))
write("equal_sizes_large_shift", "numeric", r3(rng.normal(0, 1, 3000)), r3(rng.normal(0.6, 1, 3000)))
write("unequal_exact_no_shift", "numeric", r3(rng.normal(0, 1, 9999)), r3(rng.normal(0, 1, 7001)))
write("asymptotic_large", "numeric", r3(rng.normal(0, 1, 40000)), r3(rng.normal(0.02, 1.05, 32000)))
write("asymptotic_no_shift", "numeric", r3(rng.gamma(2, 1, 20000)), r3(rng.gamma(2, 1, 15000)))
write("asymptotic_small_current_shift", "numeric", r3(rng.normal(0, 1, 12000)), r3(rng.normal(0.7, 1, 60)))
write("asymptotic_small_current_mild", "numeric", r3(rng.normal(0, 1, 12000)), r3(rng.normal(0.25, 1, 80)))
write("asymptotic_small_current_none", "numeric", r3(rng.normal(0, 1, 12000)), r3(rng.normal(0, 1, 130)))
write("asymptotic_medium_current", "numeric", r3(rng.normal(0, 1, 15000)), r3(rng.normal(0.1, 1, 400)))
write("very_large_integers", "numeric", np.round(rng.normal(0, 1, 100000) * 100), np.round(rng.normal(0.01, 1, 120000) * 100))
write("binary_categories", "categorical", rng.choice(["no", "yes"], 900, p=[0.8, 0.2]).tolist(), rng.choice(["no", "yes"], 800, p=[0.7, 0.3]).tolist())
write("category_only_in_current", "categorical", rng.choice(["a", "b", "c"], 500).tolist(), rng.choice(["a", "b", "c", "z"], 400, p=[0.3, 0.3, 0.3, 0.1]).tolist())
