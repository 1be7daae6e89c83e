// The engine's contract: total event order, lookahead enforcement, rank-independent RNG streams,
// and identical results on any number of ranks, threads and partitions (run under mpirun -n 1, 2
// and 4 by ctest; each rank also runs the serial reference on MPI_COMM_SELF).
#include <mpi.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <vector>

#include "partitions/block.h"
#include "partitions/round_robin.h"
#include "sim/engine/simulator.h"
#include "tests/engine/phold.h"

using namespace fleetsim;
using engine::Event;
using engine::LpId;
using engine::Time;

namespace {

struct PholdResult {
  std::vector<std::uint64_t> digests;  // per LP, gathered on every rank
  std::uint64_t events = 0;
};

PholdResult run_phold(MPI_Comm comm, const engine::Partitioner& part, int threads, LpId lps = 37) {
  engine::SimulatorOptions opts;
  opts.end_time = 5 * engine::kSecond;
  opts.seed = 42;
  opts.threads = threads;
  const auto types = test::phold_types(lps, 10 * engine::kMillisecond, 3);
  engine::Simulator sim(comm, types, part, opts);
  sim.build();
  const auto stats = sim.run();
  std::vector<std::uint64_t> mine(lps, 0), all(lps, 0);
  for (LpId id : sim.local_ids()) mine[id] = static_cast<test::PholdLp&>(sim.local_lp(id)).digest();
  MPI_Allreduce(mine.data(), all.data(), static_cast<int>(lps), MPI_UINT64_T, MPI_BXOR, comm);
  return {all, stats.events};
}

// Records the order in which its events arrive; the senders all aim at the same instant.
class Recorder final : public engine::StatefulLp<Recorder> {
 public:
  explicit Recorder(bool sender, LpId target) : sender_(sender), target_(target) {}
  void init(engine::Context& ctx) override {
    if (!sender_) return;
    for (int k = 0; k < 3; ++k)
      ctx.send(target_, engine::kSecond, 7, 2 - k % 2, std::int64_t{k});  // priorities 2, 1, 2
  }
  void handle(const Event& ev, engine::Context&) override { seen.push_back(ev); }
  template <class Archive>
  void state(Archive&) {}
  std::vector<Event> seen;

 private:
  bool sender_;
  LpId target_;
};

class TooFast final : public engine::StatefulLp<TooFast> {
 public:
  explicit TooFast(Time delay, bool self) : delay_(delay), self_(self) {}
  void init(engine::Context& ctx) override {
    ctx.send(self_ ? ctx.self() : (ctx.self() + 1) % 2, delay_, 1, 0, std::int32_t{0});
  }
  void handle(const Event&, engine::Context&) override {}
  template <class Archive>
  void state(Archive&) {}

 private:
  Time delay_;
  bool self_;
};

// One LP type of `n` LPs that take and send kind `kind` with at least `delay`.
template <class Make>
engine::LpTypeTable table(LpId n, Time delay, std::uint16_t kind, Make make) {
  engine::LpTypeTable t;
  t.add({.name = "test",
         .count = n,
         .accepts = {kind},
         .sends = {{kind, "test", delay, "test delay"}},
         .statistics = {},
         .make = make});
  return t;
}

}  // namespace

TEST_CASE("same-time events run in (time, priority, source, sequence) order", "[engine]") {
  partitions::BlockPartitioner block;
  engine::SimulatorOptions opts;
  opts.end_time = 10 * engine::kSecond;
  const LpId lps = 6;  // LP 0 receives; LPs 1..5 send three events each, all at t = 1 s
  const auto types = table(lps, engine::kSecond, 7, [](LpId id) -> std::unique_ptr<engine::Lp> {
    return std::make_unique<Recorder>(id != 0, 0);
  });
  engine::Simulator sim(MPI_COMM_SELF, types, block, opts);
  sim.build();
  sim.run();
  const auto& seen = static_cast<Recorder&>(sim.local_lp(0)).seen;
  REQUIRE(seen.size() == 15);
  for (std::size_t i = 1; i < seen.size(); ++i) {
    CHECK(engine::before(seen[i - 1], seen[i]));
    CHECK(seen[i].time == engine::kSecond);
  }
  // All priority-1 events first, then priority 2; within a priority by source LP, then sequence.
  CHECK(seen.front().priority == 1);
  CHECK(seen.front().src == 1);
  CHECK(seen.back().priority == 2);
  CHECK(seen.back().src == 5);
  CHECK(seen.back().seq == 2);
}

