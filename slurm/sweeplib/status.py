"""The state of every point of a sweep: complete, or not and why (shared by collect, resubmit)."""

import os
from dataclasses import dataclass

from . import slurm_state, summary
from .manifest import Point


@dataclass
class PointState:
    point: Point
    state: str  # complete | failed | missing | incomplete | corrupt | pending | running | ...
    #             (Slurm's word, lower case)
    detail: str
    figures: dict = None  # summary figures when complete
    job: str = ""  # latest submission's "JOB_TASK" (or "local")

    @property
    def complete(self):
        return self.state == "complete"

    @property
    def active(self):
        return self.state.upper() in slurm_state.ACTIVE

    @property
    def resubmittable(self):
        return not self.complete and not self.active


def _last_error(path):
    """The last line of a task's log that reads like an error (what a user wants to see first)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [ln.strip() for ln in f if ln.strip()]
    except OSError:
        return ""
    for ln in reversed(lines):  # fleetsim's own one-line error says most
        if ln.startswith("fleetsim: error"):
            return ln[:300]
    for ln in reversed(lines):
        low = ln.lower()
        if "error" in low or "cancelled" in low or "killed" in low or "time limit" in low:
            return ln[:300]
    return lines[-1][:300] if lines else ""


def _read_status(path):
    try:
        with open(path, encoding="utf-8") as f:
            job, _, rc = f.read().split()
            return job, int(rc)
    except (OSError, ValueError):
        return None


def _resumed(sd, pt):
    """'; resumed from snapshot-....fss (job J)' for each run of the point that resumed."""
    return "".join(f"; resumed from {snap} (job {job})" for job, snap in sd.resumes(pt.task))


def point_states(sd, query_slurm=True):
    """[PointState] for every point of the manifest, in task order: none is ever left out."""
    latest = {}  # task -> (job id, kind) of the last submission that included it
    for job, tasks, kind in sd.submissions():
        for t in tasks:
            latest[t] = (job, kind)
    slurm = (slurm_state.task_states({j for j, k in latest.values() if k == "slurm"})
             if query_slurm else {})
    out = []
    for pt in sd.points:
        job, kind = latest.get(pt.task, ("", ""))
        job_task = f"{job}_{pt.task}" if kind == "slurm" else kind
        log = (os.path.join(sd.path, "logs", f"{job}_{pt.task}.out") if kind == "slurm"
               else os.path.join(sd.path, "logs", f"local-{pt.task}.out"))
        path = sd.file(pt)
        if os.path.exists(path):
            try:
                figures = summary.summarize(path)
                seed = summary.seed_of(path)
            except summary.IncompleteFile as e:
                # Not complete whatever its name says; fleetsim replaces it only with --force.
                out.append(PointState(pt, "incomplete", f"{pt.file}: {e}; delete it to rerun "
                                      "the point", job=job_task))
                continue
            except (OSError, KeyError, ValueError) as e:
                out.append(PointState(pt, "corrupt", f"{pt.file}: cannot read ({e})", job=job_task))
                continue
            if seed != pt.seed:
                out.append(PointState(pt, "corrupt", f"{pt.file}: seed {seed}, manifest says "
                                      f"{pt.seed}", job=job_task))
                continue
            out.append(PointState(pt, "complete", pt.file + _resumed(sd, pt), figures,
                                  job=job_task))
            continue
        if not kind:
            out.append(PointState(pt, "missing", "never submitted"))
            continue
        status = _read_status(sd.status_path(pt.task))
        if status and status[0] != (job_task if kind == "slurm" else "local"):
            status = None  # from an earlier submission of this task
        if kind == "slurm" and (job, pt.task) in slurm:
            state, exit_code, source = slurm[(job, pt.task)]
            if state.upper() in slurm_state.ACTIVE:
                out.append(PointState(pt, state.lower(), f"job {job_task} ({source})",
                                      job=job_task))
                continue
            word = "failed" if state != "COMPLETED" else "missing"
            detail = f"job {job_task} {state} exit {exit_code or '?'} ({source})"
        elif status:
            word = "failed" if status[1] != 0 else "missing"
            detail = (f"job {job_task} exit {status[1]} (status file; Slurm has no record)"
                      if kind == "slurm" else f"local run exit {status[1]}")
        else:
            word = "missing"
            detail = (f"job {job_task}: not queued, and Slurm keeps no record of it "
                      "(cancelled while pending, killed, or its record expired)"
                      if kind == "slurm" else "local run did not finish")
        err = _last_error(log)
        if word == "missing" and status and status[1] == 0:
            detail += ": fleetsim exited 0 but wrote no file"
        out.append(PointState(pt, word, detail + (f": {err}" if err else "") + _resumed(sd, pt),
                              job=job_task))
    return out


def format_list(states, columns):
    """The per-point list collect prints: every point, one line each."""
    rows = [["task", "point", "seed", *columns, "state", "detail"]]
    for s in states:
        p = s.point
        rows.append([str(p.task), p.point, str(p.seed), *[p.params.get(c, "") for c in columns],
                     s.state.upper() if not s.complete else "complete", s.detail])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)) + "  " + r[-1]
                     for r in rows)
