"""The report's figures, one function per PNG; each takes the groups and returns the file name."""
import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
import numpy as np  # noqa: E402

from .load import (fabric_frame, failures_by_component_frame, largest_jobs_frame,  # noqa: E402
                   summary, summary_by_class_frame)
from .metrics import queue_waits  # noqa: E402
from .schema import JOB_CLASSES  # noqa: E402
from .stats import mean_ci  # noqa: E402

COLORS = plt.get_cmap("tab10").colors


def _color(i):
    return COLORS[i % len(COLORS)]


def _save(fig, out_dir, name):
    fig.tight_layout()
    fig.savefig(out_dir / name, dpi=110)
    plt.close(fig)
    return name


def _seeds_note(groups):
    n = max(len(g.runs) for g in groups)
    return f"mean of {n} seeds, 95% CI" if n > 1 else "one seed"


def utilization(groups, out_dir):
    """Daily mean of busy GPUs / fleet GPUs, from /timeline; band: 95% CI across seeds."""
    fig, ax = plt.subplots(figsize=(9, 4.2))
    for i, g in enumerate(groups):
        series = []
        for run in g.runs:
            tl = run.table("timeline")
            busy = tl.groupby("time")["busy_gpus"].sum() / run.total_gpus
            day = (busy.index.to_numpy() // 86400).astype(int)
            series.append(busy.groupby(day).mean())
        days = sorted(set().union(*(s.index for s in series)))
        stats = [mean_ci([s.get(d, math.nan) for s in series]) for d in days]
        mean = np.array([m for m, _, _ in stats]) * 100
        ci = np.array([c for _, c, _ in stats]) * 100
        ax.plot(days, mean, color=_color(i), label=g.label, lw=1.4)
        if len(g.runs) > 1:
            ax.fill_between(days, mean - ci, mean + ci, color=_color(i), alpha=0.2, lw=0)
    ax.set_xlabel("simulated day")
    ax.set_ylabel("busy GPUs (% of fleet), daily mean")
    ax.set_ylim(0, 100)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    ax.set_title(f"Utilization over time ({_seeds_note(groups)})")
    return _save(fig, out_dir, "utilization.png")


def queue_wait_cdf(groups, out_dir):
    """Empirical CDF of queue waits of started jobs, all seeds pooled."""
    fig, ax = plt.subplots(figsize=(9, 4.2))
    for i, g in enumerate(groups):
        waits = np.sort(np.concatenate([queue_waits(r) for r in g.runs]))
        if waits.size == 0:
            continue
        y = np.arange(1, waits.size + 1) / waits.size
        ax.step(waits, y, where="post", color=_color(i), label=g.label, lw=1.4)
    ax.set_xscale("symlog", linthresh=0.01)
    ax.set_xlabel("queue wait (hours; linear below 0.01 h, log above)")
    ax.set_ylabel("share of started jobs waiting at most x")
    ax.set_ylim(0, 1.01)
    ax.grid(alpha=0.3, which="both")
    ax.legend(loc="lower right")
    ax.set_title("Queue wait CDF (seeds pooled)")
    return _save(fig, out_dir, "queue_wait_cdf.png")


def _grouped_bars(ax, groups, categories, values_of):
    """values_of(run, category) -> value; bars = mean over seeds, whiskers = 95% CI."""
    width = 0.8 / len(groups)
    x = np.arange(len(categories))
    top = 0.0
    for i, g in enumerate(groups):
        stats = [mean_ci([values_of(r, c) for r in g.runs]) for c in categories]
        mean = [m for m, _, _ in stats]
        ci = [0 if math.isnan(c) else c for _, c, _ in stats]
        top = max([top] + [m + c for m, c in zip(mean, ci) if not math.isnan(m)])
        ax.bar(x + (i - (len(groups) - 1) / 2) * width, mean, width,
               yerr=ci if len(g.runs) > 1 else None, capsize=3, color=_color(i), label=g.label)
    ax.set_xticks(x)
    ax.set_xticklabels(categories)
    ax.grid(alpha=0.3, axis="y")
    return top


def _classes_with_jobs(groups):
    """Job classes with jobs in any run, and their names."""
    codes = set()
    for g in groups:
        for run in g.runs:
            df = summary_by_class_frame(run)
            codes.update(int(c) for c in df.loc[df["jobs"] > 0, "job_class"])
    codes = sorted(codes)
    return codes, [JOB_CLASSES.get(c, str(c)) for c in codes]


def _by_class(run, code, column):
    df = summary_by_class_frame(run)
    sel = df.loc[df["job_class"] == code, column]
    return float(sel.iloc[0]) if len(sel) else math.nan


def goodput_ettr(groups, out_dir):
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2),
                                      gridspec_kw={"width_ratios": [1, 2.2]})
    _grouped_bars(left, groups, ["all jobs"], lambda run, _: 100 * summary(run)["goodput"])
    left.set_ylabel("goodput: useful / allocated GPU-time (%)")
    left.set_ylim(0, 100)
    left.set_title("Goodput")
    codes, names = _classes_with_jobs(groups)
    code = dict(zip(names, codes))
    _grouped_bars(right, groups, names, lambda run, name: 100 * _by_class(run, code[name],
                                                                          "ettr_mean"))
    right.set_ylabel("mean ETTR of completed jobs (%)")
    right.set_ylim(0, 105)
    right.set_title("ETTR by job class")
    right.legend(loc="lower left")
    fig.suptitle(f"Goodput and effective training time ratio ({_seeds_note(groups)})")
    return _save(fig, out_dir, "goodput_ettr.png")


