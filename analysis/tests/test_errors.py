"""Files the kit cannot read get one clear error naming the file and the cause; version 1 files
are read, and files without /summary are refused by the report."""
import shutil
import subprocess

import h5py
import pytest

from conftest import REPORT
from fleetsim_analysis import SchemaError, load_run, pod_timeline_frame, jobs_frame, summary
from fleetsim_analysis.schema import (V5_FIELDS, V5_GROUPS, V6_FIELDS, V7_FIELDS, V8_FIELDS,
                                       V9_FIELDS, V10_FIELDS, V11_FIELDS)


def copy(src, tmp_path, name="x.h5"):
    dst = tmp_path / name
    shutil.copy(src, dst)
    return dst


def report_error(path, tmp_path):
    res = subprocess.run([str(REPORT), str(path), "--out", str(tmp_path / "rep")],
                         capture_output=True, text=True)
    assert res.returncode == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert not (tmp_path / "rep" / "report.md").exists()
    return lines[0]


def test_missing_dataset(giant_file, tmp_path):
    bad = copy(giant_file, tmp_path)
    with h5py.File(bad, "r+") as f:
        del f["jobs/lost_gpu_seconds"]
    with pytest.raises(SchemaError, match=r"x\.h5: missing dataset /jobs/lost_gpu_seconds "
                                          r"\(required by schema version 11\)"):
        load_run(bad)
    assert "missing dataset /jobs/lost_gpu_seconds" in report_error(bad, tmp_path)


def test_missing_group(giant_file, tmp_path):
    bad = copy(giant_file, tmp_path)
    with h5py.File(bad, "r+") as f:
        del f["clusters"]
    with pytest.raises(SchemaError, match="missing group /clusters"):
        load_run(bad)


def test_unknown_schema_version(giant_file, tmp_path):
    bad = copy(giant_file, tmp_path)
    with h5py.File(bad, "r+") as f:
        f.attrs["schema_version"] = 99
    with pytest.raises(SchemaError, match=r"schema version 99 is not supported \(this analysis "
                                          r"kit reads versions 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11\)"):
        load_run(bad)
    assert "schema version 99 is not supported" in report_error(bad, tmp_path)


def test_not_fleetsim_and_not_hdf5(tmp_path):
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as f:
        f["x"] = [1, 2, 3]
    with pytest.raises(SchemaError, match="not a fleetsim output file"):
        load_run(other)
    text = tmp_path / "text.h5"
    text.write_text("layout,seed\n")
    with pytest.raises(SchemaError, match="not a readable HDF5 file"):
        load_run(text)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "empty: no .h5 files in this directory" in report_error(empty, tmp_path)


def old_version(src, tmp_path, version, name):
    """A copy of a current file as the older version wrote it: without the groups it lacked,
    and without the root attribute `complete` (version 6 added it)."""
    old = copy(src, tmp_path, name)
    with h5py.File(old, "r+") as f:
        f.attrs["schema_version"] = version
        # A version-N file lacks the fields version N + 1 added (and keeps the later ones).
        added_next = {10: V11_FIELDS, 9: V10_FIELDS, 8: V9_FIELDS, 7: V8_FIELDS, 6: V7_FIELDS}
        if version in added_next:
            for group, names in added_next[version].items():
                for n in names:
                    del f[f"{group}/{n}"]
            return old
        del f.attrs["complete"]
        if version == 5:
            for group, names in V6_FIELDS.items():
                for n in names:
                    del f[f"{group}/{n}"]
            return old
        for group in V5_GROUPS:
            del f[group]
        for group, names in V5_FIELDS.items():
            for n in names:
                del f[f"{group}/{n}"]
        if version == 4:
            return old
        for group in ("summary", "summary_by_class", "summary_largest_jobs"):
            del f[group]
        if version < 3:
            del f["jobs/recorded_outcome"]
        if version < 2:
            del f["pod_timeline"]
            del f["job_events"]
    return old


def test_version_1_files_are_read(giant_file, tmp_path):
    """A version 1 file (no /pod_timeline, no /job_events) reads; asking for what it lacks says
    so."""
    run = load_run(old_version(giant_file, tmp_path, 1, "v1.h5"))
    assert run.version == 1 and len(jobs_frame(run)) > 0
    with pytest.raises(SchemaError, match="schema version 1 has no /pod_timeline"):
        pod_timeline_frame(run)


def test_files_without_summary_are_refused_by_the_report(giant_file, tmp_path):
    """Versions 1-3 have no /summary: the tables read, the headline figures are refused (the kit
    never recomputes them), and the report says so in one line."""
    for version in (1, 2, 3):
        old = old_version(giant_file, tmp_path, version, f"v{version}.h5")
        run = load_run(old)
        assert run.version == version and len(jobs_frame(run)) > 0
        with pytest.raises(SchemaError, match=rf"v{version}\.h5: schema version {version} has no "
                                              r"/summary \(the headline figures appeared in "
                                              r"version 4\); rerun the scenario"):
            summary(run)
        assert f"schema version {version} has no /summary" in report_error(old, tmp_path)


