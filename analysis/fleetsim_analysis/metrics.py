"""Figures of one run, read from the /summary fleetsim wrote (docs/output.md defines them; none is
computed again here), plus the per-job waits the CDF figure draws and the cost, which rests on
this kit's assumptions (cost.py)."""
import math

from .cost import CostModel
from .load import clusters_frame, summary


def queue_waits(run):
    """Queue wait of every job that started, in hours (the distribution behind /summary's wait
    figures, for the CDF)."""
    jobs = run.table("jobs")
    started = jobs["start_time"] >= 0
    return ((jobs["start_time"] - jobs["submit_time"])[started] / 3600.0).to_numpy()


def run_metrics(run, cost=CostModel()):
    """One run's headline figures as {name: value}: every /summary field under its own name, plus
    `clusters` (root attribute) and `cost_per_useful_gpu_hour` (cost model / useful GPU-hours;
    NaN without useful work). Raises SchemaError for a file without /summary (schema < 4)."""
    out = summary(run)
    useful_h = out["useful_gpu_hours"]
    cost_usd = cost.run_cost(clusters_frame(run), run.duration)
    out["clusters"] = int(run.attrs["clusters"])
    out["cost_per_useful_gpu_hour"] = cost_usd / useful_h if useful_h > 0 else math.nan
    return out
