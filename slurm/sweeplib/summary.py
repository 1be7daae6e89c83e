"""The summary figures of one fleetsim HDF5 file: its /summary, which fleetsim computed when it
wrote the file (docs/output.md defines every figure; nothing is recomputed here).

The merged table's columns are RUN_COLUMNS (from the root attributes) and then the /summary
fields under their own names. The Slurm tests check these values against the datasets and against
the table fleetsim itself printed for each point.
"""

import h5py

# Identity of the run, from root attributes, before the /summary fields.
RUN_COLUMNS = ["layout_name", "clusters", "total_gpus", "duration_days"]


def summarize(path):
    """{column: value} for one file: RUN_COLUMNS, then /summary's fields (by name). Raises
    OSError/KeyError when the file is not a whole run, ValueError when it has no /summary
    (written by a fleetsim before schema version 4)."""
    with h5py.File(path, "r") as f:
        a = f.attrs
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
