#!/usr/bin/python3
"""Pin fleetsim's scheduler to an independent oracle (tests/oracle/easy_oracle.py), job for job.

  check_scheduler.py --fleetsim BIN --log LOG --sched easy|fifo|conservative --out OUT.h5
  check_scheduler.py --self-test [--fleetsim BIN --out DIR]

The first form runs fleetsim on an SWF log at textbook settings (the log's machine as one
cluster of MaxProcs one-GPU nodes, no failures, no checkpoints, oversize jobs rejected, run times
cut at the request, unlimited backfill depth for EASY and conservative or depth 0 for FIFO), reads
/jobs, and
  1. checks that the inputs agree with the oracle's own parsing of the log (submit time,
     processors, run time, time limit per job): a difference there is a convention that differs,
     reported apart from the schedule;
  2. compares start times job for job (exact, in microseconds).
It prints the number of mismatches and the first few (earliest first) with the oracle's reason
for its start, and exits 0 when all agree, 1 on start mismatches, 2 on input mismatches, 3 when
fleetsim fails, 77 (ctest: skipped) when the log or h5py/numpy is absent. A relative LOG is
looked up in the data directory: $FLEETSIM_DATA_DIR, else <repo>/../shared/data.

fleetsim's router sends each job to its cluster latency.submit after its submission (1 s here; it
must be positive: it is a lookahead of the conservative engine). With a single cluster that
shifts every arrival, hence the whole schedule, by exactly 1 s: the oracle is run on
submit + 1 s and its starts are compared with fleetsim's as they are (/jobs/submit_time is the
submission, without the latency).

--self-test checks the oracle on the hand-made logs in tests/oracle/cases/ against the starts
written in them by hand (`; Oracle-Expect POLICY: ...`); with --fleetsim it also runs fleetsim
on each of them, every policy, as above.
"""

import argparse
import glob
import math
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import easy_oracle as oracle  # noqa: E402

US = oracle.US
SUBMIT_LATENCY_US = 1 * US  # --latency.submit 1s below
LAYOUT = os.path.join(HERE, "one_cluster.ini")
SHOW = 8  # mismatches printed in detail


def data_dir():
    d = os.environ.get("FLEETSIM_DATA_DIR")
    if d:
        return d
    return os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data"))


def fleetsim_command(binary, log_path, machine, sched, out, duration_s):
    cmd = [binary, "run", "--quiet",
           "--layout", LAYOUT, "--trace", log_path,
           "--fabric.pods", "1", "--fabric.nodes_per_pod", str(machine),
           "--fabric.gpus_per_node", "1", "--trace.devices_per_gpu", "1",
           "--failures.node_rate", "0", "--failures.maintenance_rate", "0",
           "--fabric.network", "none", "--checkpoint.policy", "none",
           "--checkpoint.restart_overhead", "0s",
           "--sched.oversize", "reject",
           # The textbook algorithms, in submission order: not the default scenario's
           # operator policy (multifactor priority, frontier QoS and preemption).
           "--sched.priority", "fifo", "--sched.preempt_mode", "off", "--sched.frontier_qos", "",
           "--sched.backfill_depth", "0" if sched == "fifo" else "1000000",
           "--sched.backfill", "conservative" if sched == "conservative" else "easy",
           "--trace.over_limit", "truncate", "--trace.offered_load", "0",
           "--trace.swf_procs", "allocated", "--trace.zero_runtime", "keep",
           "--trace.unusable", "skip",
           "--latency.submit", f"{SUBMIT_LATENCY_US // US}s",
           "--output.pod_timeline", "false", "--output.timeline_period", "1d",
           "--duration", f"{duration_s}s", "--out", out]
    return cmd