TEST_CASE("a send below the lookahead is a hard error", "[engine]") {
  partitions::BlockPartitioner block;
  engine::SimulatorOptions opts;
  opts.end_time = 10 * engine::kSecond;
  // The declared delay, 1 s, is the lookahead.
  auto run = [&](Time delay, bool self) {
    const auto types = table(2, engine::kSecond, 1, [=](LpId) -> std::unique_ptr<engine::Lp> {
      return std::make_unique<TooFast>(delay, self);
    });
    engine::Simulator sim(MPI_COMM_SELF, types, block, opts);
    CHECK(sim.lookahead() == engine::kSecond);
    sim.build();
    return sim.run().events;
  };
  SECTION("to another LP, faster than the lookahead: throws") {
    CHECK_THROWS_AS(run(engine::kSecond - 1, false), engine::LookaheadViolation);
  }
  SECTION("to another LP, exactly the lookahead: fine") { CHECK(run(engine::kSecond, false) == 2); }
  SECTION("to itself, with no delay: fine") { CHECK(run(0, true) == 2); }
  SECTION("a negative delay, even to itself: throws") {
    CHECK_THROWS_AS(run(-1, true), engine::LookaheadViolation);
  }
  SECTION("a kind the receiver does not declare: throws") {
    engine::LpTypeTable t;
    t.add({.name = "a",
           .count = 2,
           .accepts = {2},
           .sends = {{2, "a", engine::kSecond, "a delay"}},
           .statistics = {},
           .make = [](LpId) -> std::unique_ptr<engine::Lp> {
             return std::make_unique<TooFast>(engine::kSecond, false);  // sends kind 1
           }});
    engine::Simulator sim(MPI_COMM_SELF, t, block, opts);
    sim.build();
    CHECK_THROWS_AS(sim.run(), std::logic_error);
  }
  SECTION("invalid declarations and parameters") {
    CHECK_THROWS_AS(engine::Simulator(MPI_COMM_SELF,
                                      table(2, 0, 1,
                                            [](LpId) -> std::unique_ptr<engine::Lp> {
                                              return std::make_unique<TooFast>(0, true);
                                            }),
                                      block, opts),
                    std::invalid_argument);
    opts.threads = 0;
    CHECK_THROWS_AS(engine::Simulator(MPI_COMM_SELF,
                                      table(2, engine::kSecond, 1,
                                            [](LpId) -> std::unique_ptr<engine::Lp> {
                                              return std::make_unique<TooFast>(0, true);
                                            }),
                                      block, opts),
                    std::invalid_argument);
  }
}

TEST_CASE("the lookahead is the least declared delay between LP types", "[engine]") {
  engine::LpTypeTable t;
  auto none = [](LpId) -> std::unique_ptr<engine::Lp> { return nullptr; };
  t.add({.name = "a",
         .count = 3,
         .accepts = {1},
         .sends = {{2, "b", 5, "a->b"}},
         .statistics = {},
         .make = none});
  t.add({.name = "b",
         .count = 2,
         .accepts = {2},
         .sends = {{1, "a", 3, "b->a"}},
         .statistics = {},
         .make = none});
  CHECK(t.num_lps() == 5);
  CHECK(t.first_id("b") == 3);
  CHECK(t.index_in_type(4) == 1);
  CHECK(t.lookahead() == 3);
  CHECK(t.accepts(0, 1));
  CHECK_FALSE(t.accepts(0, 2));
  engine::LpTypeTable u;
  u.add({.name = "a",
         .count = 1,
         .accepts = {1},
         .sends = {{2, "nobody", 5, "x"}},
         .statistics = {},
         .make = none});
  CHECK_THROWS_AS(u.lookahead(), std::invalid_argument);
}

