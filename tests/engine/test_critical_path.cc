// The critical path (sim/engine/critical_path.h) on hand-made models whose path is known by
// construction (a chain on one LP: bound 1; N independent equal LPs: bound N; a fork whose length
// is counted by hand), against an independent recomputation from the events each LP logged, and
// unchanged by ranks (run under mpirun -n 1, 2 and 4 by ctest) and by whether it is recorded.
#include <mpi.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <tuple>
#include <vector>

#include "partitions/block.h"
#include "partitions/round_robin.h"
#include "sim/engine/simulator.h"
#include "tests/engine/phold.h"

using namespace fleetsim;
using engine::CriticalPath;
using engine::Event;
using engine::LpId;
using engine::Time;

namespace {

constexpr std::uint16_t kTick = 1;
constexpr Time kDelay = engine::kSecond;

// Handles `chain` events one after the other, each sent to itself; with `fan_at` > 0, its
// fan_at-th event also sends one event to each LP in `fan_to`, which then start their own chains.
class ChainLp final : public engine::StatefulLp<ChainLp> {
 public:
  ChainLp(int chain, bool starts, int fan_at = 0, std::vector<LpId> fan_to = {})
      : chain_(chain), starts_(starts), fan_at_(fan_at), fan_to_(std::move(fan_to)) {}
  void init(engine::Context& ctx) override {
    if (starts_) ctx.send(ctx.self(), kDelay, kTick, 0, std::int32_t{0});
  }
  void handle(const Event&, engine::Context& ctx) override {
    ++handled_;
    if (handled_ < chain_) ctx.send(ctx.self(), kDelay, kTick, 0, std::int32_t{0});
    if (handled_ == fan_at_)
      for (LpId to : fan_to_) ctx.send(to, kDelay, kTick, 0, std::int32_t{0});
  }
  template <class Archive>
  void state(Archive& ar) {
    ar(handled_);
  }

 private:
  int chain_;
  bool starts_;
  int fan_at_;
  std::vector<LpId> fan_to_;
  int handled_ = 0;
};

template <class Make>
engine::CriticalPathStats run_model(LpId n, Make make, CriticalPath mode,
                                    MPI_Comm comm = MPI_COMM_SELF) {
  engine::LpTypeTable t;
  t.add({.name = "chain",
         .count = n,
         .accepts = {kTick},
         .sends = {{kTick, "chain", kDelay, "test delay"}},
         .statistics = {},
         .make = make});
  partitions::BlockPartitioner block;
  engine::SimulatorOptions opts;
  opts.end_time = engine::kDay;
  opts.critical_path = mode;
  engine::Simulator sim(comm, t, block, opts);
  sim.build();
  return sim.run().critical_path;
}

// PHOLD that logs, for every event it handles, who sent it and which of the sender's events
// did (-1: the sender's init): enough to rebuild the dependency graph without the engine.
struct Logged {
  Time time;
  LpId src;
  std::int64_t parent;  // index of the sender's handled event, -1 for init
};

class LoggingPhold final : public engine::StatefulLp<LoggingPhold> {
 public:
  explicit LoggingPhold(LpId lps) : lps_(lps) {}
  void init(engine::Context& ctx) override {
    rng_ = ctx.rng({core::purpose("test.cp"), ctx.self()});
    for (int i = 0; i < 2; ++i) send(ctx, -1);
  }
  void handle(const Event& ev, engine::Context& ctx) override {
    log.push_back({ev.time, ev.src, ev.as<std::int64_t>()});
    send(ctx, static_cast<std::int64_t>(log.size()) - 1);
  }
  template <class Archive>
  void state(Archive& ar) {
    ar(rng_);
  }
  std::vector<Logged> log;

 private:
  void send(engine::Context& ctx, std::int64_t parent) {
    const auto dst = static_cast<LpId>(rng_.below(lps_));
    const Time delay = kDelay + static_cast<Time>(rng_.exponential(1.0) * kDelay);
    ctx.send(dst, delay, kTick, 0, parent);
  }
  LpId lps_;
  engine::RngStream rng_;
};

}  // namespace

TEST_CASE("critical path: a chain of events on one LP has bound 1", "[engine][critical_path]") {
  for (CriticalPath mode : {CriticalPath::kEvents, CriticalPath::kTime}) {
    const auto cp = run_model(
        1, [](LpId) { return std::make_unique<ChainLp>(500, true); }, mode);
    CHECK(cp.mode == mode);
    CHECK(cp.events == 500);
    CHECK(cp.length == cp.work);  // every event waits for the one before it
    CHECK(cp.bound() == 1.0);
    if (mode == CriticalPath::kEvents) CHECK(cp.work == 500);
  }
}

TEST_CASE("critical path: N independent LPs with equal work have bound N",
          "[engine][critical_path]") {
  for (LpId n : {1u, 3u, 16u}) {
    const auto cp = run_model(
        n, [](LpId) { return std::make_unique<ChainLp>(40, true); }, CriticalPath::kEvents);
    CHECK(cp.work == 40 * static_cast<std::int64_t>(n));
    CHECK(cp.length == 40);
    CHECK(cp.bound() == Approx(n));
  }
  // Measured handler times vary, but no path can be longer than all the work or shorter than
  // one LP's share.
  const auto timed = run_model(
      8, [](LpId) { return std::make_unique<ChainLp>(40, true); }, CriticalPath::kTime);
  CHECK(timed.bound() >= 1.0);
  CHECK(timed.bound() <= 8.0);
}

