"""The sweep directory: manifest of points, per-task arguments, batch script, submissions.

DIR/sweep.ini        copy of the sweep file as submitted
DIR/sweep.json       the resolved settings (ranks, launcher, fleetsim binary, ...)
DIR/manifest.csv     one row per point: task, point, seed, the grid's options, file
DIR/tasks/T.args     fleetsim's arguments for array task T, one per line
DIR/sweep.sbatch     the batch script (#SBATCH headers; one array task per point)
DIR/submissions.tsv  one line per submission: array job id, task list, time, kind
DIR/logs/            Slurm output of each task (JOBID_TASK.out), local-T.out for run-local
DIR/status/T         "JOBID_T exit RC" written by a task when fleetsim returned
DIR/status/T.resumed "JOBID_T SNAPSHOT" per run of task T that resumed from a snapshot
DIR/snapshots/T/     task T's newest snapshots (removed when it completes; docs/snapshots.md)
DIR/POINT.h5         the results: one HDF5 file per point
"""

import csv
import json
import os
import re
import shlex
import shutil
import subprocess
import time
from dataclasses import dataclass

from . import sweepfile
from .errors import SweepError

SLURM_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_DIR = os.path.dirname(SLURM_DIR)


@dataclass
class Point:
    task: int
    point: str
    seed: int
    params: dict
    file: str  # file name inside DIR


def default_fleetsim():
    return os.environ.get("FLEETSIM") or os.path.join(REPO_DIR, "build", "bin", "fleetsim")


def fleetsim_options(binary):
    """Option names `fleetsim run --help` lists (to reject typos before anything runs)."""
    try:
        out = subprocess.run([binary, "run", "--help"], capture_output=True, text=True,
                             timeout=60).stdout
    except OSError as e:
        raise SweepError(f"fleetsim binary {binary}: cannot run ({e.strerror}); build it with "
                         "./scripts/build or set [sweep] fleetsim = PATH") from None
    names = set(re.findall(r"^\s+(?:-\w \[ )?--([a-z][\w.]*)", out, re.M))
    if not names:
        raise SweepError(f"fleetsim binary {binary}: `run --help` lists no options")
    return names


def load_sweep(sweep_path, fleetsim=None):
    """Parses the sweep file, checking option names against the fleetsim it will run."""
    sweep = sweepfile.load(sweep_path)  # settings first: they name the binary
    binary = os.path.abspath(fleetsim or sweep.fleetsim or default_fleetsim())
    if not os.access(binary, os.X_OK):
        raise SweepError(f"fleetsim binary {binary}: not found or not executable; build it with "
                         "./scripts/build or set [sweep] fleetsim = PATH")
    sweep = sweepfile.load(sweep_path, fleetsim_options(binary))
    sweep.fleetsim = binary
    return sweep


def _points(sweep):
    pts = sweep.points()
    width = max(2, len(str(max(c for c, _, _ in pts))))
    return [Point(t, f"c{c:0{width}d}-s{seed}", seed, params, f"c{c:0{width}d}-s{seed}.h5")
            for t, (c, seed, params) in enumerate(pts)]


def _task_args(sweep, pt, out_dir):
    args = []
    if sweep.config:
        args += ["--config", sweep.config]
    for k, v in sweep.fixed:
        args += [f"--{k}", v]
    for k, v in pt.params.items():
        args += [f"--{k}", v]
    args += ["--seed", str(pt.seed), "--out", os.path.join(out_dir, pt.file)]
    if sweep.threads > 1:
        args += ["--threads", str(sweep.threads)]
    if sweep.snapshot_every:
        # A task stopped by its time limit, preempted or killed resumes from the newest one
        # (sweep.sbatch, run-local: --resume DIR/snapshots/T when it holds a snapshot).
        args += ["--snapshot-every", sweep.snapshot_every,
                 "--snapshot-dir", os.path.join(out_dir, "snapshots", str(pt.task))]
    return args


def _batch_script(sweep, out_dir, n_tasks):
    with open(os.path.join(SLURM_DIR, "sweep.sbatch.in"), encoding="utf-8") as f:
        text = f.read()
    if sweep.launcher == "srun":
        # srun 22.05 does not inherit --cpus-per-task from the allocation: pass it on.
        launch = (f"srun --mpi={shlex.quote(sweep.srun_mpi)} --ntasks=\"$SLURM_NTASKS\" "
                  "--cpus-per-task=\"$SLURM_CPUS_PER_TASK\"")
    else:
        launch = "mpirun -n \"$SLURM_NTASKS\""
    extra = "".join(f"#SBATCH --{k}" + (f"={v}" if v else "") + "\n" for k, v in sweep.sbatch)
    subst = {
        "@NAME@": sweep.name,
        "@JOB_NAME@": f"fleetsim-{sweep.name}",
        "@ARRAY@": array_spec(range(n_tasks), sweep.throttle),
        "@RANKS@": str(sweep.ranks),
        "@THREADS@": str(sweep.threads),
        "@TIME@": sweep.time,
        "@DIR@": out_dir,
        "@EXTRA_SBATCH@\n": extra,
        "@LAUNCH@": launch,
        "@FLEETSIM@": shlex.quote(sweep.fleetsim),
    }
    for k, v in subst.items():
        text = text.replace(k, v)
    return text


