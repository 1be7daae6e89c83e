"""The Markdown comparison report: a table of headline figures, the figures, and what each
number means."""
import csv
import math
from pathlib import Path

from . import figures
from .groups import group_runs
from .load import field_descriptions
from .metrics import run_metrics
from .stats import mean_ci


def _pct(v):
    return f"{100 * v:.1f}%"


def _f2(v):
    return f"{v:.2f}"


def _g4(v):
    return f"{v:.4g}"


def _int(v):
    return f"{v:.0f}"


def _d1(v):
    return f"{v:.1f} d"


def _usd(v):
    return f"${v:.3f}"


def _musd(v):
    return f"${v / 1e6:.1f}M"


def _mw(v):
    return f"{v:.2f} MW"


def _gwh(v):
    return f"{v / 1e3:.1f} GWh"


def _f3(v):
    return f"{v:.3f}"


# (row label, metric key, format): keys are /summary's fields (docs/output.md) and, from
# metrics.run_metrics, `clusters`. The tests read this table back.
ROWS = [
    ("clusters", "clusters", _int),
    ("GPUs in the largest cluster", "largest_cluster_gpus", _int),
    ("jobs submitted", "jobs", _int),
    ("jobs completed", "jobs_completed", _int),
    ("utilization (busy GPU-time)", "utilization", _pct),
    ("goodput (useful / allocated)", "goodput", _pct),
    ("ETTR of completed gangs (>= 16 GPUs), mean", "ettr_gangs_mean", _pct),
    ("queue wait mean (h)", "wait_mean_h", _f2),
    ("queue wait p50 (h)", "wait_p50_h", _f2),
    ("queue wait p90 (h)", "wait_p90_h", _f2),
    ("queue wait p99 (h)", "wait_p99_h", _f2),
    ("queue wait max (h)", "wait_max_h", _f2),
    ("mean bounded slowdown (10 s)", "bounded_slowdown_mean", _f2),
    ("GPU-hours lost to node failures", "lost_gpu_hours", _g4),
    ("node failures", "node_failures", _int),
    ("job interruptions", "interruptions", _int),
    ("time to train the largest job", "largest_job_days", _d1),
    ("time to train the 5 largest jobs, mean", "largest_jobs_days_mean", _d1),
    ("the largest job's goodput", "largest_job_goodput", _pct),
    ("its days waiting in queue", "largest_job_waiting_days", _d1),
    ("its days held for co-allocation across sites", "largest_job_held_days", _d1),
    ("its days computing", "largest_job_computing_days", _d1),
    ("its days in exposed communication", "largest_job_communicating_days", _d1),
    ("its days checkpointing", "largest_job_checkpointing_days", _d1),
    ("its days of lost work and restarts", "largest_job_lost_days", _d1),
    ("its days slowed by the network", "largest_job_slowed_days", _d1),
    ("switches", "switches", _int),
    ("optical transceivers", "transceivers", _int),
    ("capex", "capex_usd", _musd),
    ("network capex", "network_capex_usd", _musd),
    ("IT power", "it_power_mw", _mw),
    ("facility power (IT x PUE)", "facility_power_mw", _mw),
    ("energy over the run", "energy_mwh", _gwh),
    ("incidents needing a person, per day", "manual_incidents_per_day", _f3),
    ("cost of owning over the run", "own_cost_usd", _musd),
    ("cost per useful GPU-hour", "usd_per_useful_gpu_hour", _usd),
    ("cost per GPU-hour owned", "own_usd_per_gpu_hour", _usd),
    ("renting the useful GPU-hours", "rent_usd", _musd),
    ("break-even utilization vs renting", "break_even_utilization", _pct),
]


def _value(m, key):
    """A metric of one run; NaN for a field its schema lacks (cost before schema 5)."""
    return m.get(key, math.nan)


def cell(values, fmt):
    m, ci, n = mean_ci(values)
    if n == 0:
        return "-"
    if n == 1:
        return fmt(m)
    return f"{fmt(m)} ± {fmt(ci).lstrip('$')}"


