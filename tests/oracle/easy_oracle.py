#!/usr/bin/python3
"""An independent reference scheduler for SWF logs: FIFO, textbook EASY and conservative backfilling.

Written from the literature and fleetsim's documented trace conventions (docs/traces.md,
docs/model.md), not from fleetsim's C++, so that it can pin fleetsim's scheduler
(tests/oracle/check_scheduler.py compares the two job for job).

EASY backfilling as in A. W. Mu'alem and D. G. Feitelson, "Utilization, Predictability,
Workloads, and User Runtime Estimates in Scheduling the IBM SP2 with Backfilling", IEEE TPDS
12(6), 2001, section 2 ("the EASY algorithm"):

  1. Start jobs from the head of the queue, in arrival order, while they fit.
  2. If the head does not fit, find its *shadow time*: walk the running jobs by estimated end
     (start + requested time), accumulating the processors they free, until the head fits.
     The *extra* processors are those free at the shadow time, counting EVERY running job
     whose estimated end is at or before the shadow time (jobs ending at the same time as the
     one that made the head fit included), minus the head's need.
  3. Scan the rest of the queue in order (unlimited depth). Start a job if it fits in the
     processors free now and either
       a. it ends, by its requested time, at or before the shadow time (now + limit <= shadow:
          it cannot delay the head), or
       b. it uses no more than the extra processors (then extra -= its processors).
     Condition a is tried first, so a job that ends by the shadow time does not use up extra
     processors.
FIFO is step 1 only.

Conservative backfilling, from the same paper (section 2, "conservative backfilling"): every job
in the queue gets a reservation, and a job may move ahead only if it delays no job before it in
the queue. Here, at each scheduling pass:

  1. The machine's future is a list of intervals of busy processors: each running job holds its
     processors until its estimated end (start + requested time).
  2. Each queued job, in arrival order, gets the earliest time s >= now such that, over its whole
     requested time [s, s + requested), the processors not held by running jobs nor by the
     reservations already made in this pass are at least its need. Only now and the times at
     which processors come back (an estimated end, a reservation's end) can be that earliest s.
     The job reserves its processors over that interval.
  3. A job whose reservation is now starts now.
The reservations are made afresh at every pass, in queue order: when a job ends before its
estimate, each queued job moves forward as far as the earlier ones let it ("compression").
A job that could start only after a later job's reservation ends cannot be delayed by it: later
jobs reserve around the earlier ones. Once no processor is free now, no later job can start in
this pass, so the pass stops there (their reservations would be rebuilt at the next one anyway).

The machine: MACHINE single-processor nodes (one fleetsim cluster of MACHINE nodes of one GPU),
no latencies, no failures. A job needs its processor count of free processors, anywhere.

Same-time convention: at each event time, every departure (job end) and every arrival at that
time is applied first, then ONE scheduling pass runs. Arrivals at the same time join the queue
in submission (file) order.

Times are kept in integer microseconds, fleetsim's own resolution, so that ties are exact.

Job selection: the conventions fleetsim documents (docs/traces.md) for SWF, at the settings
check_scheduler.py runs fleetsim with:
  * rows: 18 whitespace-separated fields; ';' lines are comments; plain or gzip.
  * unusable rows are skipped: unknown (-1) submit time (field 2), unknown (-1) run time
    (field 4), no processors (fields 5 and 8 both <= 0);
  * processors: allocated (field 5), falling back to requested (field 8) when it is <= 0
    (`trace.swf_procs = allocated`, the default); with --procs requested the other way round;
  * jobs replayed in submit order (stable: file order for equal submit times); replay time 0
    is the first replayed job's submission;
  * requested time (field 9) known when > 0; a run time above it is cut at it
    (`trace.over_limit = truncate`); the time limit is the requested time, never less than
    the run time, and the run time itself when no requested time is known;
  * a zero run time is kept and runs 1 us (`trace.zero_runtime = keep`); its limit stays the
    requested time (1 us when none is known);
  * a job larger than the machine never starts (`sched.oversize = reject`): start -1.
"""

import argparse
import bisect
import gzip
import heapq
import math
import sys
from dataclasses import dataclass

US = 1_000_000  # microseconds per second


# Slots where the language has them (3.10): less memory for Curie's 312k jobs. PyPy 7.3 (3.9),
# which check_scheduler.py runs this under when it can, has not.
@dataclass(**({"slots": True} if sys.version_info >= (3, 10) else {}))
class Job:
    id: int          # replay order (submit order), as fleetsim's /jobs row
    line: int        # line in the log
    swf_id: int      # the log's own job number (field 1)
    submit_us: int   # from the first replayed submission
    run_us: int      # run time as replayed (cut at the request, 1 us for zero)
    limit_us: int    # requested time as the scheduler sees it
    procs: int
    zero_run: bool   # the log says it ran 0 s