def array_spec(tasks, throttle=0):
    """[0,1,2,5,7,8] -> '0-2,5,7-8' (+ '%throttle'): sbatch --array syntax."""
    tasks = sorted(tasks)
    parts = []
    i = 0
    while i < len(tasks):
        j = i
        while j + 1 < len(tasks) and tasks[j + 1] == tasks[j] + 1:
            j += 1
        parts.append(str(tasks[i]) if i == j else f"{tasks[i]}-{tasks[j]}")
        i = j + 1
    return ",".join(parts) + (f"%{throttle}" if throttle else "")


def parse_array_spec(spec):
    """'0-2,5%4' -> {0, 1, 2, 5}."""
    out = set()
    for part in spec.split("%")[0].split(","):
        a, _, b = part.partition("-")
        out.update(range(int(a), int(b or a) + 1))
    return out


def prepare(sweep, out_dir):
    """Writes the sweep directory (not the results). Refuses a directory holding another sweep."""
    out_dir = os.path.abspath(out_dir)
    if re.search(r"\s", out_dir):
        raise SweepError(f"--out {out_dir}: the path must not hold whitespace (#SBATCH lines "
                         "cannot quote it)")
    if os.path.exists(os.path.join(out_dir, "manifest.csv")):
        raise SweepError(f"--out {out_dir}: already holds a sweep (manifest.csv); use "
                         "slurm/resubmit or slurm/run-local on it, or choose another directory")
    parent = os.path.dirname(out_dir)
    if not os.path.isdir(parent):
        raise SweepError(f"--out {out_dir}: parent directory {parent} does not exist")
    points = _points(sweep)
    for sub in ("tasks", "logs", "status", "snapshots"):
        os.makedirs(os.path.join(out_dir, sub), exist_ok=True)
    shutil.copyfile(sweep.path, os.path.join(out_dir, "sweep.ini"))
    settings = {k: getattr(sweep, k) for k in
                ("path", "name", "ranks", "threads", "time", "throttle", "launcher",
                 "srun_mpi", "config", "fleetsim", "snapshot_every")}
    with open(os.path.join(out_dir, "sweep.json"), "w", encoding="utf-8") as f:
        json.dump(settings, f, indent=1)
    columns = sweep.grid_options()
    for pt in points:
        with open(os.path.join(out_dir, "tasks", f"{pt.task}.args"), "w", encoding="utf-8") as f:
            f.write("".join(a + "\n" for a in _task_args(sweep, pt, out_dir)))
    script = os.path.join(out_dir, "sweep.sbatch")
    with open(script, "w", encoding="utf-8") as f:
        f.write(_batch_script(sweep, out_dir, len(points)))
    os.chmod(script, 0o755)
    # The manifest last: its presence marks a fully prepared directory.
    with open(os.path.join(out_dir, "manifest.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["task", "point", "seed", *columns, "file"])
        for pt in points:
            w.writerow([pt.task, pt.point, pt.seed, *[pt.params.get(c, "") for c in columns],
                        pt.file])
    return out_dir, points


class SweepDir:
    """A prepared sweep directory, read back."""

    def __init__(self, path):
        self.path = os.path.abspath(path)
        manifest = os.path.join(self.path, "manifest.csv")
        if not os.path.isfile(manifest):
            raise SweepError(f"{self.path}: not a sweep directory (no manifest.csv); create one "
                             "with slurm/submit-sweep or slurm/run-local")
        with open(os.path.join(self.path, "sweep.json"), encoding="utf-8") as f:
            self.settings = json.load(f)
        with open(manifest, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        header = rows[0]
        self.columns = header[3:-1]
        self.points = [Point(int(r[0]), r[1], int(r[2]), dict(zip(self.columns, r[3:-1])), r[-1])
                       for r in rows[1:]]

    def file(self, pt):
        return os.path.join(self.path, pt.file)

    def args(self, pt):
        with open(os.path.join(self.path, "tasks", f"{pt.task}.args"), encoding="utf-8") as f:
            return f.read().splitlines()

    def status_path(self, task):
        return os.path.join(self.path, "status", str(task))

    def snapshot_dir(self, task):
        return os.path.join(self.path, "snapshots", str(task))

    def resume_from(self, task):
        """The newest snapshot of task T (what `fleetsim run --resume DIR/snapshots/T` takes),
        or None."""
        d = self.snapshot_dir(task)
        try:
            names = sorted(n for n in os.listdir(d)
                           if n.startswith("snapshot-") and n.endswith(".fss"))
        except OSError:
            return None
        return os.path.join(d, names[-1]) if names else None

    def record_resume(self, task, job, snapshot):
        with open(self.status_path(task) + ".resumed", "a", encoding="utf-8") as f:
            f.write(f"{job} {snapshot}\n")

    def resumes(self, task):
        """[(job, snapshot file name)] of every run of task T that resumed from a snapshot."""
        try:
            with open(self.status_path(task) + ".resumed", encoding="utf-8") as f:
                return [tuple(ln.split(maxsplit=1)) for ln in f.read().splitlines() if ln.strip()]
        except OSError:
            return []

    def submissions(self):
        """[(job id, set of tasks, kind)] oldest first."""
        out = []
        path = os.path.join(self.path, "submissions.tsv")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    job, spec, _, kind = line.rstrip("\n").split("\t")
                    out.append((job, parse_array_spec(spec), kind))
        return out

    def record_submission(self, job, tasks, kind):
        with open(os.path.join(self.path, "submissions.tsv"), "a", encoding="utf-8") as f:
            f.write(f"{job}\t{array_spec(tasks)}\t{time.strftime('%Y-%m-%dT%H:%M:%S')}\t{kind}\n")
