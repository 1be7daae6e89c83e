"""The Markdown comparison report: a table of headline figures, the figures, and what each
number means."""
import csv
import math
from pathlib import Path

from . import figures
from .cost import CostModel
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


# (row label, metric key, format): keys are /summary's fields (docs/output.md) and, from
# metrics.run_metrics, `clusters` and `cost_per_useful_gpu_hour`. The tests read this table back.
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
    ("cost per useful GPU-hour", "cost_per_useful_gpu_hour", _usd),
]


def cell(values, fmt):
    m, ci, n = mean_ci(values)
    if n == 0:
        return "-"
    if n == 1:
        return fmt(m)
    return f"{fmt(m)} ± {fmt(ci).lstrip('$')}"


def build_report(runs, out_dir, cost=CostModel()):
    """Writes report.md, summary.csv and the PNG figures into out_dir; returns report.md's path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    groups = group_runs(runs)
    metrics = {g.label: [run_metrics(r, cost) for r in g.runs] for g in groups}
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
         "GPU-hours lost to failures, by the class of the job that lost them. The model has one "
         "failure kind, node failures; there are no cause classes (GPU, NIC, switch) to split "
         "by yet."),
        (figures.time_to_train_vs_size(groups, out_dir),
         "Days from submission to the end of training for the 5 largest jobs (most GPUs "
         "requested), against the size of the layout's largest cluster. Jobs larger than every "
         "cluster are shrunk, so they run longer on small clusters; on a giant one they meet "
         "more failures."),
        (figures.cost_per_useful_gpu_hour(groups, metrics, out_dir, cost.describe()),
         "Fleet cost over the simulated span divided by GPU-hours of useful work. The rates are "
         "assumptions, not data: change them with --gpu-hour-cost, --large-cluster-gpus and "
         "--large-cluster-premium."),
    ]

    with open(out_dir / "summary.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["metric", "group", "mean", "ci95_half_width", "n", "values"])
        for _, key, _ in ROWS:
            for g in groups:
                vals = [m[key] for m in metrics[g.label]]
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
            cell([m[key] for m in metrics[g.label]], fmt) for g in groups) + " |")
    lines += ["", "Every value, with each seed's, is in `summary.csv`.", "", "## Figures", ""]
    for name, caption in pngs:
        title = name[:-4].replace("_", " ")
        lines += [f"### {title}", "", f"![{title}]({name})", "", caption, ""]
    lines += ["## Definitions", "",
              "Every figure but the cost is read from the `/summary` fleetsim wrote into each "
              "file; `docs/output.md` defines them (queue-wait quantiles by nearest rank; a "
              "figure over an empty sample, e.g. waits when nothing started, is NaN and shown "
              "as `-`). As the file describes them:", ""]
    described = field_descriptions(first, "summary")
    for label, key, _ in ROWS:
        if key in described:
            units, text = described[key]
            lines.append(f"- {label} (`{key}`, {units}): {text}.")
    lines += [f"- cost per useful GPU-hour: {cost.describe()}: ASSUMPTIONS, explained in "
              "`analysis/fleetsim_analysis/cost.py`; run cost / `useful_gpu_hours`.",
              "", "## Runs", "", "| group | seed | file | schema |", "|---|---|---|---|"]
    for g in groups:
        for r in g.runs:
            lines.append(f"| {g.label} | {r.seed} | `{r.path}` | {r.version} |")
    path = out_dir / "report.md"
    path.write_text("\n".join(lines) + "\n")
    return path
