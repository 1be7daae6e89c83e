"""Figures of one run, computed from its datasets; definitions as in docs/output.md."""
import math

import numpy as np

from .cost import CostModel
from .load import clusters_frame, jobs_frame


def nearest_rank(values, q):
    """Smallest value with at least a share q of the sample at or below it (as fleetsim's
    summary table)."""
    v = np.sort(np.asarray(values, dtype=float))
    if v.size == 0:
        return math.nan
    k = max(0, math.ceil(q * v.size) - 1)
    return float(v[k])


def queue_waits(run):
    """Queue waits of the jobs that started, in hours."""
    jobs = run.table("jobs")
    started = jobs["start_time"] >= 0
    return ((jobs["start_time"] - jobs["submit_time"])[started] / 3600.0).to_numpy()


def job_ettr(run):
    """Effective training time ratio of each completed job: time computing work that was kept
    (useful GPU-seconds / GPUs held) over the wall time from its first start to its end, which
    includes checkpoints, lost work, restarts and waits in the queue after interruptions.
    Returns jobs_frame rows of completed jobs with an `ettr` column."""
    jobs = jobs_frame(run)
    done = jobs[(jobs["state"] == 0) & (jobs["end_time"] > jobs["start_time"])].copy()
    done["ettr"] = (done["useful_gpu_seconds"] / done["gpus_allocated"]) / (
        done["end_time"] - done["start_time"])
    return done


def time_to_train(run, k=5):
    """The k largest jobs (most GPUs requested, then lowest id): days from submission to the end
    of training. Unfinished ones are projected from their share of work done
    ((run end - submit) / share) and flagged `projected`."""
    jobs = jobs_frame(run)
    top = jobs.sort_values(["gpus_requested", "id"], ascending=[False, True]).head(k).copy()
    work = top["gpus_allocated"] * top["runtime"]
    progress = np.where(work > 0, np.minimum(1.0, top["useful_gpu_seconds"] / work), 0.0)
    done = top["state"] == 0
    elapsed = run.duration - top["submit_time"]
    with np.errstate(divide="ignore", invalid="ignore"):
        projected = np.where(progress > 0, elapsed / progress, np.nan)
    top["progress"] = np.where(done, 1.0, progress)
    top["days"] = np.where(done, top["end_time"] - top["submit_time"], projected) / 86400.0
    top["projected"] = ~done
    return top


def run_metrics(run, cost=CostModel(), k_largest=5):
    """One run's headline figures, as {name: value}."""
    jobs = run.table("jobs")
    clusters = clusters_frame(run)
    waits = queue_waits(run)
    useful = float(jobs["useful_gpu_seconds"].sum())
    allocated = float(jobs["allocated_gpu_seconds"].sum())
    ettr = job_ettr(run)
    gangs = ettr[ettr["gpus"] >= 16]
    largest = time_to_train(run, 1)
    cost_usd = cost.run_cost(clusters, run.duration)
    return {
        "clusters": len(clusters),
        "largest_cluster_gpus": int(clusters["gpus"].max()),
        "jobs": len(jobs),
        "jobs_completed": int((jobs["state"] == 0).sum()),
        "utilization": float(clusters["busy_gpu_seconds"].sum()) / (run.total_gpus * run.duration),
        "goodput": useful / allocated if allocated > 0 else math.nan,
        "ettr_gangs": float(gangs["ettr"].mean()) if len(gangs) else math.nan,
        "wait_mean_h": float(waits.mean()) if waits.size else math.nan,
        "wait_p50_h": nearest_rank(waits, 0.5),
        "wait_p99_h": nearest_rank(waits, 0.99),
        "gpu_hours_lost": float(jobs["lost_gpu_seconds"].sum()) / 3600.0,
        "node_failures": int(clusters["node_failures"].sum()),
        "interruptions": int(jobs["restarts"].sum()),
        "largest_job_days": float(largest["days"].iloc[0]) if len(largest) else math.nan,
        f"largest_{k_largest}_days_mean": float(time_to_train(run, k_largest)["days"].mean()),
        "cost_per_useful_gpu_hour": cost_usd / (useful / 3600.0) if useful > 0 else math.nan,
    }
