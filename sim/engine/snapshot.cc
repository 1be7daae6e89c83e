#include "sim/engine/snapshot.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace fleetsim::engine {

Snapshot read_snapshot(const std::string& path, MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  Snapshot snap;
  snap.path = path;
  std::string error;
  std::string header_bytes;
  if (rank == 0) {
    try {
      std::ifstream in(path, std::ios::binary);
      if (!in) throw SnapshotError(path + ": cannot open snapshot (" + std::strerror(errno) + ")");
      std::ostringstream buf;
      buf << in.rdbuf();
      if (in.bad()) throw SnapshotError(path + ": cannot read snapshot");
      snap.bytes = std::move(buf).str();
      const SnapshotView v = parse_snapshot(snap.bytes, path);
      snap.header = v.header;
      SnapshotHeader h = v.header;
      h.num_lps = 0;  // the header alone, no records
      header_bytes = encode_snapshot(h, {});
    } catch (const SnapshotError& e) {
      error = e.what();
      snap.bytes.clear();
    }
  }
  // The error (or the header, as an empty snapshot) travels to every rank.
  for (std::string* s : {&error, &header_bytes}) {
    std::uint64_t n = s->size();
    MPI_Bcast(&n, 1, MPI_UINT64_T, 0, comm);
    s->resize(n);
    MPI_Bcast(s->data(), static_cast<int>(n), MPI_CHAR, 0, comm);
  }
  if (!error.empty()) throw SnapshotError(error);
  std::uint32_t num_lps = snap.header.num_lps;
  MPI_Bcast(&num_lps, 1, MPI_UINT32_T, 0, comm);
  if (rank != 0) snap.header = parse_snapshot(header_bytes, path).header;
  snap.header.num_lps = num_lps;
  return snap;
}

}  // namespace fleetsim::engine