def gpu_hours_lost(groups, out_dir):
    fig, ax = plt.subplots(figsize=(9, 4.2))
    codes, names = _classes_with_jobs(groups)
    code = dict(zip(names, codes))
    top = _grouped_bars(ax, groups, names,
                        lambda run, name: _by_class(run, code[name], "lost_gpu_hours"))
    ax.set_yscale("symlog", linthresh=1.0)
    ax.set_ylim(0, max(10.0, top * 4))
    ax.set_ylabel("GPU-hours lost (log scale)")
    ax.set_xlabel("job class")
    ax.legend()
    ax.set_title("GPU-hours lost to node failures, by job class\n"
                 f"(node failure is the model's only failure kind; {_seeds_note(groups)})",
                 fontsize=10)
    return _save(fig, out_dir, "gpu_hours_lost.png")


def time_to_train_vs_size(groups, out_dir):
    fig, ax = plt.subplots(figsize=(9, 4.2))
    points = {}  # (seed, job id) -> [(size, days)]: the same job under each layout
    k = 0
    for i, g in enumerate(groups):
        size = summary(g.runs[0])["largest_cluster_gpus"]
        means = []
        for run in g.runs:
            top = largest_jobs_frame(run)
            k = max(k, len(top))
            for job, days in zip(top["job"], top["days"]):
                points.setdefault((run.seed, int(job)), []).append((size, days))
            done, proj = top[top["projected"] == 0], top[top["projected"] != 0]
            ax.scatter([size] * len(done), done["days"], color=_color(i), alpha=0.5, s=18)
            ax.scatter([size] * len(proj), proj["days"], facecolors="none",
                       edgecolors=_color(i), alpha=0.7, s=18)
            means.append(summary(run)["largest_jobs_days_mean"])
        m, ci, _ = mean_ci(means)
        ax.errorbar([size], [m], yerr=[0 if math.isnan(ci) else ci], fmt="D", ms=8, capsize=4,
                    color=_color(i), label=f"{g.label}: mean {m:.1f} d")
    for line in points.values():
        if len(line) > 1:
            xs, ys = zip(*sorted(line))
            ax.plot(xs, ys, color="grey", lw=0.6, alpha=0.5, zorder=0)
    ax.set_xscale("log")
    ax.set_xlabel("GPUs in the largest cluster of the layout (log scale)")
    ax.set_ylabel("days from submission to trained")
    ax.grid(alpha=0.3, which="both")
    ax.legend()
    ax.set_title(f"Time to train the {k} largest jobs against cluster size\n"
                 "dots: jobs; grey lines: the same job under each layout; diamond: mean\n"
                 "hollow: unfinished at the end, projected from its share of work done", fontsize=10)
    return _save(fig, out_dir, "time_to_train.png")


def cost_per_useful_gpu_hour(groups, metrics, out_dir):
    fig, ax = plt.subplots(figsize=(7, 4.2))
    cloud = []
    for i, g in enumerate(groups):
        values = [x.get("usd_per_useful_gpu_hour", math.nan) for x in metrics[g.label]]
        m, ci, _ = mean_ci(values)
        ax.bar([i], [0 if math.isnan(m) else m], yerr=None if math.isnan(ci) else [ci],
               capsize=4, color=_color(i))
        if not math.isnan(m):
            ax.text(i, m / 2, f"${m:.2f}", ha="center", va="center", color="white",
                    fontweight="bold", fontsize=12)
        for x in metrics[g.label]:
            rent, useful = x.get("rent_usd", math.nan), x.get("useful_gpu_hours", 0)
            if useful > 0 and not math.isnan(rent):
                cloud.append(rent / useful)
    if cloud:
        ax.axhline(cloud[0], color="black", ls="--", lw=1, label=f"cloud ${cloud[0]:.2f}")
        ax.legend()
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels([g.label for g in groups])
    ax.set_ylabel("$ per useful GPU-hour")
    ax.grid(alpha=0.3, axis="y")
    ax.set_title("Cost of owning per useful GPU-hour (/summary usd_per_useful_gpu_hour)",
                 fontsize=10)
    return _save(fig, out_dir, "cost_per_useful_gpu_hour.png")


