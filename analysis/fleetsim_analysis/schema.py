"""What each schema version of a fleetsim output file holds (docs/output.md).

A file is read only when its `schema_version` root attribute is one listed here; every dataset of
the required groups must be present. Optional groups are checked when asked for.

The current version's fields, with their types and units, are a copy of the declarations the
writer uses (sim/io/columns.cc); analysis/tests/test_schema_sync.py checks this copy against
`fleetsim_schema`'s JSON, so it cannot drift. Older versions are derived from it below.
"""


class SchemaError(Exception):
    """A file that is not a readable fleetsim output: the message names the file and the cause."""


CURRENT_VERSION = 11

# (name, type, units) of every root attribute, in declaration order.
ROOT = (
    ("fleetsim_version", "string", "text"), ("schema_version", "int64", "1"),
    ("seed", "int64", "1"), ("layout", "string", "text"),
    ("layout_description", "string", "text"), ("ranks", "int64", "1"),
    ("threads", "int64", "1"), ("partitioner", "string", "text"), ("duration", "float64", "s"),
    ("total_gpus", "int64", "GPU"), ("clusters", "int64", "1"), ("events", "int64", "1"),
    ("windows", "int64", "1"), ("config", "string", "text"), ("complete", "int64", "bool"),
)

# group -> (((name, type, units), ...), required), in declaration order.
CURRENT = {
    "jobs": ((
        ("id", "int64", "1"), ("cluster", "int32", "1"), ("tenant", "int32", "1"),
        ("job_class", "int8", "enum"), ("gpus_requested", "int32", "GPU"),
        ("gpus", "int32", "GPU"), ("gpus_allocated", "int32", "GPU"), ("shrunk", "int8", "bool"),
        ("state", "int8", "enum"), ("recorded_outcome", "int8", "enum"),
        ("restarts", "int32", "1"), ("submit_time", "float64", "s"),
        ("start_time", "float64", "s"), ("end_time", "float64", "s"),
        ("runtime", "float64", "s"), ("time_limit", "float64", "s"),
        ("useful_gpu_seconds", "float64", "GPU*s"), ("lost_gpu_seconds", "float64", "GPU*s"),
        ("checkpoint_gpu_seconds", "float64", "GPU*s"), ("degraded", "float64", "s"),
        ("contended", "float64", "s"), ("model", "int8", "enum"), ("step_time", "float64", "s"), ("mfu", "float64", "1"),
        ("exposed_comm_share", "float64", "1"),
        ("qos", "int8", "enum"), ("preemptions", "int32", "1"),
        ("preempted_gpu_seconds", "float64", "GPU*s"),
        ("sites", "int32", "1"), ("held_gpu_seconds", "float64", "GPU*s"),
        ("moves", "int32", "1"), ("partition", "int8", "enum"),
        ("switch_wait", "float64", "s"),
        ("elastic_shrinks", "int32", "1"), ("elastic_grows", "int32", "1"),
        ("elastic_shrunk_gpu_seconds", "float64", "GPU*s"),
        ("migrations", "int32", "1"), ("migrate_seconds", "float64", "s"),
        ("allocated_gpu_seconds", "float64", "GPU*s"),
    ), True),
    "failures": ((
        ("time", "float64", "s"), ("detected_time", "float64", "s"),
        ("repair_duration", "float64", "s"), ("node", "int32", "1"), ("pod", "int32", "1"),
        ("cluster", "int32", "1"), ("jobs_interrupted", "int32", "1"),
        ("lost_gpu_seconds", "float64", "GPU*s"), ("component", "int8", "enum"),
        ("tier", "int8", "1"), ("leaf_group", "int32", "1"), ("nodes_down", "int32", "1"),
        ("gpus_hit", "int64", "GPU"), ("jobs_slowed", "int32", "1"),
    ), True),
    "timeline": ((
        ("time", "float64", "s"), ("cluster", "int32", "1"), ("busy_gpus", "int64", "GPU"),
        ("idle_gpus", "int64", "GPU"), ("failed_gpus", "int64", "GPU"),
        ("queued_gpus", "int64", "GPU"), ("queued_jobs", "int32", "1"),
        ("running_jobs", "int32", "1"), ("fragmented_gpus", "int64", "GPU"),
    ), True),
    # Present unless output.pod_timeline = false.
    "pod_timeline": ((
        ("time", "float64", "s"), ("pod", "int32", "1"), ("cluster", "int32", "1"),
        ("busy_gpus", "int64", "GPU"), ("idle_gpus", "int64", "GPU"),
        ("failed_gpus", "int64", "GPU"),
    ), False),
    # Only with output.event_log = true.
    "job_events": ((
        ("time", "float64", "s"), ("job", "int64", "1"), ("cluster", "int32", "1"),
        ("kind", "int8", "enum"), ("gpus", "int32", "GPU"),
    ), False),
    "clusters": ((
        ("cluster", "int32", "1"), ("pods", "int32", "1"), ("gpus", "int64", "GPU"),
        ("busy_gpu_seconds", "float64", "GPU*s"), ("failed_gpu_seconds", "float64", "GPU*s"),
        ("interruptions", "int64", "1"), ("node_failures", "int64", "1"),
    ), True),
    "summary": ((
        ("jobs", "int64", "1"), ("jobs_completed", "int64", "1"), ("jobs_running", "int64", "1"),
        ("jobs_queued", "int64", "1"), ("jobs_rejected", "int64", "1"),
        ("jobs_ended_as_recorded", "int64", "1"), ("jobs_shrunk", "int64", "1"),
        ("jobs_started", "int64", "1"), ("utilization", "float64", "1"),
        ("goodput", "float64", "1"), ("useful_gpu_hours", "float64", "GPU*h"),
        ("lost_gpu_hours", "float64", "GPU*h"), ("wait_mean_h", "float64", "h"),
        ("wait_p50_h", "float64", "h"), ("wait_p90_h", "float64", "h"),
        ("wait_p99_h", "float64", "h"), ("wait_max_h", "float64", "h"),
        ("bounded_slowdown_mean", "float64", "1"), ("ettr_gangs_mean", "float64", "1"),
        ("interruptions", "int64", "1"), ("node_failures", "int64", "1"),
        ("largest_cluster_gpus", "int64", "GPU"), ("largest_job_id", "int64", "1"),
        ("largest_job_gpus", "int64", "GPU"), ("largest_job_state", "int8", "enum"),
        ("largest_job_progress", "float64", "1"), ("largest_job_days", "float64", "d"),
        ("largest_job_projected", "int8", "bool"), ("largest_jobs_days_mean", "float64", "d"),
        ("network_modelled", "int8", "bool"), ("servers", "int64", "1"),
        ("leaf_switches", "int64", "1"), ("spine_switches", "int64", "1"),
        ("core_switches", "int64", "1"), ("tier4_switches", "int64", "1"),
        ("switches", "int64", "1"), ("links", "int64", "1"), ("optical_links", "int64", "1"),
        ("transceivers", "int64", "1"), ("capex_usd", "float64", "USD"),
        ("network_capex_usd", "float64", "USD"), ("it_power_mw", "float64", "MW"),
        ("network_power_mw", "float64", "MW"), ("facility_power_mw", "float64", "MW"),
        ("energy_mwh", "float64", "MWh"), ("failures", "int64", "1"),
        ("manual_incidents", "float64", "1"), ("manual_incidents_per_day", "float64", "1/d"),
        ("capex_amortized_usd", "float64", "USD"), ("energy_usd", "float64", "USD"),
        ("operations_usd", "float64", "USD"), ("own_cost_usd", "float64", "USD"),
        ("usd_per_useful_gpu_hour", "float64", "USD/(GPU*h)"),
        ("own_usd_per_gpu_hour", "float64", "USD/(GPU*h)"), ("rent_usd", "float64", "USD"),
        ("break_even_utilization", "float64", "1"),
        ("degraded_gpu_hours", "float64", "GPU*h"),
        ("jobs_timed_out", "int64", "1"),
        ("contention_gpu_hours", "float64", "GPU*h"),
        ("preemptions", "int64", "1"), ("preempted_gpu_hours", "float64", "GPU*h"),
        ("jobs_spanning", "int64", "1"), ("held_gpu_hours", "float64", "GPU*h"),
        ("jobs_moved", "int64", "1"),
        ("jobs_waited_for_switches", "int64", "1"), ("switch_wait_hours", "float64", "h"),
        ("elastic_shrinks", "int64", "1"), ("elastic_grows", "int64", "1"),
        ("elastic_shrunk_gpu_hours", "float64", "GPU*h"),
        ("migrations", "int64", "1"), ("migrate_hours", "float64", "h"),
    ), True),
    "summary_by_class": ((
        ("job_class", "int8", "enum"), ("jobs", "int64", "1"), ("jobs_completed", "int64", "1"),
        ("lost_gpu_hours", "float64", "GPU*h"), ("ettr_mean", "float64", "1"),
    ), True),
    "summary_largest_jobs": ((
        ("job", "int64", "1"), ("gpus_requested", "int32", "GPU"), ("state", "int8", "enum"),
        ("progress", "float64", "1"), ("days", "float64", "d"), ("projected", "int8", "bool"),
        ("goodput", "float64", "1"), ("waiting_days", "float64", "d"),
        ("held_days", "float64", "d"), ("computing_days", "float64", "d"),
        ("communicating_days", "float64", "d"), ("checkpointing_days", "float64", "d"),
        ("lost_days", "float64", "d"), ("slowed_days", "float64", "d"),
    ), True),
    "fabric": ((
        ("cluster", "int32", "1"), ("gpus", "int64", "GPU"), ("servers", "int64", "1"),
        ("tiers", "int32", "1"), ("leaf_switches", "int64", "1"),
        ("spine_switches", "int64", "1"), ("core_switches", "int64", "1"),
        ("tier4_switches", "int64", "1"), ("switches", "int64", "1"), ("links", "int64", "1"),
        ("optical_links", "int64", "1"), ("transceivers", "int64", "1"),
        ("bisection_gbps_per_gpu", "float64", "Gb/s"), ("capex_usd", "float64", "USD"),
        ("network_capex_usd", "float64", "USD"), ("it_power_mw", "float64", "MW"),
        ("network_power_mw", "float64", "MW"), ("failures", "int64", "1"),
        ("manual_incidents_per_day", "float64", "1/d"),
    ), True),
    "failures_by_component": ((
        ("component", "int8", "enum"), ("failures", "int64", "1"),
        ("lost_gpu_hours", "float64", "GPU*h"), ("jobs_interrupted", "int64", "1"),
        ("jobs_slowed", "int64", "1"), ("nodes_down", "int64", "1"),
    ), True),
}

