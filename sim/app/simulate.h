// One simulation of one layout: build the fleet's LPs on this rank, run the engine, write the file.
#pragma once
#include <mpi.h>

#include <string>

#include "sim/engine/simulator.h"
#include "sim/io/scenario.h"
#include "sim/model/logged_pod_lp.h"
#include "traces/trace_fit.h"

namespace fleetsim::app {

struct RunOptions {
  int threads = 1;
  std::string partitioner = "block";
  bool quiet = false;
  bool progress = true;  // the progress line on stderr (a terminal, not quiet, the comm's rank 0)
  // Record the run's critical path (sim/engine/critical_path.h); printed, never written.
  engine::CriticalPath critical_path = engine::CriticalPath::kOff;
  // Set when the scenario replays a trace: the scan main() made before any simulation.
  const traces::TraceScan* trace_scan = nullptr;
  // Set when the scenario replays a failure log: the failures per pod (sim/model/logged_pod_lp.h).
  const model::FailureScript* failures = nullptr;
  const struct FailureReplay* failure_replay =
      nullptr;  // what `failures` came from, for the banner
  // Snapshots to write (meta is filled in by simulate) and the snapshot to resume from
  // (docs/snapshots.md); neither changes a result.
  engine::SnapshotPolicy snapshots;
  const engine::Snapshot* resume = nullptr;
  // LP types added before the fleet's own: tests check that they change no result.
  std::vector<engine::LpType> extra_lp_types;
};

// One rank's output time and memory, next to the engine's RankTimes.
struct RankCost {
  double write_seconds = 0;  // gathering rows and writing the HDF5 file
  double peak_rss_mib = 0;   // the process's peak resident memory so far (getrusage)
};

struct RunResult {
  engine::RunStats stats;
  double wall_seconds = 0;
  double write_seconds = 0;     // of wall_seconds: gathering rows and writing the HDF5 file
  std::vector<RankCost> ranks;  // per rank, on every rank
};

// Collective over `comm`. Writes `out` (an .h5 path) and returns what the engine counted.
// A snapshot that cannot be resumed is a ConfigError, one that cannot be written an OutputError.
RunResult simulate(MPI_Comm comm, const io::Scenario& scenario, const model::ModelConfig& cfg,
                   const RunOptions& opts, const std::string& out);

}  // namespace fleetsim::app
