#!/usr/bin/python3
"""Writes a synthetic SWF log of N jobs (default 1,000,000) for the trace benchmarks; seeded, so
every run of the benchmark reads the same file. Sizes: powers of two 1..1024 processors, mostly
small; runtimes lognormal (median 10 min); arrivals Poisson over about a year."""
import random
import sys

# usage: make_swf.py OUT.swf [N]. An option is no file name: `--help` once wrote a 64 MB log
# named "--help".
if len(sys.argv) < 2 or len(sys.argv) > 3 or sys.argv[1].startswith("-"):
    sys.exit("usage: make_swf.py OUT.swf [N]\n" + __doc__)
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
r = random.Random(3)
sizes = [1, 1, 1, 1, 2, 4, 8, 8, 16, 32, 64, 128, 256, 512, 1024]
t = 0
with open(sys.argv[1], "w") as out:
    out.write("; Computer: synthetic benchmark log (bench/make_swf.py)\n; MaxProcs: 100352\n")
    for i in range(1, n + 1):
        t += int(r.expovariate(n / (365 * 86400)))
        p = r.choice(sizes)
        run = int(r.lognormvariate(6.4, 2.0)) + 1
        out.write(f"{i} {t} {r.randint(0, 3600)} {run} {p} -1 -1 {p} {run * 2} -1 1 {r.randint(1, 500)} 1 -1 1 1 -1 -1\n")
