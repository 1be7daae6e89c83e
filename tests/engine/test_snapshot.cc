// Snapshots and resume in the engine (sim/engine/snapshot.h): PHOLD resumed from a middle
// snapshot on any ranks, threads and partition gives every LP the history of the uninterrupted
// run; the file format refuses every truncation and corruption with a SnapshotError naming the
// file. The whole program is tested end to end by tests/engine/snapshot_resume.sh.
#include <mpi.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "partitions/block.h"
#include "partitions/round_robin.h"
#include "sim/engine/simulator.h"
#include "tests/engine/phold.h"

using namespace fleetsim;
using engine::LpId;

namespace fs = std::filesystem;

namespace {

constexpr LpId kLps = 37;

struct Outcome {
  std::vector<std::uint64_t> digests;
  engine::RunStats stats;
};

Outcome run_phold(MPI_Comm comm, const engine::Partitioner& part, int threads,
                  engine::SnapshotPolicy snapshots = {}, const engine::Snapshot* resume = nullptr,
                  std::uint64_t seed = 42) {
  engine::SimulatorOptions opts;
  opts.end_time = 5 * engine::kSecond;
  opts.seed = seed;
  opts.threads = threads;
  opts.snapshots = snapshots;
  opts.resume = resume;
  const auto types = test::phold_types(kLps, 10 * engine::kMillisecond, 3);
  engine::Simulator sim(comm, types, part, opts);
  sim.build();
  Outcome out;
  out.stats = sim.run();
  std::vector<std::uint64_t> mine(kLps, 0);
  out.digests.assign(kLps, 0);
  for (LpId id : sim.local_ids()) mine[id] = static_cast<test::PholdLp&>(sim.local_lp(id)).digest();
  MPI_Allreduce(mine.data(), out.digests.data(), static_cast<int>(kLps), MPI_UINT64_T, MPI_BXOR,
                comm);
  return out;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> snapshot_files(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".fss") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("PHOLD resumed from a snapshot on any ranks, threads and partition is the same run",
          "[engine][mpi][snapshot]") {
  int rank = 0, ranks = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  partitions::BlockPartitioner block;
  partitions::RoundRobinPartitioner round_robin;
  const Outcome serial = run_phold(MPI_COMM_SELF, block, 1);

  const std::string dir =
      std::string(FLEETSIM_TEST_TMP) + "/snapshot-phold-np" + std::to_string(ranks);
  if (rank == 0) {
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  engine::SnapshotPolicy policy;
  policy.every = engine::kSecond;
  policy.dir = dir;
  policy.keep = 10;
  const Outcome full = run_phold(MPI_COMM_WORLD, block, 1, policy);
  CHECK(full.digests == serial.digests);  // taking snapshots changes nothing
  CHECK(full.stats.events == serial.stats.events);
  CHECK(serial.stats.windows == 1);                // one rank, one thread: no window but the run
  if (ranks == 1) CHECK(full.stats.windows == 5);  // windows end at every snapshot
  CHECK(full.stats.snapshots == 4);
  const auto files = snapshot_files(dir);
  REQUIRE(files.size() == 4);

  const std::string last = rank == 0 ? slurp(files[3]) : std::string();
  // From the middle one (at 2 s), over all ranks, round robin, 2 threads, snapshotting again.
  const engine::Snapshot middle = engine::read_snapshot(files[1], MPI_COMM_WORLD);
  CHECK(middle.header.time >= 2 * engine::kSecond);
  CHECK(middle.header.time < 2 * engine::kSecond + 10 * engine::kMillisecond);
  const Outcome resumed = run_phold(MPI_COMM_WORLD, round_robin, 2, policy, &middle);
  CHECK(resumed.digests == serial.digests);
  CHECK(resumed.stats.events == serial.stats.events);
  CHECK(resumed.stats.snapshots == 2);  // at 3 s and 4 s: the same files again
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) {
    const auto again = snapshot_files(dir);
    REQUIRE(again.size() == 4);
    CHECK(slurp(again[3]) == last);  // the same bytes as the uninterrupted run's
  }

  // The same snapshot on one rank alone (every rank on its own).
  const engine::Snapshot alone = engine::read_snapshot(files[1], MPI_COMM_SELF);
  const Outcome one = run_phold(MPI_COMM_SELF, block, 1, {}, &alone);
  CHECK(one.digests == serial.digests);
  CHECK(one.stats.events == serial.stats.events);

  // A snapshot of another simulation is refused, on every rank alike.
  CHECK_THROWS_AS(run_phold(MPI_COMM_WORLD, block, 1, {}, &middle, 43), engine::SnapshotError);
}

TEST_CASE("a snapshot file refuses every truncation and corruption", "[engine][snapshot]") {
  const std::string path = std::string(FLEETSIM_TEST_DATA) + "/snapshots/small.fss";
  const std::string good = slurp(path);
  REQUIRE(good.size() > 100);
  const engine::SnapshotView v = engine::parse_snapshot(good, path);
  CHECK(v.header.time == engine::kDay);
  CHECK(v.header.seed == 3);
  CHECK(v.header.windows == 1234);
  CHECK(v.header.meta == "seed = 3\nduration = 2d\n");
  REQUIRE(v.records.size() == 3);
  const engine::LpRecord r2 = engine::decode_record(v.records[2], path);
  CHECK(r2.counters.next_seq == 9);
  CHECK(r2.counters.processed == 11);
  REQUIRE(r2.events.size() == 2);
  CHECK(r2.events[1].time == 95 * engine::kSecond * 1000);
  CHECK(r2.events[1].src == 1);
  CHECK(r2.state == "state of LP 2");

  SECTION("records and the whole file encode back to the same bytes") {
    std::vector<std::string> records;
    for (const auto rec : v.records)
      records.push_back(engine::encode_record(engine::decode_record(rec, path)));
    CHECK(engine::encode_snapshot(v.header, {records.begin(), records.end()}) == good);
  }
  SECTION("every truncation is an error naming the file") {
    for (std::size_t n = 0; n < good.size(); ++n) {
      try {
        engine::parse_snapshot(std::string_view(good).substr(0, n), path);
        FAIL("a snapshot cut to " << n << " bytes was accepted");
      } catch (const engine::SnapshotError& e) {
        CHECK(std::string(e.what()).starts_with(path + ": "));
      }
    }
  }
  SECTION("every changed byte is caught, and the parser survives them without the checksum") {
    for (std::size_t i = 0; i < good.size(); ++i) {
      std::string bad = good;
      bad[i] = static_cast<char>(bad[i] ^ 0x41);
      CHECK_THROWS_AS(engine::parse_snapshot(bad, path), engine::SnapshotError);
      try {
        const auto view = engine::parse_snapshot(bad, path, false);
        for (const auto rec : view.records) engine::decode_record(rec, path);
      } catch (const engine::SnapshotError&) {
      }
    }
  }
  SECTION("the newest complete snapshot of a directory; a write that fails says so") {
    const std::string dir = std::string(FLEETSIM_TEST_TMP) + "/snapshot-names";
    fs::remove_all(dir);
    fs::create_directories(dir);
    CHECK(engine::latest_snapshot(dir).empty());
    engine::write_file_atomically(dir + "/" + engine::snapshot_name(5), {good});
    engine::write_file_atomically(dir + "/" + engine::snapshot_name(40), {good});
    std::ofstream(dir + "/." + engine::snapshot_name(90) + ".tmp") << "torn";
    CHECK(engine::latest_snapshot(dir) == dir + "/" + engine::snapshot_name(40));
    CHECK(slurp(engine::latest_snapshot(dir)) == good);
    CHECK_THROWS_AS(engine::write_file_atomically("/nonexistent/dir/x.fss", {good}),
                    engine::SnapshotWriteError);
  }
}
