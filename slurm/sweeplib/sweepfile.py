"""Reads a sweep file (INI) into settings and the list of points.

A sweep file has a [sweep] section (how to run), [fixed] (options every point gets), one or more
[grid] / [grid NAME] sections (every combination of the listed values; the union of all grid
sections is swept), and optionally [sbatch] (extra #SBATCH options). A point is one combination
of values and one seed: one array task, one HDF5 file. See README.md "Parameter sweeps with Slurm".
"""

import itertools
import os
import re
import shlex
from dataclasses import dataclass, field

from .errors import SweepError

# Options the sweep sets itself for every point: a sweep file must not set them.
RESERVED_OPTIONS = {"seed", "out", "config", "threads", "help", "version", "snapshot-every",
                    "snapshot-dir", "snapshot-keep", "resume"}
# [sweep] snapshot_every: a fleetsim duration, or off (docs/snapshots.md).
_DURATION = re.compile(r"^\d+(\.\d+)?(us|ms|s|min|h|d|w|y)$")
# Values that name a file are resolved against the sweep file's folder, so a sweep can be
# submitted from anywhere and its tasks find the file from any working directory.
_PATH_VALUE = re.compile(r"(/|\.(ini|csv|gz|txt|json|h5)$)")
# Slurm's time formats: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S.
_SLURM_TIME = re.compile(r"^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+(:\d{1,2}(:\d{1,2})?)?)$")
_SBATCH_KEY = re.compile(r"^[a-z][a-z0-9-]*$")
# #SBATCH options the generated batch script sets from [sweep]; [sbatch] must not repeat them.
_SBATCH_OWN = {"array", "ntasks", "cpus-per-task", "time", "output", "error", "chdir",
               "job-name", "wait", "parsable"}


@dataclass
class Entry:
    value: str
    line: int


@dataclass
class Sweep:
    path: str
    name: str
    seeds: list
    ranks: int
    threads: int
    time: str
    throttle: int
    launcher: str
    srun_mpi: str
    config: str  # absolute path or ""
    fleetsim: str  # as given ("" = the repository's build)
    snapshot_every: str = "30d"  # each point snapshots this often and resumes from it; "" = off
    fixed: list = field(default_factory=list)  # [(option, value)]
    grids: list = field(default_factory=list)  # [(grid name, [(option, [values])], seeds)]
    sbatch: list = field(default_factory=list)  # [(key, value)]

    def grid_options(self):
        """Every option any grid varies, in order of first appearance: the manifest's columns."""
        seen = []
        for _, opts, _ in self.grids:
            for k, _ in opts:
                if k not in seen:
                    seen.append(k)
        return seen

    def points(self):
        """[(combination index, seed, {option: value})] in array-task order."""
        out = []
        combo = 0
        for _, opts, seeds in self.grids or [("", [], None)]:
            keys = [k for k, _ in opts]
            for values in itertools.product(*[v for _, v in opts]):
                for seed in seeds if seeds is not None else self.seeds:
                    out.append((combo, seed, dict(zip(keys, values))))
                combo += 1
        return out


def read_ini(path):
    """{section: {key: Entry}} with line numbers; sections and keys in file order."""
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise SweepError(f"{path}: cannot open file ({e.strerror})") from None
    sections = {}
    current = None
    for no, raw in enumerate(lines, 1):
        line = re.sub(r"\s[#;].*$", "", raw).strip()
        if not line or line[0] in "#;":
            continue
        m = re.fullmatch(r"\[\s*([A-Za-z][\w-]*(?:\s+[\w.-]+)?)\s*\]", line)
        if m:
            current = re.sub(r"\s+", " ", m.group(1))
            if current in sections:
                raise SweepError(f"{path}:{no}: section [{current}] appears twice")
            sections[current] = {}
            continue
        m = re.fullmatch(r"([A-Za-z][\w.-]*)\s*=\s*(.*)", line)
        if not m:
            raise SweepError(f"{path}:{no}: unparsable line '{raw.strip()}'")
        if current is None:
            raise SweepError(f"{path}:{no}: '{m.group(1)}' is outside any section")
        key, value = m.group(1), m.group(2).strip()
        if key in sections[current]:
            raise SweepError(f"{path}:{no}: '{key}' set twice in [{current}]")
        sections[current][key] = Entry(value, no)
    return sections


def parse_seeds(text, where):
    """'1 2 5-8' -> [1, 2, 5, 6, 7, 8]."""
    seeds = []
    for tok in text.replace(",", " ").split():
        m = re.fullmatch(r"(\d+)(?:-(\d+))?", tok)
        if not m or (m.group(2) and int(m.group(2)) < int(m.group(1))):
            raise SweepError(f"{where}: seeds: '{tok}' is not a seed or a range like 1-5")
        seeds += range(int(m.group(1)), int(m.group(2) or m.group(1)) + 1)
    if not seeds:
        raise SweepError(f"{where}: seeds: no seed given")
    if len(set(seeds)) != len(seeds):
        raise SweepError(f"{where}: seeds: a seed is listed twice")
    return seeds


def _resolve(value, base):
    if _PATH_VALUE.search(value) and not os.path.isabs(value):
        return os.path.normpath(os.path.join(base, value))
    return value


