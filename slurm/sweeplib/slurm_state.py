"""What Slurm knows about the array tasks of a sweep.

Sources, first that knows a task wins: squeue (pending and running tasks), sacct (accounting
database, when the cluster has one), `scontrol show job` (finished jobs, for MinJobAge seconds),
and the jobcomp/filetxt log (clusters without a database). Each answers (state, exit code).
"""

import re
import shutil
import subprocess

# States in which a task may still produce its file: never resubmitted.
ACTIVE = {"PENDING", "RUNNING", "CONFIGURING", "COMPLETING", "REQUEUED", "REQUEUE_HOLD",
          "REQUEUE_FED", "RESIZING", "SUSPENDED", "STAGE_OUT", "SIGNALING", "STOPPED"}


def _run(cmd):
    if not shutil.which(cmd[0]):
        return None
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return p.stdout if p.returncode == 0 else None


def _squeue(jobs):
    out = {}
    text = _run(["squeue", "-h", "-r", "-j", ",".join(jobs), "-o", "%F|%K|%T|%r"])
    for line in (text or "").splitlines():
        f = line.strip().split("|")
        if len(f) == 4 and f[0] in jobs and f[1].isdigit():
            out[(f[0], int(f[1]))] = (f[2], "", f"squeue, reason {f[3]}" if f[3] != "None"
                                      else "squeue")
    return out


def _sacct(jobs):
    out = {}
    text = _run(["sacct", "-X", "-n", "-P", "-j", ",".join(jobs), "-o", "JobID,State,ExitCode"])
    for line in (text or "").splitlines():
        f = line.split("|")
        m = re.fullmatch(r"(\d+)_(\d+)", f[0]) if len(f) == 3 else None
        if m and m.group(1) in jobs:  # "CANCELLED by 0" -> CANCELLED
            out[(m.group(1), int(m.group(2)))] = (f[1].split()[0], f[2], "sacct")
    return out


def _fields(line):
    return dict(re.findall(r"(\w+)=(\S*)", line))


def _scontrol(jobs):
    out = {}
    for job in jobs:
        for line in (_run(["scontrol", "-o", "show", "job", job]) or "").splitlines():
            f = _fields(line)
            if f.get("ArrayJobId") == job and f.get("ArrayTaskId", "").isdigit():
                out[(job, int(f["ArrayTaskId"]))] = (f.get("JobState", "?"),
                                                     f.get("ExitCode", ""), "scontrol")
    return out


def _jobcomp(jobs):
    config = _run(["scontrol", "show", "config"]) or ""
    kind = re.search(r"^JobCompType\s*=\s*(\S+)", config, re.M)
    loc = re.search(r"^JobCompLoc\s*=\s*(\S+)", config, re.M)
    if not kind or kind.group(1) != "jobcomp/filetxt" or not loc:
        return {}
    out = {}
    try:
        with open(loc.group(1), encoding="utf-8", errors="replace") as f:
            for line in f:  # later lines (a requeued task's last run) override earlier ones
                d = _fields(line)
                if d.get("ArrayJobId") in jobs and d.get("ArrayTaskId", "").isdigit():
                    out[(d["ArrayJobId"], int(d["ArrayTaskId"]))] = (
                        d.get("JobState", "?"), d.get("ExitCode", ""), "jobcomp")
    except OSError:
        return {}
    return out


def task_states(jobs):
    """{(array job id, task): (state, exit code 'N:S' or '', source)} for the given array jobs."""
    jobs = sorted({j for j in jobs if j.isdigit()})
    if not jobs:
        return {}
    merged = {}
    for source in (_jobcomp, _scontrol, _sacct, _squeue):  # later sources override earlier
        merged.update(source(jobs))
    return merged


def active_tasks(jobs):
    """{(array job id, task): state} of the given jobs' tasks still pending or running."""
    return {key: state for key, (state, _, _) in _squeue([j for j in jobs if j.isdigit()]).items()
            if state in ACTIVE}


def active_jobs(jobs):
    """Array job ids (of those given) that still have a pending or running task."""
    return {job for job, _ in active_tasks(jobs)}