@dataclass
class Log:
    jobs: list
    machine: int          # the header's MaxProcs (0 when absent)
    first_submit_s: int   # the log's own clock at replay time 0
    skipped: dict


def _open(path):
    with open(path, "rb") as f:
        magic = f.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="latin-1")
    return open(path, "rt", encoding="latin-1")


def _int(field):
    # SWF fields are integers; a few logs write some as decimals.
    try:
        return int(field)
    except ValueError:
        return int(float(field))


def read_swf(path, over_limit="truncate", procs_from="allocated", zero_runtime="keep"):
    """The replayed jobs of an SWF log, in replay order."""
    rows = []
    skipped = {"no submit time": 0, "no run time": 0, "no processors": 0, "zero run time": 0}
    machine = 0
    with _open(path) as f:
        for lineno, text in enumerate(f, 1):
            s = text.strip()
            if not s:
                continue
            if s.startswith(";"):
                key, _, value = s[1:].partition(":")
                if key.strip() == "MaxProcs":
                    try:
                        machine = int(value.split()[0])
                    except (ValueError, IndexError):
                        pass
                continue
            x = s.split()
            if len(x) < 18:
                raise ValueError(f"{path}:{lineno}: {len(x)} fields, 18 expected")
            swf_id, submit, run = _int(x[0]), _int(x[1]), _int(x[3])
            alloc, req_procs, req_time = _int(x[4]), _int(x[7]), _int(x[8])
            if procs_from == "allocated":
                procs = alloc if alloc > 0 else req_procs
            else:
                procs = req_procs if req_procs > 0 else alloc
            if submit < 0:
                skipped["no submit time"] += 1
                continue
            if run < 0:
                skipped["no run time"] += 1
                continue
            if procs <= 0:
                skipped["no processors"] += 1
                continue
            if run == 0 and zero_runtime == "skip":
                skipped["zero run time"] += 1
                continue
            rows.append((submit, lineno, swf_id, run, req_time, procs))
    rows.sort(key=lambda r: (r[0], r[1]))  # submit order, file order among equals
    jobs = []
    first = rows[0][0] if rows else 0
    for submit, lineno, swf_id, run, req_time, procs in rows:
        run_us = run * US
        if req_time > 0:
            limit_us = req_time * US
            if over_limit == "truncate":
                run_us = min(run_us, limit_us)
            limit_us = max(limit_us, run_us)
        else:
            limit_us = None  # none known: the run time itself (after the zero fix below)
        if run_us == 0:
            run_us = 1
        if limit_us is None:
            limit_us = run_us
        jobs.append(Job(len(jobs), lineno, swf_id, (submit - first) * US, run_us, limit_us, procs,
                        run == 0))
    return Log(jobs, machine, first, skipped)


class Trace:
    """Why each job started when it did (filled when passed to simulate), to explain mismatches:
    decision[job id] = dict(t, how, free, and for backfilled jobs: head, shadow, at_shadow
    (running jobs whose estimated end is the shadow time), extra_pass (extra processors at the
    start of the pass), extra_first (the same had the count stopped at the first running job that
    makes the head fit), extra (what was left of extra_pass for this job))."""

    def __init__(self):
        self.decision = {}


