"""sbatch of a sweep's batch script for a set of array tasks (submit-sweep and resubmit)."""

import os
import re
import shlex
import subprocess

from .errors import SweepError
from .manifest import array_spec


def max_array_size():
    """Slurm's MaxArraySize (task ids must stay below it), or None when unknown."""
    try:
        out = subprocess.run(["scontrol", "show", "config"], capture_output=True, text=True,
                             timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r"^MaxArraySize\s*=\s*(\d+)", out, re.M)
    return int(m.group(1)) if m else None


def check_array_size(n_tasks):
    limit = max_array_size()
    if limit is not None and n_tasks - 1 >= limit:
        raise SweepError(f"the sweep has {n_tasks} points but this cluster's MaxArraySize is "
                         f"{limit} (task ids 0..{limit - 1}): split it into smaller sweeps")


def sbatch(sd, tasks, throttle, extra=(), dry_run=False):
    """Submits DIR/sweep.sbatch as an array of the given tasks; returns the array job id."""
    cmd = ["sbatch", "--parsable", f"--array={array_spec(tasks, throttle)}", *extra,
           os.path.join(sd.path, "sweep.sbatch")]
    print("+ " + " ".join(shlex.quote(c) for c in cmd), flush=True)
    if dry_run:
        return None
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    except OSError as e:
        raise SweepError(f"sbatch: cannot run ({e.strerror}); is Slurm's client installed? "
                         f"Without a cluster use slurm/run-local {sd.path}") from None
    if p.returncode != 0:
        raise SweepError(f"sbatch failed (exit {p.returncode}): {p.stderr.strip()}")
    job = p.stdout.strip().split(";")[0]
    if not job.isdigit():
        raise SweepError(f"sbatch: unexpected answer '{p.stdout.strip()}'")
    sd.record_submission(job, tasks, "slurm")
    # Status files of earlier attempts would describe the old run of these tasks.
    for t in tasks:
        try:
            os.remove(sd.status_path(t))
        except FileNotFoundError:
            pass
    return job
