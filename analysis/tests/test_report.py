"""analysis/report on files fleetsim wrote: the table (read from each file's /summary) matches
values computed here directly from the datasets with h5py and numpy, and every figure is a valid
PNG."""
import csv
import math
import re
import struct
import subprocess
import zlib

import h5py
import numpy as np
import pytest

from conftest import REPORT

FIGURES = ["utilization.png", "queue_wait_cdf.png", "goodput_ettr.png", "gpu_hours_lost.png",
           "gpu_hours_lost_by_component.png", "fabric_layout.png", "time_to_train.png",
           "largest_job_time.png", "cost_per_useful_gpu_hour.png"]


def run_report(inputs, out, *extra):
    res = subprocess.run([str(REPORT), *map(str, inputs), "--out", str(out), *extra],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    return out / "report.md"


def table(md_path):
    """{metric: [cell per group]} and the group labels, from the report's summary table."""
    lines = md_path.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| metric |"))
    groups = [c.strip() for c in lines[start].strip("|").split("|")][1:]
    rows = {}
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0]] = cells[1:]
    return groups, rows


def number(text):
    return float(re.search(r"-?[0-9.]+(e[+-][0-9]+)?", text).group(0))


def nearest_rank(ascending, percent):
    """Written out here, independently of fleetsim: the k-th smallest, k = ceil(p n / 100)."""
    return ascending[max(1, -(-percent * len(ascending) // 100)) - 1]


def options(config_text):
    """{section.key: value} of the resolved configuration (root attribute `config`)."""
    out, section = {}, ""
    for line in config_text.splitlines():
        line = line.split(" #")[0].strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]") + "."
        elif "=" in line:
            k, v = (x.strip() for x in line.split("=", 1))
            out[section + k] = v
    return out


def direct(path):
    """The headline figures computed straight from the datasets (not from /summary)."""
    with h5py.File(path) as f:
        j = {k: v[()] for k, v in f["jobs"].items()}
        c = {k: v[()] for k, v in f["clusters"].items()}
        fab = {k: v[()] for k, v in f["fabric"].items()}
        failures = len(f["failures"]["time"])
        config = f.attrs["config"]
        config = options(config.decode() if isinstance(config, bytes) else config)
        total, duration = int(f.attrs["total_gpus"]), float(f.attrs["duration"])
    started = j["start_time"] >= 0
    waits = np.sort((j["start_time"] - j["submit_time"])[started] / 3600)
    done = j["state"] == 0
    end, start, submit = j["end_time"][done], j["start_time"][done], j["submit_time"][done]
    slowdown = np.maximum(1, (end - submit) / np.maximum(end - start, 10))
    gang = done & (j["end_time"] > j["start_time"]) & (j["gpus"] >= 16)
    ettr = (j["useful_gpu_seconds"][gang] / j["gpus_allocated"][gang]) / (
        j["end_time"][gang] - j["start_time"][gang])
    i = int(np.lexsort((j["id"], -j["gpus_requested"]))[0])
    useful_h = j["useful_gpu_seconds"].sum() / 3600
    # Where the largest job's time went, per GPU it held (docs/output.md), from /jobs.
    g, day = j["gpus_allocated"][i], 86400
    per_gpu = {k: j[k][i] / g for k in ("useful_gpu_seconds", "lost_gpu_seconds",
                                         "checkpoint_gpu_seconds", "allocated_gpu_seconds",
                                         "held_gpu_seconds")}
    until = j["end_time"][i] if j["end_time"][i] >= 0 else duration
    share = j["exposed_comm_share"][i]
    # Cost of owning (docs/output.md), from /fabric's capex and power and the [cost] options.
    opt = {k: float(config["cost." + k]) for k in (
        "pue", "electricity_usd_per_mwh", "depreciation_years", "manual_share",
        "usd_per_manual_incident")}
    cost = (fab["capex_usd"].sum() * duration / (365 * 86400) / opt["depreciation_years"]
            + fab["it_power_mw"].sum() * opt["pue"] * duration / 3600
            * opt["electricity_usd_per_mwh"]
            + failures * opt["manual_share"] * opt["usd_per_manual_incident"])
    return {
        "GPUs in the largest cluster": int(c["gpus"].max()),
        "jobs submitted": len(j["id"]),
        "jobs completed": int(done.sum()),
        "utilization (busy GPU-time)": 100 * c["busy_gpu_seconds"].sum() / (total * duration),
        "goodput (useful / allocated)":
            100 * j["useful_gpu_seconds"].sum() / j["allocated_gpu_seconds"].sum(),
        "ETTR of completed gangs (>= 16 GPUs), mean": 100 * ettr.mean(),
        "queue wait mean (h)": waits.mean(),
        "queue wait p50 (h)": nearest_rank(waits, 50),
        "queue wait p90 (h)": nearest_rank(waits, 90),
        "queue wait p99 (h)": nearest_rank(waits, 99),
        "queue wait max (h)": waits[-1],
        "mean bounded slowdown (10 s)": slowdown.mean(),
        "GPU-hours lost to node failures": j["lost_gpu_seconds"].sum() / 3600,
        "node failures": int(c["node_failures"].sum()),
        "job interruptions": int(j["restarts"].sum()),
        "cost per useful GPU-hour": cost / useful_h,
        "_largest_done": bool(j["state"][i] == 0),
        "time to train the largest job": (j["end_time"][i] - j["submit_time"][i]) / 86400,
        "the largest job's goodput":
            100 * per_gpu["useful_gpu_seconds"] / per_gpu["allocated_gpu_seconds"],
        "its days waiting in queue": (until - j["submit_time"][i] - per_gpu["allocated_gpu_seconds"]
                                      - per_gpu["held_gpu_seconds"]) / day,
        "its days held for co-allocation across sites": per_gpu["held_gpu_seconds"] / day,
        "its days computing": per_gpu["useful_gpu_seconds"] * (1 - share) / day,
        "its days in exposed communication": per_gpu["useful_gpu_seconds"] * share / day,
        "its days checkpointing": per_gpu["checkpoint_gpu_seconds"] / day,
        "its days of lost work and restarts": per_gpu["lost_gpu_seconds"] / day,
        "its days slowed by the network": (j["degraded"][i] + j["contended"][i]) / day,
    }


def close(cell_text, value):
    """The cell shows `value` to the digits printed."""
    shown = number(cell_text)
    digits = re.search(r"[0-9.]+(e[+-][0-9]+)?", cell_text).group(0)
    mantissa = digits.split("e")[0]
    decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
    scale = 10 ** int(digits.split("e")[1]) if "e" in digits else 1
    return abs(shown - value) <= 0.5 * 10 ** -decimals * scale * 1.0001


def test_compare_table_matches_datasets(compare_dir, tmp_path):
    md = run_report([compare_dir], tmp_path / "rep")
    groups, rows = table(md)
    assert groups == ["giant", "giant-fifo", "10x10k", "10x10k-span"]
    assert len(rows) == 39  # every row of report.ROWS
    for g, name in enumerate(groups):
        want = direct(compare_dir / f"{name}.h5")
        for metric, value in want.items():
            if metric.startswith("_") or (metric.startswith("time to train")
                                          and not want["_largest_done"]):
                continue
            assert close(rows[metric][g], value), (name, metric, rows[metric][g], value)


def is_png(path):
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return False
    pos, seen = 8, []
    while pos < len(data):  # every chunk's CRC must check out, ending with IEND
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            return False
        seen.append(kind)
        pos += 12 + length
    width, height = struct.unpack(">II", data[16:24])
    return seen[0] == b"IHDR" and seen[-1] == b"IEND" and b"IDAT" in seen and width > 100 < height


@pytest.mark.parametrize("which", ["file", "compare", "sweep"])
def test_every_figure_is_a_png(which, giant_file, compare_dir, sweep_dir, tmp_path):
    source = {"file": giant_file, "compare": compare_dir, "sweep": sweep_dir}[which]
    md = run_report([source], tmp_path / "rep")
    text = md.read_text()
    for name in FIGURES:
        assert (tmp_path / "rep" / name).is_file(), name
        assert is_png(tmp_path / "rep" / name), name
        assert f"]({name})" in text


def test_sweep_means_and_intervals(sweep_dir, tmp_path):
    md = run_report([sweep_dir], tmp_path / "rep")
    groups, rows = table(md)
    assert groups == ["giant", "giant-fifo", "10x10k", "10x10k-span"]
    with open(tmp_path / "rep" / "summary.csv") as f:
        summary = {(r["metric"], r["group"]): r for r in csv.DictReader(f)}
    for g, name in enumerate(groups):
        per_seed = [direct(sweep_dir / f"seed{s}" / f"{name}.h5") for s in (1, 2, 3)]
        util = [d["utilization (busy GPU-time)"] / 100 for d in per_seed]
        row = summary[("utilization", name)]
        assert int(row["n"]) == 3
        assert float(row["mean"]) == pytest.approx(np.mean(util), rel=1e-12)
        # Student's t, 2 degrees of freedom: 4.303.
        half = 4.303 * np.std(util, ddof=1) / math.sqrt(3)
        assert float(row["ci95_half_width"]) == pytest.approx(half, rel=1e-9)
        assert "±" in rows["utilization (busy GPU-time)"][g]
        assert close(rows["utilization (busy GPU-time)"][g], 100 * np.mean(util))


def test_fabric_groups(compare_dir):
    """/fabric: the 10 x 10k clusters need two tiers of alibaba-hpn, the giant three; the cost
    rows of the report come from /summary, which sums /fabric."""
    for name, clusters, tiers in (("giant", 1, 3), ("10x10k", 10, 2)):
        with h5py.File(compare_dir / f"{name}.h5") as f:
            fab = {k: v[()] for k, v in f["fabric"].items()}
            s = {k: v[0] for k, v in f["summary"].items()}
            kinds = {k: v[()] for k, v in f["failures_by_component"].items()}
            assert len(fab["cluster"]) == clusters
            assert set(fab["tiers"]) == {tiers}
            assert s["switches"] == fab["switches"].sum()
            assert s["capex_usd"] == pytest.approx(fab["capex_usd"].sum(), rel=1e-12)
            assert list(kinds["component"]) == list(range(17))
            assert kinds["failures"].sum() == len(f["failures"]["time"])