def simulate(jobs, machine, policy="easy", arrival_delay_us=0, trace=None, extra_rule="all",
             naive=False):
    """Start time (us) of every job (indexed by Job.id); -1 for jobs larger than the machine.
    arrival_delay_us is added to every submission (fleetsim's router-to-cluster latency).
    extra_rule "all" is the textbook rule; "first" stops counting the extra processors at the
    first running job that makes the head fit, which reproduces a known fleetsim bug (issue 8)
    and serves only to diagnose mismatches. naive: conservative passes by the slow definition
    (conservative_pass_naive), to check the fast one."""
    if extra_rule not in ("all", "first"):
        raise ValueError(f"extra_rule {extra_rule!r}: all or first")
    if policy not in ("easy", "fifo", "conservative"):
        raise ValueError(f"policy {policy!r}: easy, fifo or conservative")
    n = len(jobs)
    start = [-1] * n
    procs = [j.procs for j in jobs]
    limit = [j.limit_us for j in jobs]
    run = [j.run_us for j in jobs]
    arrivals = [j for j in jobs if j.procs <= machine]  # larger ones are rejected
    ai = 0
    free = machine
    queue = []           # job ids waiting, in arrival order
    qhead = 0            # queue[qhead:] is the live queue (cheap pops from the front)
    departures = []      # heap of (actual end, id)
    by_est_end = []      # sorted list of (estimated end, id, procs) of running jobs
    easy = policy in ("easy", "conservative")  # both need the estimated ends
    conservative = policy == "conservative"

    def begin(jid, t):
        nonlocal free
        start[jid] = t
        free -= procs[jid]
        heapq.heappush(departures, (t + run[jid], jid))
        if easy:
            bisect.insort(by_est_end, (t + limit[jid], jid, procs[jid]))

    while ai < len(arrivals) or departures:
        t_arr = arrivals[ai].submit_us + arrival_delay_us if ai < len(arrivals) else None
        t_dep = departures[0][0] if departures else None
        t = t_dep if t_arr is None or (t_dep is not None and t_dep <= t_arr) else t_arr
        # Everything that happens at t, then one pass.
        while departures and departures[0][0] == t:
            _, jid = heapq.heappop(departures)
            free += procs[jid]
            if easy:
                k = bisect.bisect_left(by_est_end, (start[jid] + limit[jid], jid))
                del by_est_end[k]
        while ai < len(arrivals) and arrivals[ai].submit_us + arrival_delay_us == t:
            queue.append(arrivals[ai].id)
            ai += 1
        if conservative:
            if qhead < len(queue) and free > 0:
                pass_ = conservative_pass_naive if naive else conservative_pass
                for jid in pass_(t, machine, by_est_end, queue[qhead:], procs, limit, free):
                    begin(jid, t)
                    if trace is not None:
                        trace.decision[jid] = dict(t=t, how="conservative: reserved now",
                                                   free=free + procs[jid])
                    queue[queue.index(jid, qhead)] = -1
                queue = [q for q in queue[qhead:] if q >= 0]
                qhead = 0
            continue
        # 1. From the head while the head fits.
        while qhead < len(queue) and procs[queue[qhead]] <= free:
            jid = queue[qhead]
            qhead += 1
            begin(jid, t)
            if trace is not None:
                trace.decision[jid] = dict(t=t, how="head of the queue", free=free + procs[jid])
        if qhead > 4096 and qhead * 2 > len(queue):
            del queue[:qhead]
            qhead = 0
        if not easy or qhead >= len(queue) or free == 0:
            continue
        # 2. The head's reservation: shadow time and extra processors.
        head = queue[qhead]
        need = procs[head]
        avail = free
        k = 0
        while avail < need:  # always ends: the head is no larger than the machine
            avail += by_est_end[k][2]
            k += 1
        shadow = by_est_end[k - 1][0]
        extra_first = avail - need
        while k < len(by_est_end) and by_est_end[k][0] <= shadow:  # every job ending by then
            avail += by_est_end[k][2]
            k += 1
        # extra_rule "first" reproduces the known fleetsim bug (issue 8): stopping the count at the
        # first job that makes the head fit. For diagnosing mismatches only; never the reference.
        extra = avail - need if extra_rule == "all" else extra_first
        extra_pass = extra
        # 3. Backfill: the rest of the queue, in order.
        started = False
        for i in range(qhead + 1, len(queue)):
            jid = queue[i]
            p = procs[jid]
            if p > free:
                continue
            if t + limit[jid] <= shadow:
                how = "backfill (ends by shadow)"
            elif p <= extra:
                extra -= p
                how = "backfill (extra)"
            else:
                continue
            if trace is not None:
                at_shadow = (bisect.bisect_right(by_est_end, (shadow, n))
                             - bisect.bisect_left(by_est_end, (shadow, -1)))
                trace.decision[jid] = dict(t=t, how=how, free=free, head=head, shadow=shadow,
                                           at_shadow=at_shadow, extra_pass=extra_pass,
                                           extra_first=extra_first,
                                           extra=extra + (p if how.endswith("(extra)") else 0))
            begin(jid, t)
            queue[i] = -1
            started = True
            if free == 0:
                break
        if started:
            queue = [q for q in queue[qhead:] if q >= 0]
            qhead = 0
    return start