def load(path, known_options=None):
    """Parses and checks a sweep file. known_options: fleetsim's option names, to catch typos."""
    path = os.path.abspath(path)
    base = os.path.dirname(path)
    ini = read_ini(path)
    for name in ini:
        if name not in ("sweep", "fixed", "sbatch", "grid") and not name.startswith("grid "):
            line = min((e.line for e in ini[name].values()), default="?")
            raise SweepError(f"{path}: unknown section [{name}] (near line {line}); "
                             "expected [sweep], [fixed], [grid], [grid NAME], [sbatch]")
    if "sweep" not in ini:
        raise SweepError(f"{path}: no [sweep] section")
    s = ini["sweep"]
    allowed = {"name", "seeds", "ranks", "threads", "time", "throttle", "launcher", "srun_mpi",
               "config", "fleetsim", "snapshot_every"}
    for k, e in s.items():
        if k not in allowed:
            raise SweepError(f"{path}:{e.line}: unknown key '{k}' in [sweep]; "
                             f"known: {', '.join(sorted(allowed))}")

    def where(key):
        return f"{path}:{s[key].line}" if key in s else path

    def integer(key, default, low):
        if key not in s:
            return default
        v = s[key].value
        if not re.fullmatch(r"\d+", v) or int(v) < low:
            raise SweepError(f"{where(key)}: {key}: '{v}' is not an integer >= {low}")
        return int(v)

    name = s["name"].value if "name" in s else os.path.splitext(os.path.basename(path))[0]
    if not re.fullmatch(r"[\w.-]+", name):
        raise SweepError(f"{where('name')}: name: '{name}' may hold only letters, digits, . _ -")
    if "time" not in s:
        raise SweepError(f"{path}: [sweep] needs time = the Slurm time limit of one point "
                         "(e.g. 30 or 1:00:00)")
    if not _SLURM_TIME.match(s["time"].value):
        raise SweepError(f"{where('time')}: time: '{s['time'].value}' is not a Slurm time "
                         "(M, M:S, H:M:S, D-H, D-H:M, D-H:M:S)")
    launcher = s["launcher"].value if "launcher" in s else "srun"
    if launcher not in ("srun", "mpirun"):
        raise SweepError(f"{where('launcher')}: launcher: '{launcher}' is not srun or mpirun")
    sweep = Sweep(
        path=path, name=name,
        seeds=parse_seeds(s["seeds"].value, where("seeds")) if "seeds" in s else [1],
        ranks=integer("ranks", 1, 1), threads=integer("threads", 1, 1),
        time=s["time"].value, throttle=integer("throttle", 0, 0), launcher=launcher,
        srun_mpi=s["srun_mpi"].value if "srun_mpi" in s else "pmix",
        config=_resolve(s["config"].value, base) if "config" in s else "",
        fleetsim=_resolve(s["fleetsim"].value, base) if "fleetsim" in s else "")
    if "snapshot_every" in s:
        v = s["snapshot_every"].value
        if v != "off" and not _DURATION.match(v):
            raise SweepError(f"{where('snapshot_every')}: snapshot_every: '{v}' is not a duration "
                             "(e.g. 30d, 12h) or off")
        sweep.snapshot_every = "" if v == "off" else v
    if sweep.config and not os.path.isfile(sweep.config):
        raise SweepError(f"{where('config')}: config: {sweep.config}: no such file")

    def check_option(key, entry, section):
        if key in RESERVED_OPTIONS:
            raise SweepError(f"{path}:{entry.line}: [{section}] '{key}' is set by the sweep "
                             "itself (seeds, output file, [sweep] config/threads)")
        if known_options is not None and key not in known_options:
            raise SweepError(f"{path}:{entry.line}: [{section}] unknown fleetsim option '{key}' "
                             "(see fleetsim run --help)")

    for k, e in ini.get("fixed", {}).items():
        check_option(k, e, "fixed")
        if not e.value:
            raise SweepError(f"{path}:{e.line}: [fixed] '{k}' has no value")
        sweep.fixed.append((k, _resolve(e.value, base)))
    fixed_keys = {k for k, _ in sweep.fixed}

    for section, entries in ini.items():
        if section != "grid" and not section.startswith("grid "):
            continue
        opts, seeds = [], None
        for k, e in entries.items():
            if k == "seeds":
                seeds = parse_seeds(e.value, f"{path}:{e.line}")
                continue
            check_option(k, e, section)
            if k in fixed_keys:
                raise SweepError(f"{path}:{e.line}: [{section}] '{k}' is also in [fixed]")
            try:
                values = shlex.split(e.value)
            except ValueError as err:
                raise SweepError(f"{path}:{e.line}: [{section}] '{k}': {err}") from None
            if not values:
                raise SweepError(f"{path}:{e.line}: [{section}] '{k}' has no values")
            if len(set(values)) != len(values):
                raise SweepError(f"{path}:{e.line}: [{section}] '{k}' lists a value twice")
            opts.append((k, [_resolve(v, base) for v in values]))
        if not opts and seeds is None:
            raise SweepError(f"{path}: [{section}] is empty")
        sweep.grids.append((section, opts, seeds))

    for k, e in ini.get("sbatch", {}).items():
        if not _SBATCH_KEY.match(k) or k in _SBATCH_OWN:
            raise SweepError(f"{path}:{e.line}: [sbatch] '{k}' is not allowed (the sweep sets "
                             f"{', '.join(sorted(_SBATCH_OWN))} itself; keys are long sbatch "
                             "options without --)")
        if re.search(r"\s", e.value):
            raise SweepError(f"{path}:{e.line}: [sbatch] '{k}': values cannot hold whitespace")
        sweep.sbatch.append((k, e.value))
    return sweep
