#!/usr/bin/python3
"""slurm/sweeplib/slurm_state.py reads squeue, sacct, scontrol and jobcomp answers correctly.

The real-Slurm test (test_sweep.sh) has no accounting database, so sacct's answers are pinned
here with stand-in commands on PATH that print what Slurm 22.05 prints.
"""
import os
import stat
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "slurm"))
from sweeplib import slurm_state  # noqa: E402


def fake(bindir, name, stdout, rc=0):
    path = os.path.join(bindir, name)
    with open(path, "w") as f:
        f.write(f"#!/bin/sh\ncat <<'END'\n{stdout}\nEND\nexit {rc}\n")
    os.chmod(path, stat.S_IRWXU)


class SlurmStateTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.old_path = os.environ["PATH"]
        os.environ["PATH"] = self.tmp.name + os.pathsep + "/usr/bin:/bin"

    def tearDown(self):
        os.environ["PATH"] = self.old_path
        self.tmp.cleanup()

    def test_sources_and_precedence(self):
        d = self.tmp.name
        jobcomp = os.path.join(d, "jobcomp.txt")
        with open(jobcomp, "w") as f:
            f.write("JobId=40 JobState=FAILED ArrayJobId=12 ArrayTaskId=6 ExitCode=1:0\n"
                    "JobId=41 JobState=TIMEOUT ArrayJobId=12 ArrayTaskId=7 ExitCode=0:15\n")
        fake(d, "squeue", "12|3|PENDING|JobArrayTaskLimit\n12|4|RUNNING|None")
        fake(d, "sacct", "12_0|COMPLETED|0:0\n12_1|FAILED|2:0\n12_2|CANCELLED by 0|0:15\n"
                         "12_3|PENDING|0:0\n12_[8-9%2]|PENDING|0:0\n99_1|FAILED|1:0")
        fake(d, "scontrol", f"JobCompType = jobcomp/filetxt\nJobCompLoc = {jobcomp}")
        s = slurm_state.task_states(["12"])
        self.assertEqual(s[("12", 0)][:2], ("COMPLETED", "0:0"))
        self.assertEqual(s[("12", 1)][:2], ("FAILED", "2:0"))
        self.assertEqual(s[("12", 2)][:2], ("CANCELLED", "0:15"))  # "by 0" dropped
        self.assertEqual(s[("12", 3)][0], "PENDING")  # squeue wins over sacct
        self.assertIn("JobArrayTaskLimit", s[("12", 3)][2])
        self.assertEqual(s[("12", 4)][0], "RUNNING")
        self.assertEqual(s[("12", 6)], ("FAILED", "1:0", "jobcomp"))
        self.assertEqual(s[("12", 7)][0], "TIMEOUT")
        self.assertNotIn(("99", 1), s)  # not one of ours
        self.assertNotIn(("12", 8), s)  # pending ranges are squeue's business
        self.assertEqual(slurm_state.active_jobs(["12", "13"]), {"12"})

    def test_no_slurm_at_all(self):
        # No Slurm commands on PATH (a laptop): nothing known, no exception.
        os.environ["PATH"] = self.tmp.name
        self.assertEqual(slurm_state.task_states(["12"]), {})
        self.assertEqual(slurm_state.active_jobs(["12"]), set())

    def test_accounting_disabled(self):
        d = self.tmp.name
        fake(d, "sacct", "", rc=1)
        fake(d, "squeue", "", rc=1)
        fake(d, "scontrol", "JobId=5 ArrayJobId=12 ArrayTaskId=2 JobState=FAILED ExitCode=2:0\n"
                            "JobId=12 ArrayJobId=12 ArrayTaskId=3-4%2 JobState=PENDING")
        s = slurm_state.task_states(["12"])
        self.assertEqual(s, {("12", 2): ("FAILED", "2:0", "scontrol")})


if __name__ == "__main__":
    unittest.main()