SUMMARY_GROUPS = ("summary", "summary_by_class", "summary_largest_jobs")

# From this version on a file is complete only with the root attribute `complete` = 1, which
# fleetsim writes last (sim/io/h5_reader.h kCompleteSinceSchema); older files predate it.
COMPLETE_SINCE = 6
COMPLETE_ATTRIBUTE = "complete"

# Root attributes a file must have to be read (every version has these).
ROOT_ATTRIBUTES = ("schema_version", "seed", "layout", "duration", "total_gpus", "clusters",
                   "config")


def _names(fields):
    return tuple(name for name, _, _ in fields)


# What version 9 added: fields of older groups ({group: names}).
# What version 11 added: fields of older groups ({group: names}).
V11_FIELDS = {"jobs": ("migrations", "migrate_seconds"),
              "summary": ("migrations", "migrate_hours")}

# What version 10 added, and with version 11's, what versions before 10 lack.
V10_ONLY = {"jobs": ("elastic_shrinks", "elastic_grows", "elastic_shrunk_gpu_seconds"),
            "summary": ("elastic_shrinks", "elastic_grows", "elastic_shrunk_gpu_hours")}
V10_FIELDS = {g: V10_ONLY.get(g, ()) + V11_FIELDS.get(g, ())
              for g in (*V10_ONLY, *(k for k in V11_FIELDS if k not in V10_ONLY))}

