"""The summary figures of one fleetsim HDF5 file: its /summary, which fleetsim computed when it
wrote the file (docs/output.md defines every figure; nothing is recomputed here).

The merged table's columns are RUN_COLUMNS (from the root attributes) and then the /summary
fields under their own names. The Slurm tests check these values against the datasets and against
the table fleetsim itself printed for each point.
"""

import h5py

# Identity of the run, from root attributes, before the /summary fields.
RUN_COLUMNS = ["layout_name", "clusters", "total_gpus", "duration_days"]

# fleetsim writes the root attribute `complete` = 1 last; files of schema version 6 on without it
# are not finished (docs/output.md "Complete files"); older versions predate it.
COMPLETE_SINCE = 6


class IncompleteFile(ValueError):
    """A file whose run did not finish: no root attribute `complete` = 1."""


def check_complete(attrs):
    """Raises IncompleteFile unless `complete` = 1 (or the schema version predates it)."""
    if "complete" in attrs:
        if attrs["complete"] != 1:
            raise IncompleteFile(f"not a complete fleetsim output (root attribute 'complete' is "
                                 f"{attrs['complete']}, not 1)")
    elif int(attrs.get("schema_version", COMPLETE_SINCE)) >= COMPLETE_SINCE:
        raise IncompleteFile("not a complete fleetsim output (no root attribute 'complete': the "
                             "run that wrote it did not finish)")


def summarize(path):
    """{column: value} for one file: RUN_COLUMNS, then /summary's fields (by name). Raises
    OSError/KeyError when the file is not a whole run, IncompleteFile when it lacks `complete`,
    ValueError when it has no /summary (written by a fleetsim before schema version 4)."""
    with h5py.File(path, "r") as f:
        a = f.attrs
        check_complete(a)
        if "summary" not in f:
            raise ValueError(f"no /summary: schema version {a.get('schema_version', '?')}, "
                             "written before schema version 4; rerun the point")
        out = {"layout_name": str(a["layout"]), "clusters": int(a["clusters"]),
               "total_gpus": int(a["total_gpus"]),
               "duration_days": float(a["duration"]) / 86400}
        for name, ds in f["summary"].items():
            if ds.shape != (1,):
                raise ValueError(f"/summary/{name} has shape {ds.shape}, not one row")
            out[name] = ds[0].item()  # ints stay ints, floats floats (NaN: an empty sample)
    return out


def figure_columns(figures_list):
    """The merged table's figure columns: RUN_COLUMNS, then every /summary field met, in order of
    first appearance (files of one fleetsim all have the same)."""
    cols = list(RUN_COLUMNS)
    for figures in figures_list:
        cols += [k for k in figures if k not in cols]
    return cols


def seed_of(path):
    with h5py.File(path, "r") as f:
        return int(f.attrs["seed"])
