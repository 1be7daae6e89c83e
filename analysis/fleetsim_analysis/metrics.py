"""Figures of one run, read from the /summary fleetsim wrote (docs/output.md defines them; none is
computed again here, the cost included: fleetsim computes it from the network and the [cost]
options), plus the per-job waits the CDF figure draws."""
import math

from .load import largest_jobs_frame, summary

# Where the largest job's time went (/summary_largest_jobs row 0, schema 7): report keys.
LARGEST_JOB_PARTS = ("goodput", "waiting_days", "held_days", "computing_days",
                     "communicating_days", "checkpointing_days", "lost_days", "slowed_days")


def queue_waits(run):
    """Queue wait of every job that started, in hours (the distribution behind /summary's wait
    figures, for the CDF)."""
    jobs = run.table("jobs")
    started = jobs["start_time"] >= 0
    return ((jobs["start_time"] - jobs["submit_time"])[started] / 3600.0).to_numpy()


def run_metrics(run):
    """One run's headline figures as {name: value}: every /summary field under its own name, plus
    `clusters` (root attribute). Raises SchemaError for a file without /summary (schema < 4); a
    file of schema 4 has no cost fields (NaN here)."""
    out = summary(run)
    out["clusters"] = int(run.attrs["clusters"])
    top = largest_jobs_frame(run)
    for part in LARGEST_JOB_PARTS:  # NaN before schema 7, or without any job
        key = "largest_job_" + part
        out[key] = float(top[part].iloc[0]) if part in top and len(top) else math.nan
    return out