def test_version_4_files_report_without_cost(giant_file, tmp_path):
    """A version 4 file has /summary but no cost fields, /fabric or /failures_by_component: the
    report is written with `-` in the cost rows."""
    old = old_version(giant_file, tmp_path, 4, "v4.h5")
    run = load_run(old)
    assert run.version == 4 and "capex_usd" not in summary(run)
    res = subprocess.run([str(REPORT), str(old), "--out", str(tmp_path / "rep4")],
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    text = (tmp_path / "rep4" / "report.md").read_text()
    assert "| cost per useful GPU-hour | - |" in text


def test_missing_summary_field(giant_file, tmp_path):
    bad = copy(giant_file, tmp_path)
    with h5py.File(bad, "r+") as f:
        del f["summary/wait_p90_h"]
    with pytest.raises(SchemaError, match=r"missing dataset /summary/wait_p90_h"):
        load_run(bad)


def test_optional_group_absent(compare_dir, tmp_path):
    run = load_run(compare_dir / "giant.h5")
    pod_timeline_frame(run)
    from fleetsim_analysis import events_frame
    no_log = load_run(copy(compare_dir / "giant.h5", tmp_path))
    with h5py.File(no_log.path, "r+") as f:
        del f["job_events"]
    with pytest.raises(SchemaError, match=r"no /job_events in this file \(run with "
                                          r"--output.event_log true"):
        events_frame(no_log)
    assert run.version == 11


def test_a_file_without_complete_is_refused(giant_file, tmp_path):
    """`complete` = 1 is written last: a version-6 file without it (its run did not finish), or
    with another value, is refused in one line naming the file; the report exits 2."""
    torn = copy(giant_file, tmp_path, "torn.h5")
    with h5py.File(torn, "r+") as f:
        assert f.attrs["complete"] == 1
        del f.attrs["complete"]
    with pytest.raises(SchemaError, match=r"torn\.h5: not a complete fleetsim output \(no root "
                                          r"attribute 'complete': the run that wrote it did not "
                                          r"finish"):
        load_run(torn)
    assert report_error(torn, tmp_path).startswith(
        f"report: error: {torn}: not a complete fleetsim output (no root attribute 'complete'")
    zero = copy(giant_file, tmp_path, "zero.h5")
    with h5py.File(zero, "r+") as f:
        f.attrs["complete"] = 0
    with pytest.raises(SchemaError, match=r"zero\.h5: not a complete fleetsim output \(root "
                                          r"attribute 'complete' is 0, not 1\)"):
        load_run(zero)


def test_a_version_5_file_needs_no_complete(giant_file, tmp_path):
    """Version 5 predates `complete`: such a file loads and reports as before."""
    run = load_run(old_version(giant_file, tmp_path, 5, "v5.h5"))
    assert run.version == 5 and "complete" not in run.attrs and len(summary(run)) > 0


def test_same_seed_twice(compare_dir, tmp_path):
    dup = copy(compare_dir / "giant.h5", tmp_path, "again.h5")
    res = subprocess.run([str(REPORT), str(compare_dir / "giant.h5"), str(dup), "--out",
                          str(tmp_path / "rep")], capture_output=True, text=True)
    assert res.returncode == 2 and "two runs of 'giant' with seed 1" in res.stderr


def test_a_version_6_file_loads_without_the_spanning_fields(giant_file, tmp_path):
    """Version 6 predates jobs spanning sites: its tables and summary load without them."""
    run = load_run(old_version(giant_file, tmp_path, 6, "v6.h5"))
    assert run.version == 6 and "sites" not in jobs_frame(run).columns
    assert "held_gpu_hours" not in summary(run) and len(summary(run)) > 0


def test_a_version_7_file_loads_without_partitions(giant_file, tmp_path):
    """Version 7 predates partitions: its jobs load without /jobs/partition."""
    run = load_run(old_version(giant_file, tmp_path, 7, "v7.h5"))
    assert run.version == 7 and "partition" not in jobs_frame(run).columns
    assert "sites" in jobs_frame(run).columns and len(jobs_frame(run)) > 0


def test_a_version_8_file_loads_without_switch_waits(giant_file, tmp_path):
    """Version 8 predates sched.switches: its jobs load without /jobs/switch_wait."""
    run = load_run(old_version(giant_file, tmp_path, 8, "v8.h5"))
    assert run.version == 8 and "switch_wait" not in jobs_frame(run).columns
    assert "partition" in jobs_frame(run).columns and "switch_wait_hours" not in summary(run)


def test_a_version_9_file_loads_without_elastic_counts(giant_file, tmp_path):
    """Version 9 predates failures.recovery: its jobs load without /jobs/elastic_shrinks."""
    run = load_run(old_version(giant_file, tmp_path, 9, "v9.h5"))
    assert run.version == 9 and "elastic_shrinks" not in jobs_frame(run).columns
    assert "switch_wait" in jobs_frame(run).columns and "elastic_shrunk_gpu_hours" not in summary(run)


def test_a_version_10_file_loads_without_migrations(giant_file, tmp_path):
    """Version 10 predates sched.migrate_interrupted: its jobs load without /jobs/migrations."""
    run = load_run(old_version(giant_file, tmp_path, 10, "v10.h5"))
    assert run.version == 10 and "migrations" not in jobs_frame(run).columns
    assert "elastic_shrinks" in jobs_frame(run).columns and "migrate_hours" not in summary(run)
