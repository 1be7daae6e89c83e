"""Reading fleetsim output files into pandas DataFrames, with their schema checked first."""
import configparser
import os
from dataclasses import dataclass, field
from pathlib import Path

import h5py
import numpy as np
import pandas as pd

from . import schema
from .schema import SchemaError


@dataclass
class Run:
    """One output file: its root attributes and, read on first use, its tables."""
    path: str
    attrs: dict
    version: int
    _frames: dict = field(default_factory=dict, repr=False)

    @property
    def layout(self):
        return self.attrs["layout"]

    @property
    def seed(self):
        return int(self.attrs["seed"])

    @property
    def duration(self):
        return float(self.attrs["duration"])

    @property
    def total_gpus(self):
        return int(self.attrs["total_gpus"])

    def config(self):
        """The resolved configuration as {"section.key": "value"} (root keys without a dot)."""
        parser = configparser.ConfigParser(interpolation=None)
        parser.optionxform = str
        parser.read_string("[__root__]\n" + self.attrs["config"])
        out = {}
        for section in parser.sections():
            for key, value in parser.items(section):
                out[key if section == "__root__" else f"{section}.{key}"] = value
        return out

    def table(self, group):
        """The group's datasets as a DataFrame, columns in file order."""
        if group not in self._frames:
            self._frames[group] = _read_group(self, group)
        return self._frames[group]


def _text(value):
    return value.decode() if isinstance(value, bytes) else value


def _read_group(run, group):
    fields, _ = schema.SCHEMAS[run.version].get(group, (None, False))
    if fields is None:
        if group in schema.SUMMARY_GROUPS:
            raise SchemaError(
                f"{run.path}: schema version {run.version} has no /{group} (the headline figures "
                f"appeared in version 4); rerun the scenario with this "
                f"fleetsim (the file's `config` attribute reproduces it)")
        raise SchemaError(f"{run.path}: schema version {run.version} has no /{group} "
                          f"(it appeared in a later version)")
    with h5py.File(run.path, "r") as f:
        if group not in f:
            hint = {"pod_timeline": " (written with output.pod_timeline = false)",
                    "job_events": " (run with --output.event_log true to record it)"}.get(group, "")
            raise SchemaError(f"{run.path}: no /{group} in this file{hint}")
        g = f[group]
        columns = {}
        for name in fields:
            if name not in g:
                raise SchemaError(f"{run.path}: missing dataset /{group}/{name} "
                                  f"(required by schema version {run.version})")
            columns[name] = g[name][()]
        lengths = {len(v) for v in columns.values()}
        if len(lengths) > 1:
            raise SchemaError(f"{run.path}: the datasets of /{group} differ in length")
    return pd.DataFrame(columns)


def check_complete(path, attrs, version):
    """SchemaError unless the file is complete: `complete` = 1, or a version before it existed."""
    name = schema.COMPLETE_ATTRIBUTE
    if name in attrs:
        value = attrs[name]
        if value != 1:
            raise SchemaError(f"{path}: not a complete fleetsim output (root attribute '{name}' "
                              f"is {value}, not 1)")
    elif version >= schema.COMPLETE_SINCE:
        raise SchemaError(f"{path}: not a complete fleetsim output (no root attribute '{name}': "
                          f"the run that wrote it did not finish, or another program wrote it)")


def load_run(path):
    """Opens one fleetsim output file and checks its schema; tables are read on first use.

    Raises SchemaError (naming the file) for a file that is not HDF5, not fleetsim's, not
    complete (no root attribute `complete` = 1: its run did not finish), of an unsupported
    schema version, or missing a required dataset."""
    path = os.fspath(path)
    if not os.path.isfile(path):
        raise SchemaError(f"{path}: no such file")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise SchemaError(f"{path}: not a readable HDF5 file ({e})") from None
    with f:
        if "schema_version" not in f.attrs:
            raise SchemaError(f"{path}: no schema_version attribute: not a fleetsim output file")
        version = int(f.attrs["schema_version"])
        check_complete(path, f.attrs, version)
        if version not in schema.SCHEMAS:
            raise SchemaError(
                f"{path}: schema version {version} is not supported (this analysis kit reads "
                f"versions {', '.join(map(str, schema.SUPPORTED_VERSIONS))}); use the analysis/ "
                f"of the fleetsim that wrote it")
        for name in schema.ROOT_ATTRIBUTES:
            if name not in f.attrs:
                raise SchemaError(f"{path}: missing root attribute {name} "
                                  f"(required by schema version {version})")
        for group, (fields, required) in schema.SCHEMAS[version].items():
            if group not in f:
                if required:
                    raise SchemaError(f"{path}: missing group /{group} "
                                      f"(required by schema version {version})")
                continue
            for name in fields:
                if name not in f[group]:
                    raise SchemaError(f"{path}: missing dataset /{group}/{name} "
                                      f"(required by schema version {version})")
        attrs = {k: _text(v) for k, v in f.attrs.items()}
        for k, v in attrs.items():
            if isinstance(v, np.generic):
                attrs[k] = v.item()
    return Run(path=path, attrs=attrs, version=version)