def run_fleetsim(binary, log_path, log, machine, sched, out):
    """Runs fleetsim; returns its /jobs columns (start etc. in integer us) or None on failure."""
    import h5py
    import numpy as np
    span_s = (log.jobs[-1].submit_us // US + 1) if log.jobs else 0
    duration_s = span_s + 365 * 86400  # the arrivals plus a year, as `trace validate`
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    if os.path.exists(out):
        os.remove(out)
    cmd = fleetsim_command(binary, log_path, machine, sched, out, duration_s)
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        print("fleetsim failed (exit %d): %s\n%s" % (p.returncode, " ".join(cmd), p.stdout[-4000:]))
        return None
    print(f"  fleetsim: {wall:.1f} s ({' '.join(cmd)})")
    with h5py.File(out, "r") as f:
        j = f["jobs"]

        def us(name):
            return np.rint(j[name][:] * US).astype(np.int64)
        cols = dict(submit=us("submit_time"), start=us("start_time"), end=us("end_time"),
                    gpus=j["gpus"][:], runtime=us("runtime"), limit=us("time_limit"))
    cols["start"][cols["start"] < 0] = -1  # never started (rejected)
    cols["end"][cols["end"] < 0] = -1
    cols["duration_us"] = duration_s * US
    return cols


def fmt_s(t_us):
    return "-1" if t_us < 0 else f"{t_us / US:.6f}".rstrip("0").rstrip(".")


def compare_inputs(log, cols):
    """Input mismatches: rows whose submit time, processors, run time or limit differ.
    Returns (mismatch messages, notes)."""
    import numpy as np
    n_o, n_f = len(log.jobs), len(cols["start"])
    msgs, notes = [], []
    if n_o != n_f:
        msgs.append(f"job count: oracle {n_o}, fleetsim {n_f}")
    n = min(n_o, n_f)
    ours = dict(submit=np.array([j.submit_us for j in log.jobs[:n]], dtype=np.int64),
                gpus=np.array([j.procs for j in log.jobs[:n]], dtype=np.int64),
                runtime=np.array([j.run_us for j in log.jobs[:n]], dtype=np.int64),
                limit=np.array([j.limit_us for j in log.jobs[:n]], dtype=np.int64))
    # Zero run times run 1 us (docs/traces.md), but /jobs/runtime keeps the recorded 0 (and
    # /jobs/time_limit 0 when no request is known): accepted here, noted; the time fleetsim
    # really ran them is checked below (end - start).
    zero = np.array([j.zero_run for j in log.jobs[:n]], dtype=bool)
    theirs = {k: cols[k][:n].astype(np.int64) for k in ours}
    for k, dataset in (("runtime", "runtime"), ("limit", "time_limit")):
        z = zero & (ours[k] == 1) & (theirs[k] == 0)
        if z.any():
            notes.append(f"{int(z.sum())} job(s) with a zero recorded run time have "
                         f"/jobs/{dataset} 0 (the oracle: 1 us)")
            theirs[k] = np.where(z, 1, theirs[k])
    # The run time fleetsim ran each job for: end - start (no failures, no checkpoints).
    ran = (cols["start"][:n] >= 0) & (cols["end"][:n] >= 0)
    ours["end - start"] = np.where(ran, ours["runtime"], -1)
    theirs["end - start"] = np.where(ran, cols["end"][:n] - cols["start"][:n], -1)
    bad = np.zeros(n, dtype=bool)
    for k, v in ours.items():
        d = v != theirs[k]
        if d.any():
            msgs.append(f"{k}: {int(d.sum())} job(s) differ")
        bad |= d
    rows = np.nonzero(bad)[0]
    for i in rows[:SHOW]:
        jb = log.jobs[i]
        msgs.append(f"  row {i} (log job {jb.swf_id}, line {jb.line}): oracle submit "
                    f"{fmt_s(jb.submit_us)} procs {jb.procs} runtime {fmt_s(jb.run_us)} limit "
                    f"{fmt_s(jb.limit_us)}; fleetsim submit {fmt_s(cols['submit'][i])} gpus "
                    f"{cols['gpus'][i]} runtime {fmt_s(cols['runtime'][i])} limit "
                    f"{fmt_s(cols['limit'][i])} ran {fmt_s(cols['start'][i])} to "
                    f"{fmt_s(cols['end'][i])}")
    return msgs, notes


def describe(d):
    if d is None:
        return "never started"
    s = f"{d['how']} at {fmt_s(d['t'])} with {d['free']} free"
    if "shadow" in d:
        s += (f"; head row {d['head']}, shadow {fmt_s(d['shadow'])} ({d['at_shadow']} running "
              f"job(s) end then); extra processors {d['extra']} left of the pass's "
              f"{d['extra_pass']} (counting running jobs only up to the first that fits the head: "
              f"{d['extra_first']})")
    return s


def simulate_in_pypy(log_path, machine, sched, out):
    """The oracle's start times, simulated by easy_oracle.py under PyPy (the same code, ~10x
    faster: Curie's conservative backfilling 90 s instead of 9 min); None without pypy3 or with
    FLEETSIM_ORACLE_PYPY=0. It reads the log with the same defaults as check_log."""
    pypy = shutil.which("pypy3")
    if not pypy or os.environ.get("FLEETSIM_ORACLE_PYPY") == "0":
        return None
    path = os.path.abspath(out) + ".oracle-starts"
    cmd = [pypy, os.path.join(HERE, "easy_oracle.py"), log_path, "--sched", sched,
           "--machine", str(machine), "--delay", str(SUBMIT_LATENCY_US / US), "--starts-us", path]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if p.returncode != 0:
        print(f"  oracle under pypy3 failed (exit {p.returncode}): {p.stdout[-2000:]}")
        return None
    with open(path) as f:
        starts = [int(line) for line in f]
    os.remove(path)
    return starts


def compare_starts(log, log_path, machine, sched, cols, out, limit_show=SHOW):
    """Start mismatches, printed; returns their number."""
    import numpy as np
    t0 = time.monotonic()
    starts = simulate_in_pypy(log_path, machine, sched, out)
    how = "pypy3"
    tr = oracle.Trace()
    if starts is None or len(starts) != len(log.jobs):
        how = "python3"
        starts = oracle.simulate(log.jobs, machine, sched, SUBMIT_LATENCY_US, trace=tr)
    ours = np.array(starts, dtype=np.int64)
    print(f"  oracle ({how}): {time.monotonic() - t0:.1f} s")
    n = min(len(ours), len(cols["start"]))
    theirs = cols["start"][:n]
    ours = ours[:n]
    bad = np.nonzero(ours != theirs)[0]
    late = int((ours[ours >= 0] >= cols["duration_us"]).sum())
    if late:
        print(f"  warning: the oracle starts {late} jobs after fleetsim's --duration")
    print(f"  start times: {n - len(bad)} of {n} jobs agree, {len(bad)} mismatches")
    if len(bad) == 0:
        return 0
    if how == "pypy3":  # the decisions behind the mismatches, from a run that records them
        oracle.simulate(log.jobs, machine, sched, SUBMIT_LATENCY_US, trace=tr)
    order = sorted(bad, key=lambda i: (min(x for x in (ours[i], theirs[i]) if x >= 0)
                                       if max(ours[i], theirs[i]) >= 0 else 0, i))
    later = int((theirs[bad] > ours[bad]).sum())
    print(f"  fleetsim starts {later} of them later than the oracle, {len(bad) - later} earlier; "
          f"earliest first:")
    for i in order[:limit_show]:
        jb = log.jobs[i]
        print(f"  row {i} (log job {jb.swf_id}, line {jb.line}): submit {fmt_s(jb.submit_us)} "
              f"(+1 s latency), {jb.procs} procs, runtime {fmt_s(jb.run_us)}, limit "
              f"{fmt_s(jb.limit_us)}: oracle starts it at {fmt_s(ours[i])}, fleetsim at "
              f"{fmt_s(theirs[i])} ({(theirs[i] - ours[i]) / US:+.0f} s)")
        print(f"      oracle: {describe(tr.decision.get(i))}")
    if sched == "easy":
        # Diagnosis: is it the known bug (issue 8 item 6)? Rerun the oracle with the spare
        # ("extra") processors counted only up to the first running job that makes the head fit.
        buggy = np.array(oracle.simulate(log.jobs, machine, sched, SUBMIT_LATENCY_US,
                                         extra_rule="first"), dtype=np.int64)[:n]
        left = int((buggy != theirs).sum())
        print(f"  diagnosis: with EASY's extra processors counted only up to the first running "
              f"job that fits the head (the known fleetsim bug, issue 8), the oracle and fleetsim "
              f"differ on {left} jobs" + (": every mismatch is that bug." if left == 0 else "."))
    return len(bad)


def check_log(binary, log_path, sched, out):
    log = oracle.read_swf(log_path)
    machine = log.machine
    if machine <= 0:
        print(f"{log_path}: no MaxProcs in the header")
        return 2
    print(f"{os.path.basename(log_path)}, {sched}: {len(log.jobs)} jobs on {machine} processors"
          f" (skipped: {', '.join(f'{k} {v}' for k, v in log.skipped.items() if v) or 'none'})")
    cols = run_fleetsim(binary, log_path, log, machine, sched, out)
    if cols is None:
        return 3
    rc = 0
    msgs, notes = compare_inputs(log, cols)
    for m in notes:
        print("  note:", m)
    if msgs:
        print("  INPUT MISMATCH (a job-selection convention differs from the oracle's):")
        for m in msgs:
            print("   ", m)
        rc = 2
    else:
        print(f"  inputs: all {len(log.jobs)} jobs agree (submit, processors, runtime, limit, "
              f"end - start)")
    if compare_starts(log, log_path, machine, sched, cols, out):
        rc = rc or 1
    return rc


def expectations(path):
    exp = {}
    with open(path) as f:
        for line in f:
            if line.startswith("; Oracle-Expect "):
                key, _, values = line[len("; Oracle-Expect "):].partition(":")
                exp[key.strip()] = [float(v) for v in values.split()]
    return exp


def self_test(binary, out_dir):
    cases = sorted(glob.glob(os.path.join(HERE, "cases", "*.swf")))
    failed = 0
    for path in cases:
        name = os.path.basename(path)
        log = oracle.read_swf(path)
        exp = expectations(path)
        got = {"procs": [j.procs for j in log.jobs],
               "runtime": [j.run_us / US for j in log.jobs],
               "limit": [j.limit_us / US for j in log.jobs]}
        for key, rule in (("easy", "all"), ("fifo", "all"), ("conservative", "all"),
                          ("easy-first", "first")):
            s = oracle.simulate(log.jobs, log.machine, key.split("-")[0], 0, extra_rule=rule)
            got[key] = [x / US if x >= 0 else -1 for x in s]
        for key, want in exp.items():
            ok = len(got[key]) == len(want) and all(
                math.isclose(a, b, abs_tol=1e-9) for a, b in zip(got[key], want))
            print(f"self-test {name} {key}: {'ok' if ok else 'FAILED'}"
                  + ("" if ok else f": expected {want}, oracle gives {got[key]}"))
            failed += not ok
        if binary:
            for sched in ("easy", "fifo", "conservative"):
                out = os.path.join(out_dir, f"{os.path.splitext(name)[0]}_{sched}.h5")
                rc = check_log(binary, path, sched, out)
                print(f"fleetsim {name} {sched}: {'ok' if rc == 0 else 'FAILED'}")
                failed += rc != 0
    # The fast conservative pass against the definition, on random logs too.
    import random
    rng = random.Random(12)
    logs = [(os.path.basename(p), oracle.read_swf(p)) for p in cases]
    for k in range(8):
        jobs, t = [], 0
        for i in range(100):
            t += rng.randint(0, 8) * US
            run = rng.randint(1, 50) * US
            jobs.append(oracle.Job(i, i, i, t, run, run * rng.randint(1, 3), rng.randint(1, 16),
                                   False))
        logs.append((f"random log {k}", oracle.Log(jobs, 16, 0, {})))
    bad = [name for name, log in logs
           if oracle.simulate(log.jobs, log.machine, "conservative")
           != oracle.simulate(log.jobs, log.machine, "conservative", naive=True)]
    print(f"self-test conservative pass against its definition on {len(logs)} logs: "
          + ("ok" if not bad else f"FAILED on {', '.join(bad)}"))
    failed += len(bad)
    print(f"{'all ok' if not failed else f'{failed} FAILED'} ({len(cases)} hand-made logs)")
    return 1 if failed else 0


def need_h5py():
    try:
        import h5py  # noqa: F401 (availability only)
        import numpy  # noqa: F401 (availability only)
    except ImportError as e:
        print(f"skipped: {e} (reading fleetsim's output needs h5py and numpy)")
        sys.exit(77)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fleetsim", help="the fleetsim binary")
    ap.add_argument("--log", help="SWF log: a path, or relative to the data directory")
    ap.add_argument("--sched", choices=("easy", "fifo", "conservative"), default="easy")
    ap.add_argument("--out", help="fleetsim's HDF5 output (a directory with --self-test)")
    ap.add_argument("--self-test", action="store_true",
                    help="check the oracle on the hand-made logs (and fleetsim with --fleetsim)")
    a = ap.parse_args()
    if a.self_test:
        out_dir = a.out or os.path.join(os.environ.get("TMPDIR", "/tmp"), "fleetsim-oracle")
        if a.fleetsim:
            need_h5py()
        sys.exit(self_test(a.fleetsim, out_dir))
    if not (a.fleetsim and a.log and a.out):
        ap.error("--fleetsim, --log and --out are needed (or --self-test)")
    path = a.log if os.path.isabs(a.log) else os.path.join(data_dir(), a.log)
    if not os.path.exists(path):
        print(f"skipped: {path} is absent (set FLEETSIM_DATA_DIR to the shared data directory)")
        sys.exit(77)
    need_h5py()
    t0 = time.monotonic()
    rc = check_log(a.fleetsim, path, a.sched, a.out)
    print(f"{'ok' if rc == 0 else 'FAILED'} ({time.monotonic() - t0:.1f} s)")
    sys.exit(rc)


if __name__ == "__main__":
    main()
