"""Offline analysis of fleetsim's HDF5 output files.

The API returns pandas DataFrames, for notebooks:

    from fleetsim_analysis import load_run, jobs_frame, timeline_frame, summary
    run = load_run("fleetsim-compare/giant.h5")
    jobs = jobs_frame(run)               # one row per job, columns as in docs/output.md
    tl = timeline_frame(run)             # per cluster and sample time
    figures = summary(run)               # the headline figures fleetsim wrote (/summary)

`analysis/report` builds the Markdown report with figures from one run, a `compare` directory
or a sweep directory (many runs and seeds).
"""
from .schema import SchemaError, SUPPORTED_VERSIONS
from .load import (Run, load_run, load_runs, find_run_files, jobs_frame, timeline_frame,
                   pod_timeline_frame, failures_frame, clusters_frame, events_frame, summary,
                   summary_by_class_frame, largest_jobs_frame, fabric_frame,
                   failures_by_component_frame, field_descriptions)
from .metrics import run_metrics, queue_waits

__all__ = [
    "SchemaError", "SUPPORTED_VERSIONS", "Run", "load_run", "load_runs", "find_run_files",
    "jobs_frame", "timeline_frame", "pod_timeline_frame", "failures_frame", "clusters_frame",
    "events_frame", "summary", "summary_by_class_frame", "largest_jobs_frame",
    "fabric_frame", "failures_by_component_frame", "field_descriptions", "run_metrics",
    "queue_waits",
]
