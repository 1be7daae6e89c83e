"""Fixtures: HDF5 files that fleetsim itself writes during the test run (short simulated spans).

FLEETSIM_BIN names the fleetsim binary (ctest passes it); default: <repo>/build/bin/fleetsim."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ANALYSIS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ANALYSIS))

FLEETSIM = os.environ.get("FLEETSIM_BIN", str(ANALYSIS.parent / "build" / "bin" / "fleetsim"))
REPORT = ANALYSIS / "report"


def fleetsim(*args):
    if not os.access(FLEETSIM, os.X_OK):
        pytest.skip(f"no fleetsim binary at {FLEETSIM} (build first or set FLEETSIM_BIN)")
    subprocess.run([FLEETSIM, *args, "--quiet"], check=True, stdout=subprocess.DEVNULL)


@pytest.fixture(scope="session")
def sweep_dir(tmp_path_factory):
    """A sweep: `fleetsim compare` (giant, 10x10k) over 10 days for seeds 1, 2 and 3; seed 1
    with the event log, seed 2 compressed (output.compression 1; the default stores unfiltered)."""
    root = tmp_path_factory.mktemp("sweep")
    for seed in (1, 2, 3):
        extra = {1: ["--output.event_log", "true"], 2: ["--output.compression", "1"]}.get(seed, [])
        fleetsim("compare", "--duration", "10d", "--seed", str(seed), "--out",
                 str(root / f"seed{seed}"), *extra)
    return root


@pytest.fixture(scope="session")
def compare_dir(sweep_dir):
    return sweep_dir / "seed1"


@pytest.fixture(scope="session")
def giant_file(compare_dir):
    return compare_dir / "giant.h5"