def build_report(runs, out_dir):
    """Writes report.md, summary.csv and the PNG figures into out_dir; returns report.md's path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    groups = group_runs(runs)
    metrics = {g.label: [run_metrics(r) for r in g.runs] for g in groups}
    seeds = max(len(g.runs) for g in groups)

    pngs = [
        (figures.utilization(groups, out_dir),
         "Share of the fleet's GPUs busy, daily mean. Gaps between the lines are GPUs idle "
         "(fragmentation, blocked queues) or failed."),
        (figures.queue_wait_cdf(groups, out_dir),
         "How long started jobs waited. A curve further left is better; the right tail is the "
         "jobs stuck behind large reservations."),
        (figures.goodput_ettr(groups, out_dir),
         "Goodput: useful over allocated GPU-time. ETTR per class: time computing kept work over "
         "wall time from first start to end (checkpoints, lost work, restarts and requeue waits "
         "count against it)."),
        (figures.gpu_hours_lost(groups, out_dir),
         "GPU-hours lost to failures, by the class of the job that lost them."),
        (figures.gpu_hours_lost_by_component(groups, out_dir),
         "GPU-hours lost to failures, by the kind of component that failed "
         "(/failures_by_component: node parts drawn from Llama 3's cause mix, the fabric's "
         "links and switches, planned maintenance)."),
        (figures.fabric_layout(groups, out_dir),
         "Each layout's network (/fabric): GPUs per cluster and the switches of each tier that "
         "its size needs on the fabric (fabric.network); a larger cluster may need another tier."),
        (figures.time_to_train_vs_size(groups, out_dir),
         "Days from submission to the end of training for the 5 largest jobs (most GPUs "
         "requested), against the size of the layout's largest cluster. Jobs larger than every "
         "cluster are shrunk, so they run longer on small clusters; on a giant one they meet "
         "more failures."),
        (figures.largest_job_time(groups, metrics, out_dir),
         "Where the largest job's time went, from submission to trained (or to the end of the "
         "run), per GPU it held (/summary_largest_jobs): waiting in queue, holding nodes for "
         "co-allocation across sites, computing, communication its step cannot hide, "
         "checkpoints, lost work and restarts, and slowed by the network. A job shrunk into a "
         "small cluster computes longer; one spanning sites communicates more and waits for "
         "every site."),
        (figures.cost_per_useful_gpu_hour(groups, metrics, out_dir),
         "Cost of owning over the simulated span (capex amortized over cost.depreciation_years, "
         "energy at cost.pue and cost.electricity_usd_per_mwh, incidents needing a person) "
         "divided by GPU-hours of useful work, as fleetsim computed it into /summary; the line is "
         "the cloud price it is compared with. Prices are the fabric's and the [cost] options' "
         "(README, docs/fabric.md)."),
    ]

    with open(out_dir / "summary.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["metric", "group", "mean", "ci95_half_width", "n", "values"])
        for _, key, _ in ROWS:
            for g in groups:
                vals = [_value(m, key) for m in metrics[g.label]]
                m, ci, n = mean_ci(vals)
                w.writerow([key, g.label, m, "" if math.isnan(ci) else ci, n,
                            " ".join(repr(v) for v in vals)])

    first = runs[0]
    lines = ["# fleetsim comparison report", ""]
    lines.append(
        f"{len(runs)} run(s) in {len(groups)} group(s); {first.total_gpus} GPUs; "
        f"{first.duration / 86400:g} simulated days; fleetsim "
        f"{first.attrs.get('fleetsim_version', '?')}. "
        + ("Cells are means over seeds ± the half-width of a 95% confidence interval "
           "(Student's t); seeds per group: "
           + ", ".join(f"{g.label} {len(g.runs)}" for g in groups) + "."
           if seeds > 1 else "One seed per group: no confidence intervals."))
    lines += ["", "## Summary", ""]
    lines.append("| metric | " + " | ".join(g.label for g in groups) + " |")
    lines.append("|---|" + "---|" * len(groups))
    for label, key, fmt in ROWS:
        lines.append(f"| {label} | " + " | ".join(
            cell([_value(m, key) for m in metrics[g.label]], fmt) for g in groups) + " |")
    lines += ["", "Every value, with each seed's, is in `summary.csv`.", "", "## Figures", ""]
    for name, caption in pngs:
        title = name[:-4].replace("_", " ")
        lines += [f"### {title}", "", f"![{title}]({name})", "", caption, ""]
    lines += ["## Definitions", "",
              "Every figure, the cost included, is read from the `/summary` fleetsim wrote into each "
              "file; `docs/output.md` defines them (queue-wait quantiles by nearest rank; a "
              "figure over an empty sample, e.g. waits when nothing started, is NaN and shown "
              "as `-`). As the file describes them:", ""]
    described = field_descriptions(first, "summary")
    largest = field_descriptions(first, "summary_largest_jobs")
    for label, key, _ in ROWS:
        if key in described:
            units, text = described[key]
            lines.append(f"- {label} (`{key}`, {units}): {text}.")
        elif key.startswith("largest_job_") and key[12:] in largest:
            units, text = largest[key[12:]]
            lines.append(f"- {label} (`/summary_largest_jobs/{key[12:]}` of its first row, "
                         f"{units}): {text}.")
    lines += ["", "## Runs", "", "| group | seed | file | schema |", "|---|---|---|---|"]
    for g in groups:
        for r in g.runs:
            lines.append(f"| {g.label} | {r.seed} | `{r.path}` | {r.version} |")
    path = out_dir / "report.md"
    path.write_text("\n".join(lines) + "\n")
    return path
