"""Sorting runs into the things compared: one group per layout and configuration, one run per
seed inside a group."""
from dataclasses import dataclass, field

from .schema import SchemaError

# Options that name the run or shape its file rather than change its results.
_NOT_A_DIFFERENCE = {"seed", "layout", "layouts"}


def _is_difference(key):
    return key not in _NOT_A_DIFFERENCE and not key.startswith("output.")


@dataclass
class Group:
    label: str
    runs: list = field(default_factory=list)

    @property
    def seeds(self):
        return [r.seed for r in self.runs]


def group_runs(runs):
    """Groups runs by layout plus every configuration option that differs between the runs given
    (seed excepted); groups are ordered by largest cluster first. Two runs of one group with the
    same seed are an error: they would count twice in the confidence intervals."""
    configs = [r.config() for r in runs]
    keys = sorted(set().union(*configs)) if configs else []
    varying = [k for k in keys if _is_difference(k) and len({c.get(k) for c in configs}) > 1]
    # An option that differs only between layouts (one a layout file sets, like 10x10k-span's
    # sched.oversize) is said by the layout's name already.
    by_layout = {}
    for run, cfg in zip(runs, configs):
        by_layout.setdefault(run.layout, []).append(cfg)
    varying = [k for k in varying
               if any(len({c.get(k) for c in cs}) > 1 for cs in by_layout.values())]
    groups = {}
    for run, cfg in zip(runs, configs):
        extra = ", ".join(f"{k}={cfg.get(k, '?')}" for k in varying)
        label = run.layout + (f" ({extra})" if extra else "")
        group = groups.setdefault(label, Group(label))
        for other in group.runs:
            if other.seed == run.seed:
                raise SchemaError(f"{run.path} and {other.path}: two runs of '{label}' with seed "
                                  f"{run.seed}; pass only one of them")
        group.runs.append(run)

    def largest_cluster(g):
        r = g.runs[0]
        return -r.total_gpus / int(r.attrs["clusters"])

    return sorted(groups.values(), key=lambda g: (largest_cluster(g), g.label))