# What version 9 added, and with version 10's, what versions before 9 lack.
V9_ONLY = {"jobs": ("switch_wait",), "summary": ("jobs_waited_for_switches", "switch_wait_hours")}
V9_FIELDS = {g: V9_ONLY.get(g, ()) + V10_FIELDS.get(g, ())
             for g in (*V9_ONLY, *(k for k in V10_FIELDS if k not in V9_ONLY))}

# What version 8 added, and with version 9's, what versions before 8 lack.
V8_ONLY = {"jobs": ("partition",), "timeline": ("fragmented_gpus",)}
V8_FIELDS = {g: V8_ONLY.get(g, ()) + V9_FIELDS.get(g, ())
             for g in (*V8_ONLY, *(k for k in V9_FIELDS if k not in V8_ONLY))}

# What version 7 added, and with version 8's, what versions before 7 lack.
V7_ONLY = {
    "jobs": ("sites", "held_gpu_seconds", "moves"),
    "summary": ("jobs_spanning", "held_gpu_hours", "jobs_moved"),
    "summary_largest_jobs": ("goodput", "waiting_days", "held_days", "computing_days",
                             "communicating_days", "checkpointing_days", "lost_days",
                             "slowed_days"),
}

V7_FIELDS = {g: V7_ONLY.get(g, ()) + V8_FIELDS.get(g, ())
             for g in (*V7_ONLY, *(k for k in V8_FIELDS if k not in V7_ONLY))}

# What version 6 added, with version 7's: what versions before 6 lack.
V6_ONLY = {
    "jobs": ("contended", "qos", "preemptions", "preempted_gpu_seconds"),
    "summary": ("contention_gpu_hours", "preemptions", "preempted_gpu_hours"),
}
V6_FIELDS = {g: V6_ONLY.get(g, ()) + V7_FIELDS[g] for g in V7_FIELDS}

