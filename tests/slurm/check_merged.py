#!/usr/bin/python3
"""Checks a sweep's merged table (DIR/summary.csv) against the individual HDF5 files and logs.

usage: check_merged.py DIR EXPECTED_ROWS [COLLECT_OUTPUT] [--ranks N]

For every row: the file's root attributes name the row's seed and rank count, its stored
configuration holds the row's parameter values; the figures (read by collect from /summary) match
a recomputation from the file's /jobs and /clusters datasets here and the summary table fleetsim
itself (sim/io/summary.cc) printed into the task's log, at that table's precision. Every manifest point is either a row or named in the
collect output as not complete. Exits 1 with one line per mismatch.
"""
import csv
import math
import os
import re
import sys

import h5py
import numpy as np

problems = []


def fail(msg):
    problems.append(msg)


def config_value(config_text, option):
    """The value of section.key (or a top-level key) in fleetsim's resolved INI config."""
    section, _, key = option.rpartition(".")
    current = ""
    for line in config_text.splitlines():
        line = line.strip()
        m = re.fullmatch(r"\[(.+)\]", line)
        if m:
            current = m.group(1)
            continue
        m = re.fullmatch(r"([\w.]+)\s*=\s*(.*)", line)
        if m and current == section and m.group(1) == key:
            return m.group(2)
    return None


def same_value(a, b):
    try:
        return float(a) == float(b)
    except ValueError:
        return a == b


def printed_table(log_path):
    """{label: cell} of the table fleetsim printed (one layout column) in a task's log."""
    table = {}
    with open(log_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"^(\S.*?)\s{2,}(\S.*?)\s*$", line)
            if m:
                table[m.group(1)] = m.group(2)
    return table


def latest_logs(d):
    """task -> log file of the last submission that ran it."""
    logs = {}
    with open(os.path.join(d, "submissions.tsv"), encoding="utf-8") as f:
        for line in f:
            job, spec, _, kind = line.rstrip("\n").split("\t")
            for part in spec.split("%")[0].split(","):
                a, _, b = part.partition("-")
                for t in range(int(a), int(b or a) + 1):
                    logs[t] = os.path.join(d, "logs", f"{job}_{t}.out" if kind == "slurm"
                                           else f"local-{t}.out")
    return logs


