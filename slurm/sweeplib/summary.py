"""The summary figures of one fleetsim HDF5 file, as sim/io/summary.cc computes them.

docs/output.md "The summary table" defines them; the names are the merged table's columns.
The Slurm test checks these values against the table fleetsim itself printed for each point.
"""

import math

import h5py
import numpy as np

# Column order of the merged table (after task, point, seed, the grid's options, file).
FIGURES = [
    "layout_name", "clusters", "total_gpus", "duration_days", "jobs", "completed", "running",
    "queued", "rejected", "shrunk", "utilization", "goodput", "wait_mean_h", "wait_p50_h",
    "wait_p99_h", "bounded_slowdown", "lost_gpu_hours", "node_failures", "interruptions",
    "largest_gpus", "largest_days", "largest_progress",
]


def _nearest_rank(sorted_values, q):
    """The smallest value with at least q of the sample at or below it (summary.cc's quantile)."""
    if len(sorted_values) == 0:
        return 0.0
    k = math.ceil(q * len(sorted_values)) - (1 if q > 0 else 0)
    return float(sorted_values[k])


def summarize(path):
    """{figure: value} for one file; raises OSError/KeyError when the file is not a whole run."""
    with h5py.File(path, "r") as f:
        a = f.attrs
        jobs = {k: f["jobs"][k][()] for k in (
            "state", "gpus_requested", "gpus_allocated", "shrunk", "restarts", "submit_time",
            "start_time", "end_time", "runtime", "useful_gpu_seconds", "lost_gpu_seconds",
            "allocated_gpu_seconds")}
        busy = f["clusters"]["busy_gpu_seconds"][()]
        failures = f["clusters"]["node_failures"][()]
        duration = float(a["duration"])
        total_gpus = int(a["total_gpus"])
        out = {"layout_name": str(a["layout"]), "clusters": int(a["clusters"]),
               "total_gpus": total_gpus, "duration_days": duration / 86400}

    state = jobs["state"]
    start, submit, end = jobs["start_time"], jobs["submit_time"], jobs["end_time"]
    done = state == 0
    started = start >= 0
    alloc_sum = float(jobs["allocated_gpu_seconds"].sum())
    waits = np.sort((start[started] - submit[started]) / 3600.0)
    bsld = np.maximum(1.0, (end[done] - submit[done]) / np.maximum(end[done] - start[done], 10.0))
    out.update(
        jobs=int(state.size), completed=int(done.sum()), running=int((state == 1).sum()),
        queued=int((state == 2).sum()), rejected=int((state == 3).sum()),
        shrunk=int(jobs["shrunk"].sum()),
        utilization=float(busy.sum()) / (total_gpus * duration),
        goodput=float(jobs["useful_gpu_seconds"].sum()) / alloc_sum if alloc_sum > 0 else 0.0,
        wait_mean_h=float(waits.mean()) if waits.size else 0.0,
        wait_p50_h=_nearest_rank(waits, 0.5), wait_p99_h=_nearest_rank(waits, 0.99),
        bounded_slowdown=float(bsld.mean()) if bsld.size else 0.0,
        lost_gpu_hours=float(jobs["lost_gpu_seconds"].sum()) / 3600.0,
        node_failures=int(failures.sum()), interruptions=int(jobs["restarts"].sum()),
    )
    # Largest job: most GPUs requested, lowest id among equals (argmax returns the first).
    req = jobs["gpus_requested"]
    if req.size and req.max() > 0:
        i = int(np.argmax(req))
        work = float(jobs["gpus_allocated"][i]) * float(jobs["runtime"][i])
        out.update(
            largest_gpus=int(req[i]),
            # Days from submission to completion; empty (NaN) when it did not complete.
            largest_days=float(end[i] - submit[i]) / 86400 if state[i] == 0 else float("nan"),
            largest_progress=min(1.0, float(jobs["useful_gpu_seconds"][i]) / work)
            if work > 0 else 0.0)
    else:
        out.update(largest_gpus=0, largest_days=float("nan"), largest_progress=0.0)
    return out


def seed_of(path):
    with h5py.File(path, "r") as f:
        return int(f.attrs["seed"])
