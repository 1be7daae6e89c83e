"""What each schema version of a fleetsim output file holds (docs/output.md).

A file is read only when its `schema_version` root attribute is one listed here; every dataset of
the required groups must be present. Optional groups are checked when asked for.
"""


class SchemaError(Exception):
    """A file that is not a readable fleetsim output: the message names the file and the cause."""


JOBS = ("id", "cluster", "tenant", "job_class", "gpus_requested", "gpus", "gpus_allocated",
        "shrunk", "state", "restarts", "submit_time", "start_time", "end_time", "runtime",
        "time_limit", "useful_gpu_seconds", "lost_gpu_seconds", "checkpoint_gpu_seconds",
        "allocated_gpu_seconds")
FAILURES = ("time", "detected_time", "repair_duration", "node", "pod", "cluster",
            "jobs_interrupted", "lost_gpu_seconds")
TIMELINE = ("time", "cluster", "busy_gpus", "idle_gpus", "failed_gpus", "queued_gpus",
            "queued_jobs", "running_jobs")
CLUSTERS = ("cluster", "pods", "gpus", "busy_gpu_seconds", "failed_gpu_seconds",
            "interruptions", "node_failures")
JOBS_V3 = JOBS + ("recorded_outcome",)
POD_TIMELINE = ("time", "pod", "cluster", "busy_gpus", "idle_gpus", "failed_gpus")
JOB_EVENTS = ("time", "job", "cluster", "kind", "gpus")

ROOT_ATTRIBUTES = ("schema_version", "seed", "layout", "duration", "total_gpus", "clusters",
                   "config")

# version -> {group: (fields, required)}
SCHEMAS = {
    1: {"jobs": (JOBS, True), "failures": (FAILURES, True), "timeline": (TIMELINE, True),
        "clusters": (CLUSTERS, True)},
    2: {"jobs": (JOBS, True), "failures": (FAILURES, True), "timeline": (TIMELINE, True),
        "clusters": (CLUSTERS, True),
        # Present unless output.pod_timeline = false / only with output.event_log = true.
        "pod_timeline": (POD_TIMELINE, False), "job_events": (JOB_EVENTS, False)},
    # 3: /jobs/recorded_outcome; states 4 and 5 (trace.replay_outcomes).
    3: {"jobs": (JOBS_V3, True), "failures": (FAILURES, True), "timeline": (TIMELINE, True),
        "clusters": (CLUSTERS, True),
        "pod_timeline": (POD_TIMELINE, False), "job_events": (JOB_EVENTS, False)},
}
SUPPORTED_VERSIONS = tuple(sorted(SCHEMAS))

JOB_CLASSES = {0: "single", 1: "node", 2: "gang", 3: "large gang", 4: "frontier", 5: "trace"}
JOB_STATES = {0: "completed", 1: "running", 2: "queued", 3: "rejected",
              4: "failed (as traced)", 5: "cancelled (as traced)"}
RECORDED_OUTCOMES = {-1: "unknown", 0: "completed", 1: "failed", 2: "cancelled"}
EVENT_KINDS = {0: "submit", 1: "start", 2: "interrupt", 3: "complete"}