def check_row(d, row, columns, log, ranks):
    name = row["point"]
    path = os.path.join(d, row["file"])
    with h5py.File(path, "r") as f:
        a = f.attrs
        if int(a["seed"]) != int(row["seed"]):
            fail(f"{name}: file seed {a['seed']} != row seed {row['seed']}")
        if ranks and int(a["ranks"]) != ranks:
            fail(f"{name}: file written by {a['ranks']} rank(s), expected {ranks}")
        for opt in columns:
            if row[opt] and not same_value(config_value(a["config"], opt) or "", row[opt]):
                fail(f"{name}: config {opt} = {config_value(a['config'], opt)!r}, row {row[opt]!r}")
        if a["layout"] != row["layout_name"]:
            fail(f"{name}: layout {a['layout']} != {row['layout_name']}")
        state = f["jobs/state"][()]
        useful = f["jobs/useful_gpu_seconds"][()]
        alloc = f["jobs/allocated_gpu_seconds"][()]
        busy = f["clusters/busy_gpu_seconds"][()]
        start, submit = f["jobs/start_time"][()], f["jobs/submit_time"][()]
        waits = np.sort((start[start >= 0] - submit[start >= 0]) / 3600)
        mine = {
            "jobs": len(f["jobs/id"]),
            "jobs_completed": int(np.count_nonzero(state == 0)),
            "jobs_started": len(waits),
            "node_failures": int(f["clusters/node_failures"][()].sum()),
            "interruptions": int(f["jobs/restarts"][()].sum()),
            "utilization": math.fsum(busy) / (int(a["total_gpus"]) * float(a["duration"])),
            "goodput": math.fsum(useful) / math.fsum(alloc) if math.fsum(alloc) else math.nan,
            "lost_gpu_hours": math.fsum(f["jobs/lost_gpu_seconds"][()]) / 3600,
            "wait_mean_h": math.fsum(waits) / len(waits) if len(waits) else math.nan,
        }
        # Nearest rank, written out here: the k-th smallest, k = ceil(p n / 100).
        for p in (50, 90, 99, 100):
            key = "wait_max_h" if p == 100 else f"wait_p{p}_h"
            mine[key] = waits[-(-p * len(waits) // 100) - 1] if len(waits) else math.nan
    for k, v in mine.items():
        got = float(row[k]) if row[k] != "" else math.nan
        if not (math.isclose(got, v, rel_tol=1e-9, abs_tol=1e-12)
                or (math.isnan(got) and math.isnan(v))):
            fail(f"{name}: {k} = {got} in the table, {v} from the file")

    # fleetsim's own table in the log, at its printed precision.
    printed = printed_table(log)
    if f"{ranks} rank(s)" not in open(log, encoding="utf-8", errors="replace").read():
        fail(f"{name}: log {log} does not say fleetsim ran on {ranks} rank(s)")

    def u(key, fmt, scale=1):  # the cell as fleetsim prints it; NaN (empty cell) as "-"
        return fmt % (scale * float(row[key])) if row[key] != "" else "-"

    expect = {
        "jobs submitted": row["jobs"], "jobs completed": row["jobs_completed"],
        "utilization (busy GPU-time)": u("utilization", "%.1f%%", 100),
        "goodput (useful / allocated)": u("goodput", "%.1f%%", 100),
        "queue wait mean (h)": u("wait_mean_h", "%.2f"),
        "queue wait p50 (h)": u("wait_p50_h", "%.2f"),
        "queue wait p90 (h)": u("wait_p90_h", "%.2f"),
        "queue wait p99 (h)": u("wait_p99_h", "%.2f"),
        "queue wait max (h)": u("wait_max_h", "%.2f"),
        "mean bounded slowdown (10 s)": u("bounded_slowdown_mean", "%.2f"),
        "GPU-hours lost to failures": u("lost_gpu_hours", "%.4g"),
        "node failures": row["node_failures"], "job interruptions": row["interruptions"],
        "largest job (GPUs requested)": row["largest_job_gpus"],
        "time to train largest job":
            "-" if row["largest_job_id"] == "-1"
            else u("largest_job_days", "%.1f d") if row["largest_job_projected"] == "0"
            else "rejected" if row["largest_job_state"] == "3"
            else u("largest_job_progress", "unfinished %.0f%%", 100),
        "jobs shrunk to fit": row["jobs_shrunk"], "jobs rejected": row["jobs_rejected"],
        "layout": row["layout_name"],
    }
    for label, want in expect.items():
        if printed.get(label) != str(want):
            fail(f"{name}: fleetsim printed {label} = {printed.get(label)!r}, merged table "
                 f"gives {want!r}")


def main():
    args = [x for x in sys.argv[1:] if not x.startswith("--ranks")]
    ranks = int(next((x.split("=")[1] for x in sys.argv[1:] if x.startswith("--ranks=")), 0))
    d, expected_rows = args[0], int(args[1])
    collect_out = open(args[2], encoding="utf-8").read() if len(args) > 2 else ""
    with open(os.path.join(d, "manifest.csv"), newline="", encoding="utf-8") as f:
        manifest = list(csv.DictReader(f))
    columns = list(manifest[0].keys())[3:-1]
    with open(os.path.join(d, "summary.csv"), newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if len(rows) != expected_rows:
        fail(f"summary.csv has {len(rows)} rows, expected {expected_rows}")
    logs = latest_logs(d)
    in_table = {r["point"] for r in rows}
    for m in manifest:
        if m["point"] in in_table:
            continue
        # A point left out of the table must be in collect's list, and not as complete.
        line = next((ln for ln in collect_out.splitlines()
                     if re.match(rf"^{m['task']}\s+{m['point']}\s", ln)), None)
        if line is None or " complete " in line:
            fail(f"point {m['point']} (task {m['task']}) is neither in the table nor reported: "
                 f"{line!r}")
    for row in rows:
        check_row(d, row, columns, logs[int(row["task"])], ranks)
    for p in problems:
        print(f"check_merged: {p}")
    if not problems:
        print(f"check_merged: {len(rows)} rows match their files and fleetsim's printed tables")
    return 1 if problems else 0


sys.exit(main())
