// Snapshots of a whole simulation at a window boundary, and resuming from one
// (docs/snapshots.md); the file format is sim/engine/snapshot_format.h.
#pragma once
#include <mpi.h>

#include <string>

#include "sim/engine/snapshot_format.h"

namespace fleetsim::engine {

// A snapshot read for a resume: rank 0 holds the file's bytes, every rank the header.
struct Snapshot {
  std::string path;
  SnapshotHeader header;
  std::string bytes;  // rank 0 only
};

// Collective: rank 0 reads and checks the whole file, every rank gets the header or the same
// SnapshotError.
Snapshot read_snapshot(const std::string& path, MPI_Comm comm);

// Where snapshots go and how often (SimulatorOptions::snapshots).
struct SnapshotPolicy {
  Time every = 0;   // 0: no snapshots
  std::string dir;  // written as DIR/snapshot-<time in us, 16 digits>.fss
  int keep = 2;     // the newest `keep` are kept, older ones removed
  std::string meta;
};

}  // namespace fleetsim::engine
