#!/usr/bin/env python3
"""The component mix `fleetsim trace failures` prints for the real StepFun and LANL logs,
against counts made here from the raw files by a different route than traces/component_map.cc:
StepFun by its Level (Hardware / Software / Other Failure) and a few Desc words instead of a
Class table, LANL by its blame columns and words of the Hardware text. Exits 77 (ctest: skipped)
when a log is absent.

  FLEETSIM_DATA_DIR=../shared/data tests/traces/check_component_mix.py build/bin/fleetsim
"""
import collections
import csv
import json
import os
import re
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
data = os.environ.get("FLEETSIM_DATA_DIR", os.path.join(here, "..", "..", "..", "shared", "data"))
fleetsim = sys.argv[1]
stepfun = os.path.join(data, "failures", "stepfun-2024", "fault_trace.json")
lanl = os.path.join(data, "failures", "lanl-1996-2005", "LA-UR-05-7318-failure-data-1996-2005.csv")
missing = [p for p in (stepfun, lanl) if not os.path.exists(p)]
if missing:
    print(f"SKIPPED: {', '.join(missing)} not found (set FLEETSIM_DATA_DIR to ../shared/data)")
    sys.exit(77)

failed = 0


def check(what, got, want):
    global failed
    ok = got == want
    print(f"{'ok  ' if ok else 'FAIL'} {what}: fleetsim {got}, counted {want}")
    failed += not ok


def mix_of(log):
    """kind -> count, unmapped count and values, from `fleetsim trace failures LOG`."""
    out = subprocess.run([fleetsim, "trace", "failures", log], capture_output=True, text=True,
                         check=True).stdout
    kinds = collections.Counter()
    for m in re.finditer(r"^kind +(\d+) +(\w+) +[\d.]+%$", out, re.M):
        kinds[m.group(2)] = int(m.group(1))
    unmapped = int(re.search(r"^unmapped +(\d+) ", out, re.M).group(1))
    values = {m.group(2): int(m.group(1))
              for m in re.finditer(r"^  unmapped_value +(\d+)  (.*)$", out, re.M)}
    return kinds, unmapped, values, out


# --- StepFun: by Level, with the GPU's and the changes' descriptions -------------------------
starts = [e["fault_type"] for e in json.load(open(stepfun)) if e["event_type"] == "fault_start"]
kinds, unmapped, _, out = mix_of(stepfun)
print(out)
level = collections.Counter(f["Level"] for f in starts)
gpu_class = [f for f in starts if f["Class"] == "GPU"]
sdc = sum("Silent Data Corruption" in f["Desc"] for f in starts)
ecc = sum("ECC" in f["Desc"] for f in gpu_class)
hot = sum("Temperature" in f["Desc"] for f in gpu_class)
cable = sum("Cable" in f["Class"] or "Optical Module" in f["Desc"] for f in starts)
nic = sum(f["Class"] == "NIC" for f in starts)
# Every Hardware Failure that is not the GPU, the NIC, a cable or "Other Failures" is the host's.
hw_other = sum(f["Level"] == "Hardware Failure" and f["Class"] == "Other Failures" for f in starts)
sw_other = sum(f["Level"] == "Software Failure" and f["Class"] == "Other Failures" for f in starts)
planned = sum(f["Class"] in ("Change", "Test") and "Optical" not in f["Desc"] for f in starts)
check("StepFun failures", sum(kinds.values()), len(starts))
check("StepFun unmapped", unmapped, 0)
check("StepFun gpu-ish (gpu, hbm, gpu_sram, gpu_system)",
      sum(kinds[k] for k in ("gpu", "hbm", "gpu_sram", "gpu_system")), len(gpu_class) - sdc)
check("StepFun hbm (ECC)", kinds["hbm"], ecc)
check("StepFun gpu_system (temperature)", kinds["gpu_system"], hot)
check("StepFun nic", kinds["nic"], nic)
check("StepFun link (cables, optical modules)", kinds["link"], cable)
check("StepFun host", kinds["host"],
      level["Hardware Failure"] - len(gpu_class) - nic - sum(f["Class"] == "Parameter Plane Cable"
                                                            for f in starts) - hw_other)
check("StepFun software", kinds["software"], level["Software Failure"] - sw_other + sdc)
check("StepFun maintenance (changes, tests)", kinds["maintenance"], planned)
check("StepFun other", kinds["other"],
      level["Other Failure"] - planned - sum("Optical" in f["Desc"] for f in starts) + hw_other
      + sw_other)

# --- LANL: by blame column, with words of the Hardware text ----------------------------------
with open(lanl, newline="", encoding="latin-1") as f:
    rows = list(csv.DictReader(f))
kinds, unmapped, values, out = mix_of(lanl)
print(out)
blames = ["Facilities", "Hardware", "Human Error", "Network", "Undetermined", "Software"]
blame = collections.Counter(next((b for b in blames if r[b]), "none") for r in rows)
hardware = [r["Hardware"] for r in rows if r["Hardware"]]
software = [r["Software"] for r in rows if r["Software"]]
graphics = sum(("Graphics" in t or "GFX" in t) for t in hardware)
dst = sum(t.startswith("DST") for t in software)
check("LANL failures", sum(kinds.values()), len(rows))
check("LANL gpu-ish (graphics hardware)",
      sum(kinds[k] for k in ("gpu", "hbm", "gpu_sram", "gpu_system")), graphics)
check("LANL maintenance (DST)", kinds["maintenance"], dst)
check("LANL software", kinds["software"], len(software) - dst)
# Rows with no blame column are unmapped, and are the commonest unmapped value.
check("LANL unmapped without a blame column", values.get("Unknown"), blame["none"])
# Host: CPUs, memory, boards, disks, power, fans, storage. A count by words of the text; the
# table's few host parts without these words ("Maintenance", "Mid-plane", "IO6", ...) are added
# by name, and must be all that is left of the Hardware rows once the other kinds are out.
host_words = re.compile(r"CPU|Memory|Board|Disk|Drive|Power|Fan|SCSI|Fibre|Fiber|SAN|Raid|PCI|"
                        r"Plane|Maintenance|IO|Heatsink|Temp|Riser|Controller|KGPSA|CD ROM|Cage|"
                        r"Harness|Assembly|Console Interface|SSD|Cabinet|Shoebox|IDE",
                        re.I)
net_words = re.compile(r"Interconnect|Ethernet|Gig E|GE Board|Fddi|Router|Network|Term Server|"
                       r"Other|GBIT|MBit|Graphics|GFX", re.I)
unknown_parts = {v.split(": ", 1)[1] for v in values if v.startswith("Hardware: ")}
host = sum(bool(host_words.search(t)) and not net_words.search(t) and t not in unknown_parts
           and not t.startswith(("MSC", "MMB", "RM ", "Ktown", "Xtown", "DG "))
           for t in hardware)
check("LANL host (hardware parts by words)", kinds["host"], host)
print(f"LANL unmapped {unmapped} of {len(rows)}: {values}")
sys.exit(1 if failed else 0)