def conservative_pass(now, machine, running, waiting, procs, limit, free_now):
    """The jobs of `waiting` (in queue order) whose conservative reservation is `now`.
    running: (estimated end, id, processors) of the running jobs, by estimated end.

    The future as a step function: at[k] is a time, avail[k] the processors not held (by running
    jobs or reservations) from at[k] to at[k + 1]; the last step lasts until the next time
    processors come back, and the steps are laid out only as far as a search needs them."""
    # Jobs behind the last one small enough to start now cannot start in this pass (free
    # processors only shrink during it), and their reservations would change nothing now.
    last = max((i for i, j in enumerate(waiting) if procs[j] <= free_now), default=-1)
    waiting = waiting[:last + 1]
    at, avail = [now], [free_now]
    ri = 0        # running[ri:] come back after the last step
    pending = []  # heap of (end, processors) of reservations ending after the last step

    def extend():
        # The next step: when the next running job or reservation gives its processors back.
        nonlocal ri
        nxt = min(running[ri][0] if ri < len(running) else math.inf,
                  pending[0][0] if pending else math.inf)
        if nxt == math.inf:
            return False  # the last step lasts forever
        back = 0
        while ri < len(running) and running[ri][0] == nxt:
            back += running[ri][2]
            ri += 1
        while pending and pending[0][0] == nxt:
            back += heapq.heappop(pending)[1]
        at.append(nxt)
        avail.append(avail[-1] + back)
        return True

    def hold(k, until, p):
        # Take p processors from step k up to time `until`.
        if until > at[-1]:
            heapq.heappush(pending, (until, p))
            m = len(at)
        else:
            m = bisect.bisect_left(at, until)
            if at[m] != until:
                at.insert(m, until)
                avail.insert(m, avail[m - 1])
        for q in range(k, m):
            avail[q] -= p

    starting = []
    for jid in waiting:
        if free_now == 0:
            break
        need, length = procs[jid], limit[jid]
        k = 0
        while True:  # the earliest step from which `need` stay free for `length`
            if k == len(at) and not extend():
                raise AssertionError("a job larger than the machine")
            if avail[k] < need:
                k += 1
                continue
            until = at[k] + length
            q = k + 1
            while True:
                if q == len(at) and not extend():
                    break  # the last step lasts forever
                if at[q] >= until or avail[q] < need:
                    break
                q += 1
            if q == len(at) or at[q] >= until:
                break
            k = q + 1  # step q is short: nothing starting before its end can hold
        hold(k, at[k] + length, need)
        if at[k] == now:
            starting.append(jid)
            free_now -= need
    return starting


def conservative_pass_naive(now, machine, running, waiting, procs, limit, free_now):
    """The same by the definition, with no step function: for each job, try now and every time
    processors come back, recounting the busy intervals over the whole window. Slow; the
    self-test checks conservative_pass against it."""
    busy = [(now, end, p) for end, _, p in running]

    def free_over(s, e):
        used = sum(p for b, f, p in busy if b <= s < f)
        changes = sorted([(b, p) for b, _, p in busy if s < b < e]
                         + [(f, -p) for _, f, p in busy if s < f < e])
        least = machine - used
        for _, d in changes:  # at equal times the releases (negative) come first
            used += d
            least = min(least, machine - used)
        return least

    starting = []
    for jid in waiting:
        if free_now == 0:
            break
        need, length = procs[jid], limit[jid]
        candidates = sorted({now} | {f for _, f, _ in busy if f > now})
        s = next(c for c in candidates if free_over(c, c + length) >= need)
        busy.append((s, s + length, need))
        if s == now:
            starting.append(jid)
            free_now -= need
    return starting


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("log", help="SWF log (plain or .gz)")
    ap.add_argument("--sched", choices=("easy", "fifo", "conservative"), default="easy")
    ap.add_argument("--machine", type=int, default=0, help="processors (0: the header's MaxProcs)")
    ap.add_argument("--over-limit", choices=("truncate", "run"), default="truncate")
    ap.add_argument("--procs", choices=("allocated", "requested"), default="allocated")
    ap.add_argument("--delay", type=float, default=0.0, help="seconds added to every arrival")
    ap.add_argument("--csv", help="write id,swf_id,submit_s,start_s,procs,runtime_s,limit_s here")
    ap.add_argument("--starts-us", help="write each job's start (integer us, -1: never), a line "
                                         "each in replay order, here (check_scheduler.py reads it)")
    a = ap.parse_args(argv)
    log = read_swf(a.log, over_limit=a.over_limit, procs_from=a.procs)
    machine = a.machine or log.machine
    if machine <= 0:
        sys.exit(f"{a.log}: no MaxProcs in the header; give --machine")
    start = simulate(log.jobs, machine, a.sched, round(a.delay * US))
    waits = [(s - j.submit_us) / US - a.delay for j, s in zip(log.jobs, start) if s >= 0]
    print(f"{a.log}: {len(log.jobs)} jobs on {machine} processors, {a.sched}; skipped "
          f"{sum(log.skipped.values())} {log.skipped}; rejected {start.count(-1)}; "
          f"mean wait {sum(waits) / max(1, len(waits)):.1f} s")
    if a.starts_us:
        with open(a.starts_us, "w") as f:
            f.write("".join(f"{s}\n" for s in start))
    if a.csv:
        with open(a.csv, "w") as f:
            f.write("id,swf_id,submit_s,start_s,procs,runtime_s,limit_s\n")
            for j, s in zip(log.jobs, start):
                f.write(f"{j.id},{j.swf_id},{j.submit_us / US},{s / US if s >= 0 else -1},"
                        f"{j.procs},{j.run_us / US},{j.limit_us / US}\n")


if __name__ == "__main__":
    main()