# What version 5 added: groups, and fields of older groups ({group: names}); with version 6's,
# what versions before 5 lack.
V5_GROUPS = ("fabric", "failures_by_component")
V5_FIELDS = {
    "jobs": ("degraded", "model", "step_time", "mfu", "exposed_comm_share") + V6_FIELDS["jobs"],
    "failures": ("component", "tier", "leaf_group", "nodes_down", "gpus_hit", "jobs_slowed"),
    "summary": tuple(n for n, _, _ in CURRENT["summary"][0][29:]),
    "summary_largest_jobs": V6_FIELDS["summary_largest_jobs"],
    "timeline": V6_FIELDS["timeline"],
}
assert V5_FIELDS["summary"][0] == "network_modelled"
assert V5_FIELDS["summary"][-len(V6_FIELDS["summary"]):] == V6_FIELDS["summary"]


def _version(drop_groups=(), drop_jobs=(), only_required=False, drop_fields=None):
    drop_fields = dict(drop_fields or {})
    drop_fields["jobs"] = tuple(drop_fields.get("jobs", ())) + tuple(drop_jobs)
    out = {}
    for group, (fields, required) in CURRENT.items():
        if group in drop_groups or (only_required and not required):
            continue
        names = tuple(n for n in _names(fields) if n not in drop_fields.get(group, ()))
        out[group] = (names, required)
    return out


# version -> {group: (field names, required)}
SCHEMAS = {
    # 1: no /pod_timeline, no /job_events, no /jobs/recorded_outcome, no summary groups.
    1: _version(SUMMARY_GROUPS + V5_GROUPS, ("recorded_outcome",), only_required=True,
                drop_fields=V5_FIELDS),
    # 2: /pod_timeline (unless output.pod_timeline = false), /job_events (output.event_log).
    2: _version(SUMMARY_GROUPS + V5_GROUPS, ("recorded_outcome",), drop_fields=V5_FIELDS),
    # 3: /jobs/recorded_outcome; states 4 and 5 (trace.replay_outcomes).
    3: _version(SUMMARY_GROUPS + V5_GROUPS, drop_fields=V5_FIELDS),
    # 4: /summary, /summary_by_class, /summary_largest_jobs: the headline figures.
    4: _version(V5_GROUPS, drop_fields=V5_FIELDS),
    # 5: cost and power in /summary; /fabric and /failures_by_component; /failures component
    # and blast radius; /jobs/degraded.
    5: _version(drop_fields=V6_FIELDS),
    # 6: /jobs/contended and /summary contention_gpu_hours (fabric.contention); /jobs qos,
    # preemptions, preempted_gpu_seconds and /summary preemptions, preempted_gpu_hours; the root
    # attribute `complete`, written last.
    6: _version(drop_fields=V7_FIELDS),
    # 7: /jobs sites, held_gpu_seconds and /summary jobs_spanning, held_gpu_hours (jobs spanning
    # sites, sched.oversize = span); /failures component 16, wan_path.
    7: _version(drop_fields=V8_FIELDS),
    # 8: /jobs partition (sched.partitions); /timeline fragmented_gpus.
    8: _version(drop_fields=V9_FIELDS),
    # 9: /jobs switch_wait and /summary jobs_waited_for_switches, switch_wait_hours
    # (sched.switches).
    9: _version(drop_fields=V10_FIELDS),
    # 10: /jobs elastic_shrinks, elastic_grows, elastic_shrunk_gpu_seconds and /summary
    # elastic_shrinks, elastic_grows, elastic_shrunk_gpu_hours (failures.recovery).
    10: _version(drop_fields=V11_FIELDS),
    # 11: /jobs migrations, migrate_seconds and /summary migrations, migrate_hours
    # (sched.migrate_interrupted).
    11: _version(),
}
SUPPORTED_VERSIONS = tuple(sorted(SCHEMAS))
assert max(SUPPORTED_VERSIONS) == CURRENT_VERSION

JOB_CLASSES = {0: "single", 1: "node", 2: "gang", 3: "large gang", 4: "frontier", 5: "trace"}
JOB_STATES = {0: "completed", 1: "running", 2: "queued", 3: "rejected",
              4: "failed (as traced)", 5: "cancelled (as traced)", 6: "timeout"}
RECORDED_OUTCOMES = {-1: "unknown", 0: "completed", 1: "failed", 2: "cancelled"}
EVENT_KINDS = {0: "submit", 1: "start", 2: "interrupt", 3: "complete"}
# /failures/component and /failures_by_component/component (core/component.h kComponentNames).
COMPONENTS = {0: "gpu", 1: "hbm", 2: "gpu_sram", 3: "gpu_system", 4: "nic", 5: "host",
              6: "software", 7: "other", 8: "link", 9: "link_flap", 10: "leaf_switch",
              11: "spine_switch", 12: "core_switch", 13: "maintenance", 14: "uplink",
              15: "rack_power", 16: "wan_path"}