TEST_CASE("critical path: a fork counted by hand", "[engine][critical_path]") {
  // LP 0 handles 2 events (finish 1, 2); its 2nd sends to LPs 1..3, which handle chains of 1, 2
  // and 3 events after it: LP 3 finishes at 2 + 3 = 5. Work 2 + 1 + 2 + 3 = 8, bound 8/5.
  const auto cp = run_model(
      4,
      [](LpId id) -> std::unique_ptr<engine::Lp> {
        if (id == 0) return std::make_unique<ChainLp>(2, true, 2, std::vector<LpId>{1, 2, 3});
        return std::make_unique<ChainLp>(static_cast<int>(id), false);
      },
      CriticalPath::kEvents);
  CHECK(cp.work == 8);
  CHECK(cp.length == 5);
  CHECK(cp.bound() == Approx(1.6));
  // Two LPs passing one token back and forth are a chain too: bound 1.
  const auto token = run_model(
      2,
      [](LpId id) -> std::unique_ptr<engine::Lp> {
        // LP 0 starts; each LP's first event sends the token on: LP 0, LP 1, LP 0.
        return std::make_unique<ChainLp>(1, id == 0, 1, std::vector<LpId>{1 - id});
      },
      CriticalPath::kEvents);
  CHECK(token.work == 3);
  CHECK(token.length == 3);
}

TEST_CASE("critical path: equals a recomputation from the logged events",
          "[engine][critical_path]") {
  const LpId lps = 12;
  engine::LpTypeTable t;
  t.add({.name = "logging",
         .count = lps,
         .accepts = {kTick},
         .sends = {{kTick, "logging", kDelay, "test delay"}},
         .statistics = {},
         .make = [&](LpId) { return std::make_unique<LoggingPhold>(lps); }});
  partitions::BlockPartitioner block;
  engine::SimulatorOptions opts;
  opts.end_time = 200 * engine::kSecond;
  opts.critical_path = CriticalPath::kEvents;
  engine::Simulator sim(MPI_COMM_SELF, t, block, opts);
  sim.build();
  const auto cp = sim.run().critical_path;

  // The oracle: finish(e) = max(finish(parent), finish(previous on the LP)) + 1, evaluated in
  // time order (every delay is positive, so a parent is always earlier than its child).
  std::vector<const std::vector<Logged>*> logs;
  std::vector<std::tuple<Time, LpId, std::size_t>> order;
  for (LpId id = 0; id < lps; ++id) {
    logs.push_back(&static_cast<LoggingPhold&>(sim.local_lp(id)).log);
    for (std::size_t k = 0; k < logs[id]->size(); ++k)
      order.emplace_back((*logs[id])[k].time, id, k);
  }
  std::sort(order.begin(), order.end());
  std::vector<std::vector<std::int64_t>> finish(lps);
  for (LpId id = 0; id < lps; ++id) finish[id].assign(logs[id]->size(), -1);
  std::int64_t longest = 0;
  for (const auto& [time, id, k] : order) {
    const Logged& e = (*logs[id])[k];
    std::int64_t ready = k > 0 ? finish[id][k - 1] : 0;
    if (e.parent >= 0) {
      const std::int64_t p = finish[e.src][static_cast<std::size_t>(e.parent)];
      REQUIRE(p >= 0);  // evaluated already
      ready = std::max(ready, p);
    }
    finish[id][k] = ready + 1;
    longest = std::max(longest, finish[id][k]);
  }
  REQUIRE(order.size() > 1000);
  CHECK(cp.work == static_cast<std::int64_t>(order.size()));
  CHECK(cp.length == longest);
  CHECK(cp.bound() > 1.0);
}

TEST_CASE("critical path: the same on any ranks, and recording it changes no result",
          "[engine][critical_path][mpi]") {
  partitions::BlockPartitioner block;
  partitions::RoundRobinPartitioner round_robin;
  auto run = [](MPI_Comm comm, const engine::Partitioner& part, CriticalPath mode, int threads) {
    engine::SimulatorOptions opts;
    opts.end_time = 5 * engine::kSecond;
    opts.seed = 42;
    opts.threads = threads;
    opts.critical_path = mode;
    const LpId lps = 37;
    const auto types = test::phold_types(lps, 10 * engine::kMillisecond, 3);
    engine::Simulator sim(comm, types, part, opts);
    sim.build();
    const auto stats = sim.run();
    std::vector<std::uint64_t> mine(lps, 0), all(lps, 0);
    for (LpId id : sim.local_ids())
      mine[id] = static_cast<test::PholdLp&>(sim.local_lp(id)).digest();
    MPI_Allreduce(mine.data(), all.data(), static_cast<int>(lps), MPI_UINT64_T, MPI_BXOR, comm);
    return std::pair{stats, all};
  };
  const auto [plain, plain_digests] = run(MPI_COMM_SELF, block, CriticalPath::kOff, 1);
  CHECK(plain.critical_path.mode == CriticalPath::kOff);
  CHECK(plain.critical_path.work == 0);
  const auto [serial, serial_digests] = run(MPI_COMM_SELF, block, CriticalPath::kEvents, 1);
  CHECK(serial_digests == plain_digests);
  CHECK(serial.critical_path.events == plain.events);
  CHECK(serial.critical_path.work == static_cast<std::int64_t>(plain.events));
  const auto [all, all_digests] = run(MPI_COMM_WORLD, round_robin, CriticalPath::kEvents, 2);
  CHECK(all_digests == plain_digests);
  CHECK(all.critical_path.length == serial.critical_path.length);
  CHECK(all.critical_path.work == serial.critical_path.work);
  // Measured costs hold each handler's sends back until it returns: the histories stay the same.
  const auto [timed, timed_digests] = run(MPI_COMM_WORLD, block, CriticalPath::kTime, 1);
  CHECK(timed_digests == plain_digests);
  CHECK(timed.critical_path.events == plain.events);
  CHECK(timed.times.size() == static_cast<std::size_t>(timed.ranks.size()));
}