TIER_COLUMNS = (("leaf_switches", "leaf"), ("spine_switches", "spine"),
                ("core_switches", "core"), ("tier4_switches", "tier 4+"))


def fabric_layout(groups, out_dir):
    """Per layout (first run of each group: the network does not depend on the seed), the
    switches of each tier summed over its clusters, stacked, with clusters x GPUs and tiers."""
    fig, ax = plt.subplots(figsize=(8, 4.2))
    top = 1
    for i, g in enumerate(groups):
        run = g.runs[0]
        if run.version < 5:
            continue
        fab = fabric_frame(run)
        bottom = 0
        for k, (col, name) in enumerate(TIER_COLUMNS):
            n = int(fab[col].sum())
            ax.bar([i], [n], bottom=bottom, color=_color(k), label=name if i == 0 else None)
            bottom += n
        top = max(top, bottom)
        tiers = sorted(set(int(t) for t in fab["tiers"]))
        gpus = fab["gpus"]
        ax.text(i, bottom, f"{len(fab)} x {int(gpus.mean()):,} GPUs\n"
                f"tiers {'/'.join(map(str, tiers))}", ha="center", va="bottom", fontsize=9)
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels([g.label for g in groups])
    ax.set_ylabel("switches (all clusters)")
    ax.set_ylim(0, top * 1.3)
    ax.grid(alpha=0.3, axis="y")
    ax.legend(loc="upper left", fontsize=8)
    ax.set_title("Each layout's network: switches per tier (/fabric)", fontsize=10)
    return _save(fig, out_dir, "fabric_layout.png")


def gpu_hours_lost_by_component(groups, out_dir):
    """GPU-hours lost per component kind (/failures_by_component), mean over seeds."""
    fig, ax = plt.subplots(figsize=(10, 4.2))
    names = None
    width = 0.8 / max(1, len(groups))
    for i, g in enumerate(groups):
        frames = [failures_by_component_frame(r) for r in g.runs if r.version >= 5]
        if not frames:
            continue
        names = list(frames[0]["component_name"])
        lost = np.mean([f["lost_gpu_hours"].to_numpy() for f in frames], axis=0)
        x = np.arange(len(names)) + i * width
        ax.bar(x, lost, width=width, color=_color(i), label=g.label)
    if names:
        ax.set_xticks(np.arange(len(names)) + width * (len(groups) - 1) / 2)
        ax.set_xticklabels(names, rotation=45, ha="right", fontsize=8)
    ax.set_ylabel("GPU-hours lost")
    ax.grid(alpha=0.3, axis="y")
    ax.legend()
    ax.set_title(f"GPU-hours lost by component kind ({_seeds_note(groups)})", fontsize=10)
    return _save(fig, out_dir, "gpu_hours_lost_by_component.png")


_LARGEST_PARTS = [("waiting_days", "waiting in queue"), ("held_days", "held for co-allocation"),
                  ("computing_days", "computing"),
                  ("communicating_days", "exposed communication"),
                  ("checkpointing_days", "checkpointing"),
                  ("lost_days", "lost work and restarts"),
                  ("slowed_days", "slowed by the network")]


def largest_job_time(groups, metrics, out_dir):
    """Stacked bars: the largest job's days by where they went, mean over each group's seeds."""
    fig, ax = plt.subplots(figsize=(9, 1.2 + 0.7 * len(groups)))
    left = [0.0] * len(groups)
    for k, (part, label) in enumerate(_LARGEST_PARTS):
        widths = []
        for g in groups:
            m, _, n = mean_ci([x["largest_job_" + part] for x in metrics[g.label]])
            widths.append(m if n else 0.0)
        ax.barh(range(len(groups)), widths, left=left, color=_color(k), label=label)
        left = [a + b for a, b in zip(left, widths)]
    ax.set_yticks(range(len(groups)), [g.label for g in groups])
    ax.invert_yaxis()
    ax.set_xlabel("days from submission, per GPU held")
    ax.grid(alpha=0.3, axis="x")
    ax.legend(fontsize=8, ncol=4, loc="upper center", bbox_to_anchor=(0.5, -0.25))
    ax.set_title(f"Where the largest job's time went ({_seeds_note(groups)})", fontsize=10)
    return _save(fig, out_dir, "largest_job_time.png")