TEST_CASE("random streams depend only on (seed, purpose, entity, draw)", "[engine][rng]") {
  const std::uint64_t p = core::purpose("test.a"), q = core::purpose("test.b");
  engine::RngStream a(7, {p, 3}), b(7, {p, 3}), other_entity(7, {p, 4}), other_purpose(7, {q, 3}),
      other_seed(8, {p, 3});
  std::vector<std::uint64_t> va, vb;
  for (int i = 0; i < 100; ++i) {
    va.push_back(a.next_u64());
    vb.push_back(b.next_u64());
  }
  CHECK(va == vb);
  CHECK(a.draws() == 100);
  CHECK(other_entity.next_u64() != va[0]);
  CHECK(other_purpose.next_u64() != va[0]);
  CHECK(p != q);
  CHECK(other_seed.next_u64() != va[0]);

  SECTION("distributions have the right means") {
    engine::RngStream r(1, {core::purpose("test.means"), 9});
    double u = 0, e = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
      u += r.uniform();
      e += r.exponential(4.0);
    }
    CHECK(u / n == Approx(0.5).margin(0.005));
    CHECK(e / n == Approx(0.25).margin(0.005));
  }
  SECTION("a rank's draws equal the serial draws for every LP") {
    int rank = 0, ranks = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    // Each rank draws for its round-robin share of 64 LPs; rank 0 compares with its own draws.
    std::vector<std::uint64_t> mine(64, 0), all(64, 0);
    for (int lp = rank; lp < 64; lp += ranks)
      mine[lp] = engine::RngStream(5, {p, static_cast<std::uint64_t>(lp)}).next_u64();
    MPI_Allreduce(mine.data(), all.data(), 64, MPI_UINT64_T, MPI_BOR, MPI_COMM_WORLD);
    for (int lp = 0; lp < 64; ++lp)
      CHECK(all[lp] == engine::RngStream(5, {p, static_cast<std::uint64_t>(lp)}).next_u64());
  }
}

TEST_CASE("PHOLD gives identical per-LP histories on any ranks, threads and partition",
          "[engine][mpi]") {
  partitions::BlockPartitioner block;
  partitions::RoundRobinPartitioner round_robin;
  const PholdResult serial = run_phold(MPI_COMM_SELF, block, 1);
  REQUIRE(serial.events > 10000);

  SECTION("block partition over all ranks") {
    const auto r = run_phold(MPI_COMM_WORLD, block, 1);
    CHECK(r.digests == serial.digests);
    CHECK(r.events == serial.events);
  }
  SECTION("round-robin partition over all ranks, 2 threads per rank") {
    const auto r = run_phold(MPI_COMM_WORLD, round_robin, 2);
    CHECK(r.digests == serial.digests);
    CHECK(r.events == serial.events);
  }
  SECTION("a different seed gives different histories (the check can fail)") {
    engine::SimulatorOptions opts;
    opts.end_time = 5 * engine::kSecond;
    opts.seed = 43;
    const auto types = test::phold_types(37, 10 * engine::kMillisecond, 3);
    engine::Simulator sim(MPI_COMM_SELF, types, block, opts);
    sim.build();
    sim.run();
    CHECK(static_cast<test::PholdLp&>(sim.local_lp(0)).digest() != serial.digests[0]);
  }
}

TEST_CASE("partitioners cover every LP with a valid rank", "[engine][partitions]") {
  partitions::BlockPartitioner block;
  partitions::RoundRobinPartitioner rr;
  for (int ranks : {1, 2, 3, 4, 7}) {
    for (const engine::Partitioner* p :
         {static_cast<engine::Partitioner*>(&block), static_cast<engine::Partitioner*>(&rr)}) {
      const auto owner = p->assign(101, ranks);
      REQUIRE(owner.size() == 101);
      std::map<int, int> count;
      for (int r : owner) {
        REQUIRE(r >= 0);
        REQUIRE(r < ranks);
        ++count[r];
      }
      for (auto [r, n] : count) CHECK(std::abs(n - 101 / ranks) <= 1);
    }
  }
  const auto owner = block.assign(10, 3);
  CHECK(std::is_sorted(owner.begin(), owner.end()));
}
