#!/usr/bin/env python3
"""Sends demo traffic to credit-default through the gateway so drift monitoring has a window to judge.

Scores the first ROWS applications of the demo data (default 1,000: one monitoring window) with income multiplied by
INCOME_FACTOR (default 1.6: drift), 100 per request. The drift service then reports the window (GET /api/drift/reports).
Usage: python3 scripts/drift-demo.py [INCOME_FACTOR] [ROWS]   (1.0 sends unshifted traffic: no drift expected)
"""
import csv, json, os, sys, urllib.request

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
factor = float(sys.argv[1]) if len(sys.argv) > 1 else 1.6
count = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
key = open(os.path.join(root, ".mlops/data/admin-key")).read().strip()
numeric = ["age", "income", "employment_years", "loan_amount", "credit_utilization", "late_payments_12m", "debt_to_income"]
rows = list(csv.DictReader(open(os.path.join(root, "services/trainer/DemoData/credit-default.csv"))))[-count:]
for start in range(0, len(rows), 100):
    instances = []
    for row in rows[start:start + 100]:
        instance = {name: float(row[name]) for name in numeric}
        instance["income"] *= factor
        instance.update(home_ownership=row["home_ownership"], purpose=row["purpose"])
        instances.append(instance)
    request = urllib.request.Request("http://localhost:8080/api/inference/v1/models/credit-default:predict",
                                     data=json.dumps({"instances": instances}).encode(),
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    urllib.request.urlopen(request).read()
print(f"scored {len(rows)} applications with income x{factor}; the window's report appears at /api/drift/reports")
