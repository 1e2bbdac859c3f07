#!/usr/bin/python3
"""scipy/numpy baseline for bench/drift-stats.sh: the same statistics on the arrays MlOps.Drift.Benchmarks wrote.

Times ks_2samp(method="auto") + wasserstein_distance + psi (numpy.histogram_bin_edges sturges + Evidently's zero fill)
over every column, best of N runs, and checks the .NET results agree (relative 1e-9, p-values 1e-6).
"""
import csv, glob, sys, time
import numpy as np
from scipy import stats

directory, repetitions = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 3
columns = len(glob.glob(f"{directory}/reference_*.f64"))
ref = [np.fromfile(f"{directory}/reference_{c}.f64", dtype=np.float64) for c in range(columns)]
cur = [np.fromfile(f"{directory}/current_{c}.f64", dtype=np.float64) for c in range(columns)]


def fill(shares):
    if (shares == 0).any():
        m = shares[shares != 0].min()
        shares = np.where(shares == 0, m / 1e6 if m <= 1e-4 else 1e-4, shares)
    return shares


def psi(r, c):
    if len(np.unique(r)) > 20:
        edges = np.histogram_bin_edges(np.concatenate([r, c]), bins="sturges")
        rs, cs = np.histogram(r, edges)[0] / len(r), np.histogram(c, edges)[0] / len(c)
    else:
        keys = np.union1d(r, c)
        rs = np.array([np.sum(r == k) for k in keys]) / len(r)
        cs = np.array([np.sum(c == k) for k in keys]) / len(c)
    rs, cs = fill(rs), fill(cs)
    return float(np.sum((rs - cs) * np.log(rs / cs)))


def run():
    out = []
    for r, c in zip(ref, cur):
        ks = stats.ks_2samp(r, c, method="auto")
        out.append((ks.statistic, ks.pvalue, stats.wasserstein_distance(r, c), psi(r, c)))
    return out


timings = []
for _ in range(repetitions):
    start = time.perf_counter()
    results = run()
    timings.append(time.perf_counter() - start)
print(f"scipy {stats.__name__ and __import__('scipy').__version__} / numpy {np.__version__}: best {min(timings):.3f} s, median {sorted(timings)[len(timings) // 2]:.3f} s over {repetitions} runs")

mismatches = 0
with open(f"{directory}/dotnet-results.csv") as f:
    for row in csv.DictReader(f):
        expected = results[int(row["column"])]
        for key, value, tolerance in zip(("ks_statistic", "ks_pvalue", "wasserstein", "psi"), expected, (1e-9, 1e-6, 1e-9, 1e-9)):
            actual = float(row[key])
            if not (actual == value or abs(actual - value) <= tolerance * abs(value) or (key == "ks_pvalue" and abs(actual - value) <= 1e-12)):
                mismatches += 1
                print(f"column {row['column']} {key}: dotnet {actual!r} scipy {value!r}")
print("results agree" if mismatches == 0 else f"{mismatches} mismatches")
sys.exit(1 if mismatches else 0)
