"""slurm/collect: check every point of a sweep, print the list, merge complete points' figures."""

import csv
import math
import os
import time
from collections import Counter

from . import slurm_state
from .manifest import array_spec
from .status import format_list, point_states
from .summary import figure_columns


def wait_for_slurm(sd, poll):
    """Blocks while any array job of the sweep has a pending or running task."""
    jobs = {job for job, _, kind in sd.submissions() if kind == "slurm"}
    last = None
    while True:
        active = slurm_state.active_tasks(jobs)
        if not active:
            return
        counts = ", ".join(f"{n} {st.lower()}" for st, n in sorted(Counter(active.values()).items()))
        if counts != last:  # one line per change, not per poll
            print(f"collect: waiting for job(s) {', '.join(sorted({j for j, _ in active}))}: "
                  f"{counts}", flush=True)
            last = counts
        time.sleep(poll)


def write_table(sd, states, path):
    """One row per complete point: task, point, seed, the grid's options, file, then the run's
    identity and its /summary figures (sweeplib.summary)."""
    tmp = path + ".partial"
    figures = figure_columns(s.figures for s in states if s.complete)
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["task", "point", "seed", *sd.columns, "file", *figures])
        for s in states:
            if not s.complete:
                continue
            p = s.point
            cells = []
            for k in figures:
                v = s.figures.get(k, "")
                # Full precision (repr); NaN (a figure over an empty sample): empty cell.
                cells.append("" if isinstance(v, float) and math.isnan(v) else
                             repr(v) if isinstance(v, float) else v)
            w.writerow([p.task, p.point, p.seed, *[p.params.get(c, "") for c in sd.columns],
                        p.file, *cells])
    os.replace(tmp, path)


def report(sd, table_path, query_slurm=True):
    """Prints every point's state, writes the merged table; returns 0 if all are complete."""
    states = point_states(sd, query_slurm)
    print(format_list(states, sd.columns))
    counts = Counter(s.state for s in states)
    write_table(sd, states, table_path)
    n_done = counts.get("complete", 0)
    print(f"\n{n_done} of {len(states)} points complete"
          + "".join(f", {n} {st}" for st, n in sorted(counts.items()) if st != "complete"))
    print(f"merged table of the {n_done} complete points: {table_path}")
    retry = [s.point.task for s in states if s.resubmittable]
    if retry:
        print(f"not complete and not queued: task(s) {array_spec(retry)}; rerun them "
              f"with: slurm/resubmit {sd.path}  (or slurm/run-local {sd.path})")
    return 0 if n_done == len(states) else 1
