#!/usr/bin/env python3
"""Re-derives the defaults that cite ../shared/data from the files themselves, so a source
comment cannot drift from its source. Exits 77 (ctest: skipped) when the data is absent.

  FLEETSIM_DATA_DIR=../shared/data tests/check_published_defaults.py
"""
import csv
import json
import math
import os
import statistics
import sys

here = os.path.dirname(os.path.abspath(__file__))
data = os.environ.get("FLEETSIM_DATA_DIR", os.path.join(here, "..", "..", "shared", "data"))
stepfun = os.path.join(data, "failures", "stepfun-2024", "fault_trace.json")
acme = os.path.join(data, "reference", "acme_cluster_summary.csv")
if not (os.path.exists(stepfun) and os.path.exists(acme)):
    print(f"SKIP: real data not found under {data} (set FLEETSIM_DATA_DIR)")
    sys.exit(77)

failed = 0


def check(what, got, want, rel=0.01):
    global failed
    ok = abs(got - want) <= rel * abs(want)
    print(f"{'ok  ' if ok else 'FAIL'} {what}: data {got:.4g}, default {want:.4g}")
    failed += not ok


# sim/model/config.h: repair median 20.4 h, mean 132.8 h, lognormal sigma 1.94.
events = sorted(json.load(open(stepfun)), key=lambda e: e["event_time"])
open_faults, repairs_h = {}, []
for e in events:
    if e["event_type"] == "fault_start":
        open_faults.setdefault(e["node_id"], []).append(e["event_time"])
    else:
        repairs_h.append((e["event_time"] - open_faults[e["node_id"]].pop(0)) * 24)
check("StepFun faults with an end", len(repairs_h), 584, 0)
median, mean = statistics.median(repairs_h), statistics.mean(repairs_h)
check("StepFun median repair (h)", median, 20.4)
check("StepFun mean repair (h)", mean, 132.8)
check("lognormal sigma from median and mean", math.sqrt(2 * math.log(mean / median)), 1.94)

# traces/synthetic.cc: small-job runtimes from Helios' GPU jobs.
helios = next(r for r in csv.DictReader(open(acme)) if r["id"] == "Helios")
check("Helios median GPU-job runtime (s)", float(helios["med_run_time_gpu"]), 206.0)
check("Helios mean GPU-job runtime (s)", float(helios["avg_run_time_gpu"]), 6651.7)
check("Helios longest GPU job (s)", float(helios["max_run_time_gpu"]), 4320009.0)
check("lognormal sigma from Helios", math.sqrt(2 * math.log(6651.681 / 206.0)), 2.64)
print(f"{failed} failed")
sys.exit(1 if failed else 0)
