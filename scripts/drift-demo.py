#!/usr/bin/env python3
"""Runs the platform's closed loop on the demo model, through the gateway, and narrates it.

With INCOME_FACTOR other than 1 (default 1.6): the world moves. The script loads the demo applications with incomes
multiplied by INCOME_FACTOR (labels kept) through ingest as the demo pipeline's new load (the fresh training data), then
keeps scoring shifted applications. Drift judges a window, incident opens the drift incident, and the shipped model-drift
runbook retrains from that load, lets the canary analysis promote the new version through the registry's gate, waits for a
clean window of the new champion and resolves. The script keeps traffic flowing until then (at most TIMEOUT_MINUTES,
default 10) and prints each timeline entry as it happens.

With INCOME_FACTOR 1: one window (1,000 rows) of unshifted traffic; no drift expected.
Usage: python3 scripts/drift-demo.py [INCOME_FACTOR] [TIMEOUT_MINUTES]
"""
import csv, io, json, os, sys, time, urllib.error, urllib.request

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
factor = float(sys.argv[1]) if len(sys.argv) > 1 else 1.6
timeout_minutes = float(sys.argv[2]) if len(sys.argv) > 2 else 10
gateway = os.environ.get("MLOPS_GATEWAY", "http://localhost:8080")
key = os.environ.get("MLOPS_ADMIN_KEY") or open(os.path.join(root, ".mlops/data/admin-key")).read().strip()
model = "credit-default"
numeric = ["age", "income", "employment_years", "loan_amount", "credit_utilization", "late_payments_12m", "debt_to_income"]
data_file = os.path.join(root, "services/trainer/DemoData/credit-default.csv")


def call(method, path, body=None, content_type="application/json"):
    data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
    request = urllib.request.Request(gateway + path, data=data, method=method,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            text = response.read()
            return json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        raise SystemExit(f"{method} {path} answered {error.code}: {error.read().decode(errors='replace')[:500]}")


def shifted_rows():
    rows = list(csv.DictReader(open(data_file)))
    for row in rows:
        row["income"] = f"{float(row['income']) * factor:.2f}"
    return rows


def load_shifted_training_data(rows):
    """The fresh data with its labels, as the demo pipeline's next load (what a retrain reads: the latest load)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()))
    writer.writeheader()
    writer.writerows(rows)
    upload = call("POST", "/api/ingest/uploads?name=loans-shifted.csv", out.getvalue().encode(), "text/csv")
    pipeline = call("GET", "/api/ingest/pipelines/demo-loans")
    config = dict(pipeline["sourceConfig"], location={"type": "upload", "upload_id": upload["uploadId"]})
    call("PUT", "/api/ingest/pipelines/demo-loans", {"name": "demo-loans", "dataset": pipeline["dataset"],
                                                     "source": {"type": "files", "config": config}, "destination": {"type": "postgres"}})
    run = call("POST", "/api/ingest/pipelines/demo-loans/runs")
    while run["status"] not in ("succeeded", "failed", "cancelled"):
        time.sleep(1)
        run = call("GET", f"/api/ingest/pipelines/demo-loans/runs/{run['id']}")
    if run["status"] != "succeeded":
        raise SystemExit(f"loading the shifted data failed: {run.get('error')}")
    print(f"loaded {run['rowsRead']} applications with income x{factor} (labels kept) into demo.loans as load {run['loadId']}")


def score(rows, start, count):
    instances = []
    for row in (rows[(start + i) % len(rows)] for i in range(count)):
        instance = {name: float(row[name]) for name in numeric}
        instance.update(home_ownership=row["home_ownership"], purpose=row["purpose"])
        instances.append(instance)
    return call("POST", f"/api/inference/v1/models/{model}:predict", {"instances": instances})


def drift_incident():
    items = call("GET", "/api/incident/incidents?limit=50")["items"]
    return next((i for i in items if i["source"] == "drift" and model in i["title"]), None)


def champion():
    return call("GET", f"/api/registry/models/{model}/aliases/champion")["version"]


if factor == 1:
    rows = list(csv.DictReader(open(data_file)))[-1000:]
    for start in range(0, 1000, 100):
        score(rows, start, 100)
    print("scored 1000 unshifted applications; the window's report appears at /api/drift/reports")
    sys.exit(0)

rows = shifted_rows()
first_champion = champion()
print(f"champion of {model}: v{first_champion}")
load_shifted_training_data(rows)
started, sent, seen, incident = time.monotonic(), 0, 0, None
# Small requests, so the canary's traffic share splits them; each window of the monitor is 1,000 rows.
while time.monotonic() - started < timeout_minutes * 60:
    score(rows, sent, 10)
    sent += 10
    if sent % 200:
        continue
    incident = incident or drift_incident()
    if incident is None:
        continue
    timeline = call("GET", f"/api/incident/incidents/{incident['id']}/timeline")
    for entry in timeline[seen:]:
        print(f"  {entry['at'][11:19]}  {entry['kind']:<18} {entry['summary']}")
    seen = len(timeline)
    incident = call("GET", f"/api/incident/incidents/{incident['id']}")
    if incident["status"] == "resolved":
        print(f"resolved after {time.monotonic() - started:.0f} s and {sent} scored applications: {incident['resolution']}")
        print(f"champion of {model}: v{first_champion} -> v{champion()}; incident page: {gateway}/api/incident/incidents/{incident['id']}/page")
        sys.exit(0)
raise SystemExit(f"not resolved within {timeout_minutes} minutes" + (f"; see {gateway}/api/incident/incidents/{incident['id']}/page" if incident else ""))
