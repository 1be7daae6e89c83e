"""The API reads every table of a file fleetsim wrote, column for column."""
import h5py
import numpy as np

from fleetsim_analysis import (clusters_frame, events_frame, failures_frame, jobs_frame,
                               largest_jobs_frame, load_run, pod_timeline_frame, summary,
                               summary_by_class_frame, timeline_frame)
from fleetsim_analysis.schema import SCHEMAS


def test_frames_hold_the_datasets(giant_file):
    run = load_run(giant_file)
    assert run.version == 11 and run.layout == "giant" and run.seed == 1
    frames = {"jobs": jobs_frame(run), "timeline": timeline_frame(run),
              "pod_timeline": pod_timeline_frame(run), "failures": failures_frame(run),
              "clusters": clusters_frame(run), "job_events": events_frame(run)}
    with h5py.File(giant_file) as f:
        for group, (fields, _) in SCHEMAS[2].items():
            for name in fields:
                np.testing.assert_array_equal(frames[group][name].to_numpy(), f[group][name][()])
    assert len(frames["jobs"]) > 1000 and len(frames["failures"]) > 0


def test_pod_timeline_adds_up_to_the_cluster_timeline(giant_file):
    run = load_run(giant_file)
    pods = pod_timeline_frame(run).groupby(["time", "cluster"])[
        ["busy_gpus", "idle_gpus", "failed_gpus"]].sum().reset_index()
    tl = timeline_frame(run)
    merged = tl.merge(pods, on=["time", "cluster"], suffixes=("", "_pods"))
    assert len(merged) == len(tl)
    for col in ("busy_gpus", "idle_gpus", "failed_gpus"):
        np.testing.assert_array_equal(merged[col], merged[col + "_pods"])
    cfg = run.config()
    per_pod = int(cfg["fabric.nodes_per_pod"]) * int(cfg["fabric.gpus_per_node"])
    p = pod_timeline_frame(run)
    assert ((p["busy_gpus"] + p["idle_gpus"] + p["failed_gpus"]) == per_pod).all()
    assert p["pod"].nunique() == int(cfg["fabric.pods"])


def test_event_log_follows_each_job(giant_file):
    run = load_run(giant_file)
    jobs = jobs_frame(run).set_index("id")
    ev = events_frame(run)
    counts = ev.pivot_table(index="job", columns="kind_name", values="time", aggfunc="count",
                            fill_value=0)
    routed = jobs[jobs["cluster"] >= 0]
    assert (counts["submit"].reindex(routed.index, fill_value=0) == 1).all()
    assert (counts["interrupt"].reindex(jobs.index, fill_value=0) == jobs["restarts"]).all()
    done = jobs[jobs["state"] == 0]
    assert (counts["complete"].reindex(done.index, fill_value=0) == 1).all()
    first_start = ev[ev["kind_name"] == "start"].groupby("job")["time"].min()
    np.testing.assert_allclose(first_start.to_numpy(),
                               jobs.loc[first_start.index, "start_time"].to_numpy())


def test_default_datasets_are_chunked_and_unfiltered(giant_file):
    with h5py.File(giant_file) as f:
        assert f["jobs/lost_gpu_seconds"].chunks is not None
        assert f["jobs/lost_gpu_seconds"].compression is None
        assert f["pod_timeline/busy_gpus"].compression is None


def test_datasets_are_chunked_and_compressed(sweep_dir):
    with h5py.File(sweep_dir / "seed2" / "giant.h5") as f:
        assert f["jobs/lost_gpu_seconds"].compression == "gzip"
        assert f["jobs/lost_gpu_seconds"].chunks is not None
        assert f["pod_timeline/busy_gpus"].compression == "gzip"
        assert f["pod_timeline/busy_gpus"].shuffle
        assert f["jobs/runtime"].compression is None  # near-random floats: unfiltered


def test_summary_api_reads_the_figures_fleetsim_wrote(giant_file):
    """summary() is /summary's one row with ints kept ints; the per-class and largest-job tables
    agree with /jobs counted here."""
    run = load_run(giant_file)
    s = summary(run)
    with h5py.File(giant_file) as f:
        for name, ds in f["summary"].items():
            assert ds.shape == (1,)
            value = ds[0]
            assert s[name] == value or (np.isnan(value) and np.isnan(s[name])), name
            assert isinstance(s[name], int if ds.dtype.kind == "i" else float), name
        jobs = {k: v[()] for k, v in f["jobs"].items()}
    assert s["jobs"] == len(jobs["id"]) and s["jobs_completed"] == int((jobs["state"] == 0).sum())
    by_class = summary_by_class_frame(run)
    assert list(by_class["job_class"]) == [0, 1, 2, 3, 4, 5]
    counts = np.bincount(jobs["job_class"], minlength=6)
    np.testing.assert_array_equal(by_class["jobs"], counts)
    assert by_class["class_name"].tolist()[:2] == ["single", "node"]
    top = largest_jobs_frame(run)
    order = np.lexsort((jobs["id"], -jobs["gpus_requested"]))[:5]
    np.testing.assert_array_equal(top["job"], jobs["id"][order])
    assert top["job"].iloc[0] == s["largest_job_id"]