def find_run_files(paths):
    """The .h5 files named, or found (recursively, sorted) under the directories named."""
    files = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(q for q in p.rglob("*.h5") if q.is_file())
            if not found:
                raise SchemaError(f"{p}: no .h5 files in this directory")
            files += found
        elif p.exists():
            files.append(p)
        else:
            raise SchemaError(f"{p}: no such file or directory")
    return [str(f) for f in files]


def load_runs(paths):
    """load_run for every file named or found under the directories named."""
    return [load_run(f) for f in find_run_files(paths)]


def jobs_frame(run):
    """/jobs, one row per job (row = id), plus `wait` (s; NaN if never started) and the class
    and state names."""
    jobs = run.table("jobs").copy()
    jobs["wait"] = np.where(jobs["start_time"] >= 0, jobs["start_time"] - jobs["submit_time"],
                            np.nan)
    jobs["class_name"] = jobs["job_class"].map(schema.JOB_CLASSES)
    jobs["state_name"] = jobs["state"].map(schema.JOB_STATES)
    return jobs


def timeline_frame(run):
    """/timeline: per cluster and sample time, GPU states and queue lengths."""
    return run.table("timeline").copy()


def pod_timeline_frame(run):
    """/pod_timeline (since schema 2): per pod and sample time, busy/idle/failed GPUs."""
    return run.table("pod_timeline").copy()


def failures_frame(run):
    """/failures: one row per failure; from schema 5 with the component's name."""
    df = run.table("failures").copy()
    if "component" in df:
        df["component_name"] = df["component"].map(schema.COMPONENTS)
    return df


def clusters_frame(run):
    """/clusters: one row per cluster, totals over the run."""
    return run.table("clusters").copy()


def events_frame(run):
    """/job_events (since schema 2, with output.event_log = true), plus the kind's name."""
    events = run.table("job_events").copy()
    events["kind_name"] = events["kind"].map(schema.EVENT_KINDS)
    return events


def summary(run):
    """/summary (schema 4): the run's headline figures as {name: value}, computed by fleetsim
    when it wrote the file (docs/output.md defines each; NaN marks an empty sample)."""
    row = run.table("summary")
    if len(row) != 1:
        raise SchemaError(f"{run.path}: /summary has {len(row)} rows, not 1")
    return {k: row[k].iloc[0].item() for k in row.columns}  # per column: ints stay ints


def summary_by_class_frame(run):
    """/summary_by_class (schema 4): one row per job class, plus the class's name."""
    df = run.table("summary_by_class").copy()
    df["class_name"] = df["job_class"].map(schema.JOB_CLASSES)
    return df


def largest_jobs_frame(run):
    """/summary_largest_jobs (schema 4): the 5 jobs requesting the most GPUs, largest first, with
    their time to train (`days`, projected when `projected` is 1)."""
    return run.table("summary_largest_jobs").copy()


def fabric_frame(run):
    """/fabric (schema 5): one row per cluster: its network (tiers, switches per tier, links,
    transceivers, bisection), capex, power and manual incidents, as fleetsim computed them."""
    return run.table("fabric").copy()


def failures_by_component_frame(run):
    """/failures_by_component (schema 5): failures, GPU-hours lost and jobs hit per component kind
    over the layout, plus the kind's name."""
    df = run.table("failures_by_component").copy()
    df["component_name"] = df["component"].map(schema.COMPONENTS)
    return df


def field_descriptions(run, group):
    """{field: (units, description)} of a group, from the datasets' attributes in the file."""
    with h5py.File(run.path, "r") as f:
        if group not in f:
            raise SchemaError(f"{run.path}: no /{group} in this file")
        return {name: (_text(ds.attrs.get("units", "")), _text(ds.attrs.get("description", "")))
                for name, ds in f[group].items()}
