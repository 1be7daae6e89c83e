// Synchronization (sim/engine/channels.h, docs/engine.md "How a run goes"): the bounds the
// declared channels give each rank, counted by hand; how many windows a run takes (one rank,
// one rank: one, plus one per snapshot, with any thread count (the global-lookahead windows,
// counted from the events the LPs logged, are what the old engine took); a far channel between
// ranks: far fewer than the global lookahead would take); identical histories on any ranks, threads
// and partition for models that stress each part of the bound (chains that cross ranks only after
// hops inside one; a long channel inside a rank next to a short round trip through another; dense
// events, which a rank runs in rounds rather than batches), run under mpirun -n 1, 2 and 4 by
// ctest, which sets FLEETSIM_EXPECT_RANKS; and sends that break a channel's declared delay.
#include <mpi.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "partitions/block.h"
#include "partitions/round_robin.h"
#include "sim/engine/simulator.h"

using namespace fleetsim;
using engine::Event;
using engine::LpId;
using engine::Time;

namespace {

constexpr Time kMs = engine::kMillisecond;
constexpr std::uint16_t kHop = 1;

// Where an LP sends next: to an LP of [first, first + count), with probability `share` (the
// routes' shares add up to 1), after delay + an exponential part of mean `mean` in whole
// milliseconds (same-time events are common: the tie-break is exercised).
struct Route {
  LpId first = 0, count = 1;
  double share = 1;
  Time delay = kMs, mean = 0;
  bool self = false;  // to the sending LP itself (first and count unused)
};

// Every event it handles sends one event on one of its routes; it folds what it sees into a
// digest and logs the times (for the global-lookahead window count).
class HopLp final : public engine::StatefulLp<HopLp> {
 public:
  HopLp(std::vector<Route> routes, int population)
      : routes_(std::move(routes)), population_(population) {}
  void init(engine::Context& ctx) override {
    rng_ = ctx.rng({core::purpose("test.sync"), ctx.self()});
    for (int i = 0; i < population_; ++i) send(ctx);
  }
  void handle(const Event& ev, engine::Context& ctx) override {
    for (std::uint64_t word : {static_cast<std::uint64_t>(ev.time), std::uint64_t{ev.src}, ev.seq,
                               static_cast<std::uint64_t>(ev.priority)})
      digest_ = (digest_ ^ word) * 0x100000001b3ULL;
    times.push_back(ev.time);
    send(ctx);
  }
  template <class Archive>
  void state(Archive& ar) {
    ar(rng_, digest_);
  }
  std::uint64_t digest() const { return digest_; }
  std::vector<Time> times;

 private:
  void send(engine::Context& ctx) {
    double u = rng_.uniform();
    std::size_t k = 0;
    while (k + 1 < routes_.size() && u >= routes_[k].share) u -= routes_[k++].share;
    const Route& r = routes_[k];
    const LpId dst = r.self ? ctx.self() : r.first + static_cast<LpId>(rng_.below(r.count));
    const auto extra =
        r.mean > 0 ? static_cast<Time>(rng_.exponential(1.0) * (r.mean / kMs)) * kMs : Time{0};
    ctx.send(dst, r.delay + extra, kHop, static_cast<std::int32_t>(rng_.below(2)), std::int32_t{0});
  }
  std::vector<Route> routes_;
  int population_;
  engine::RngStream rng_;
  std::uint64_t digest_ = 0xcbf29ce484222325ULL;
};

struct TypeSpec {
  std::string name;
  LpId count;
  int population;
  std::vector<std::pair<std::string, Route>> routes;  // receiving type's name, route within it
};

// A table of HopLp types; a route's `first` counts from its receiving type's first id.
engine::LpTypeTable hop_types(const std::vector<TypeSpec>& specs) {
  std::vector<LpId> first;
  LpId next = 0;
  for (const auto& s : specs) {
    first.push_back(next);
    next += s.count;
  }
  auto first_of = [&](const std::string& name) {
    for (std::size_t i = 0; i < specs.size(); ++i)
      if (specs[i].name == name) return first[i];
    throw std::logic_error("no type " + name);
  };
  engine::LpTypeTable t;
  for (const auto& s : specs) {
    std::vector<Route> routes;
    std::vector<engine::SendDecl> sends;
    for (const auto& [to, r] : s.routes) {
      Route abs = r;
      routes.push_back(abs);
      if (r.self) continue;  // a send to itself needs no channel
      routes.back().first += first_of(to);
      sends.push_back({kHop, to, r.delay, s.name + "->" + to});
    }
    const int population = s.population;
    t.add({.name = s.name,
           .count = s.count,
           .accepts = {kHop},
           .sends = sends,
           .statistics = {},
           .make = [routes, population](LpId) -> std::unique_ptr<engine::Lp> {
             return std::make_unique<HopLp>(routes, population);
           }});
  }
  return t;
}

// A chain that crosses ranks only after hops inside one: a -> a (1 ms), a -> b (5 ms),
// b -> c (7 ms), c -> a (11 ms). With a and b on one rank and c on others, the bound on c's
// ranks must follow a -> b -> c: a has no channel to c of its own.
std::vector<TypeSpec> chain_model() {
  return {{"a", 6, 3, {{"a", {0, 6, 0.93, 1 * kMs, 2 * kMs}}, {"b", {0, 3, 0.07, 5 * kMs, 0}}}},
          {"b", 3, 0, {{"c", {0, 4, 1.0, 7 * kMs, 1 * kMs}}}},
          {"c", 4, 1, {{"a", {0, 6, 1.0, 11 * kMs, 3 * kMs}}}}};
}

// Busy near LPs (1 ms between them) and far LPs 500 ms away each way.
std::vector<TypeSpec> far_model() {
  return {{"near",
           8,
           4,
           {{"near", {0, 8, 0.998, 1 * kMs, 1 * kMs}}, {"far", {0, 3, 0.002, 500 * kMs, 0}}}},
          {"far", 3, 0, {{"near", {0, 8, 1.0, 500 * kMs, 100 * kMs}}}}};
}

// LPs busy with their own events whose channel to each other is long (1 s: a batch of one may
// run far ahead) and whose round trip through another type is short (1 ms each way): a batch
// must stop at the round trip, since what it sends out can come back before it ends.
std::vector<TypeSpec> round_trip_model() {
  return {{"p",
           4,
           6,
           {{"p", {0, 0, 0.918, 1 * kMs, 2 * kMs, true}},
            {"q", {0, 3, 0.08, 1 * kMs, 0}},
            {"p", {0, 4, 0.002, engine::kSecond, 0}}}},
          {"q", 3, 0, {{"p", {0, 4, 1.0, 1 * kMs, 1 * kMs}}}}};
}

// Dense: 64 LPs with 8 events each 1-2 ms apart, a few sends out to 8 others and back (2 ms
// out, 1 ms back): a rank with the 64 runs rounds over all of them rather than batches.
std::vector<TypeSpec> dense_model() {
  return {{"d", 64, 8, {{"d", {0, 64, 0.97, 1 * kMs, 1 * kMs}}, {"e", {0, 8, 0.03, 2 * kMs, 0}}}},
          {"e", 8, 0, {{"d", {0, 64, 1.0, 1 * kMs, 1 * kMs}}}}};
}

// Types listed in `first_rank_types` on rank 0, every other LP spread over the other ranks (all
// on rank 0 when there is one).
class SplitPartitioner final : public engine::Partitioner {
 public:
  SplitPartitioner(const engine::LpTypeTable& t, std::vector<std::string> rank0)
      : t_(t), rank0_(std::move(rank0)) {}
  std::vector<int> assign(LpId n, int ranks) const override {
    std::vector<int> owner(n, 0);
    int next = 0;
    for (LpId id = 0; id < n; ++id) {
      const auto& name = t_.types()[t_.type_index(id)].name;
      if (ranks > 1 && std::find(rank0_.begin(), rank0_.end(), name) == rank0_.end())
        owner[id] = 1 + next++ % (ranks - 1);
    }
    return owner;
  }

 private:
  const engine::LpTypeTable& t_;
  std::vector<std::string> rank0_;
};

struct Outcome {
  engine::RunStats stats;
  std::vector<std::uint64_t> digests;  // per LP, on every rank
  std::vector<Time> times;             // every event's time, sorted, on every rank
};

Outcome run(MPI_Comm comm, const engine::LpTypeTable& types, const engine::Partitioner& part,
            int threads, Time end, engine::SnapshotPolicy snapshots = {}) {
  engine::SimulatorOptions opts;
  opts.end_time = end;
  opts.seed = 9;
  opts.threads = threads;
  opts.snapshots = snapshots;
  engine::Simulator sim(comm, types, part, opts);
  sim.build();
  Outcome out;
  out.stats = sim.run();
  const LpId n = types.num_lps();
  std::vector<std::uint64_t> mine(n, 0);
  out.digests.assign(n, 0);
  std::vector<Time> times;
  for (LpId id : sim.local_ids()) {
    const auto& lp = static_cast<HopLp&>(sim.local_lp(id));
    mine[id] = lp.digest();
    times.insert(times.end(), lp.times.begin(), lp.times.end());
  }
  MPI_Allreduce(mine.data(), out.digests.data(), static_cast<int>(n), MPI_UINT64_T, MPI_BXOR, comm);
  int ranks = 1;
  MPI_Comm_size(comm, &ranks);
  int count = static_cast<int>(times.size());
  std::vector<int> counts(static_cast<std::size_t>(ranks)), at(static_cast<std::size_t>(ranks), 0);
  MPI_Allgather(&count, 1, MPI_INT, counts.data(), 1, MPI_INT, comm);
  for (int r = 1; r < ranks; ++r) at[r] = at[r - 1] + counts[r - 1];
  out.times.resize(static_cast<std::size_t>(at.back() + counts.back()));
  MPI_Allgatherv(times.data(), count, MPI_INT64_T, out.times.data(), counts.data(), at.data(),
                 MPI_INT64_T, comm);
  std::sort(out.times.begin(), out.times.end());
  return out;
}

// The windows of the global-lookahead scheme: each starts at the earliest pending event and
// runs every event before it plus the lookahead.
std::uint64_t global_windows(const std::vector<Time>& sorted_times, Time lookahead) {
  std::uint64_t windows = 0;
  Time end = -1;
  for (Time t : sorted_times)
    if (t >= end) {
      ++windows;
      end = t + lookahead;
    }
  return windows;
}

// Sends one event from init (none with a negative delay).
class Sender final : public engine::StatefulLp<Sender> {
 public:
  Sender(LpId dst, Time delay) : dst_(dst), delay_(delay) {}
  void init(engine::Context& ctx) override {
    if (delay_ >= 0) ctx.send(dst_, delay_, kHop, 0, std::int32_t{0});
  }
  void handle(const Event&, engine::Context&) override {}
  template <class Archive>
  void state(Archive&) {}

 private:
  LpId dst_;
  Time delay_;
};

int world_size() {
  int ranks = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  // The ctest runs under mpirun say how many ranks they asked for: a launch that silently fell
  // back to one rank each fails here.
  if (const char* want = std::getenv("FLEETSIM_EXPECT_RANKS")) REQUIRE(ranks == std::atoi(want));
  return ranks;
}

}  // namespace

TEST_CASE("channel bounds: chains of declared sends, counted by hand", "[engine][sync]") {
  const auto types = hop_types(chain_model());  // a: 0-5, b: 6-8, c: 9-12
  std::vector<int> owner(13, 0);
  for (LpId id = 9; id < 13; ++id) owner[id] = 1;  // a and b on rank 0, c on rank 1
  const engine::ChannelBounds ch(types, owner, 2);
  const int a = 0, b = 1, c = 2;
  CHECK(ch.delay(a, a) == 1 * kMs);
  CHECK(ch.delay(a, c) == engine::kNever);
  CHECK(ch.holds(0, a));
  CHECK(ch.holds(0, b));
  CHECK_FALSE(ch.holds(0, c));
  CHECK(ch.local_lookahead(0) == 1 * kMs);
  CHECK(ch.local_lookahead(1) == engine::kNever);  // c sends only to a
  // Shortest chains into each rank's types: a -> b -> c is 12 ms, c -> a 11 ms, b -> a 18 ms.
  CHECK(ch.reach(1, a) == 12 * kMs);
  CHECK(ch.reach(1, b) == 7 * kMs);
  CHECK(ch.reach(1, c) == 23 * kMs);  // c -> a -> b -> c
  CHECK(ch.reach(0, a) == 1 * kMs);
  CHECK(ch.reach(0, b) == 18 * kMs);
  CHECK(ch.reach(0, c) == 11 * kMs);
  // Out and back: rank 0 via b -> c -> a (7 + 11), rank 1 via c -> a -> b -> c (11 + 12).
  CHECK(ch.round_trip(0) == 18 * kMs);
  CHECK(ch.round_trip(1) == 23 * kMs);
  std::vector<Time> next = {100 * kMs, 200 * kMs, engine::kNever};
  std::vector<Time> bound(2, engine::kNever);
  ch.bound_others(0, next.data(), bound.data());
  CHECK(bound[0] == engine::kNever);  // a rank never bounds itself
  CHECK(bound[1] == 112 * kMs);       // a's event at 100 ms, through b
  next = {engine::kNever, engine::kNever, 50 * kMs};
  ch.bound_others(1, next.data(), bound.data());
  CHECK(bound[0] == 61 * kMs);
  CHECK(bound[1] == 112 * kMs);
  // One rank: nothing comes back from anywhere.
  const engine::ChannelBounds alone(types, std::vector<int>(13, 0), 1);
  CHECK(alone.round_trip(0) == engine::kNever);
  CHECK(alone.local_lookahead(0) == 1 * kMs);
}

TEST_CASE("one rank: one window with one thread or two", "[engine][sync]") {
  const auto types = hop_types(far_model());
  partitions::BlockPartitioner block;
  const Time end = 6 * engine::kSecond;
  const Outcome one = run(MPI_COMM_SELF, types, block, 1, end);
  REQUIRE(one.times.size() > 20000);
  CHECK(one.stats.windows == 1);
  const std::uint64_t global = global_windows(one.times, types.lookahead());
  CHECK(global > 2000);
  // Threads > 1: LPs run apart for a round, which the least delay between them bounds, but
  // rounds need no synchronization: still one window.
  const Outcome threaded = run(MPI_COMM_SELF, types, block, 2, end);
  CHECK(threaded.digests == one.digests);
  CHECK(threaded.stats.windows == 1);
  // Snapshots every second: windows end at each one (and nothing else changes).
  const std::string dir = std::string(FLEETSIM_TEST_TMP) + "/sync-windows-" + std::to_string([] {
                            int r = 0;
                            MPI_Comm_rank(MPI_COMM_WORLD, &r);
                            return r;
                          }());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  engine::SnapshotPolicy policy;
  policy.every = engine::kSecond;
  policy.dir = dir;
  const Outcome snapped = run(MPI_COMM_SELF, types, block, 1, end, policy);
  CHECK(snapped.digests == one.digests);
  CHECK(snapped.stats.snapshots == 5);
  CHECK(snapped.stats.windows == 6);
}

TEST_CASE("a far channel between ranks takes far fewer windows than the global lookahead",
          "[engine][sync][mpi]") {
  const int ranks = world_size();
  const auto types = hop_types(far_model());
  partitions::BlockPartitioner block;
  const SplitPartitioner split(types, {"near"});  // near on rank 0, far on the others
  const Time end = 6 * engine::kSecond;
  const Outcome serial = run(MPI_COMM_SELF, types, block, 1, end);
  const std::uint64_t global = global_windows(serial.times, types.lookahead());
  const Outcome all = run(MPI_COMM_WORLD, types, split, 1, end);
  CHECK(all.digests == serial.digests);
  CHECK(all.times == serial.times);
  REQUIRE(all.stats.ranks.size() == static_cast<std::size_t>(ranks));
  if (ranks > 1) {
    CHECK(all.stats.remote_events > 100);  // the far LPs really are elsewhere
    CHECK(all.stats.ranks[0].events > 0);
    CHECK(all.stats.ranks[1].events > 0);
  }
  // Each window runs the near LPs up to about 500 ms past the earliest far event; the global
  // lookahead would cut the run at every millisecond.
  CHECK(all.stats.windows * 50 < global);
  UNSCOPED_INFO("windows: " << all.stats.windows << ", global lookahead: " << global);
}

TEST_CASE("chains that cross ranks after local hops: the same histories on any ranks",
          "[engine][sync][mpi]") {
  const int ranks = world_size();
  const auto types = hop_types(chain_model());
  partitions::BlockPartitioner block;
  partitions::RoundRobinPartitioner round_robin;
  const SplitPartitioner split(types, {"a", "b"});
  const Time end = 4 * engine::kSecond;
  const Outcome serial = run(MPI_COMM_SELF, types, block, 1, end);
  REQUIRE(serial.times.size() > 10000);
  CHECK(serial.stats.windows == 1);
  for (const engine::Partitioner* part : {static_cast<const engine::Partitioner*>(&split),
                                          static_cast<const engine::Partitioner*>(&block),
                                          static_cast<const engine::Partitioner*>(&round_robin)})
    for (int threads : {1, 2}) {
      const Outcome r = run(MPI_COMM_WORLD, types, *part, threads, end);
      CHECK(r.digests == serial.digests);
      CHECK(r.times == serial.times);
      REQUIRE(r.stats.ranks.size() == static_cast<std::size_t>(ranks));
      if (ranks > 1) CHECK(r.stats.remote_events > 100);
      UNSCOPED_INFO("threads " << threads << ": " << r.stats.windows << " windows");
    }
  // With a and b on rank 0 and c elsewhere, c's ranks wait for chains through b: fewer windows
  // than the global lookahead, but more than one.
  const Outcome r = run(MPI_COMM_WORLD, types, split, 1, end);
  CHECK(r.stats.windows < global_windows(serial.times, types.lookahead()));
  if (ranks > 1) CHECK(r.stats.windows > 10);
}

TEST_CASE("a rank's batches stop at its round trip through other ranks", "[engine][sync][mpi]") {
  const int ranks = world_size();
  const auto types = hop_types(round_trip_model());
  partitions::BlockPartitioner block;
  const SplitPartitioner split(types, {"p"});
  const Time end = 3 * engine::kSecond;
  const Outcome serial = run(MPI_COMM_SELF, types, block, 1, end);
  REQUIRE(serial.times.size() > 10000);
  const engine::ChannelBounds ch(types, split.assign(types.num_lps(), std::max(ranks, 2)), 2);
  CHECK(ch.local_lookahead(0) == engine::kSecond);
  CHECK(ch.round_trip(0) == 2 * kMs);
  for (int threads : {1, 2}) {
    const Outcome r = run(MPI_COMM_WORLD, types, split, threads, end);
    CHECK(r.digests == serial.digests);
    CHECK(r.times == serial.times);
    if (ranks > 1) CHECK(r.stats.remote_events > 1000);
  }
}

TEST_CASE("dense events (rounds over a rank's LPs): the same histories on any ranks",
          "[engine][sync][mpi]") {
  const int ranks = world_size();
  const auto types = hop_types(dense_model());
  partitions::BlockPartitioner block;
  partitions::RoundRobinPartitioner round_robin;
  const SplitPartitioner split(types, {"d"});
  const Time end = engine::kSecond / 4;
  const Outcome serial = run(MPI_COMM_SELF, types, block, 1, end);
  REQUIRE(serial.times.size() > 50000);
  CHECK(serial.stats.windows == 1);
  for (const engine::Partitioner* part : {static_cast<const engine::Partitioner*>(&split),
                                          static_cast<const engine::Partitioner*>(&round_robin)})
    for (int threads : {1, 2}) {
      const Outcome r = run(MPI_COMM_WORLD, types, *part, threads, end);
      CHECK(r.digests == serial.digests);
      CHECK(r.times == serial.times);
      if (ranks > 1) CHECK(r.stats.remote_events > 1000);
    }
}

TEST_CASE("a send below its channel's declared delay, or on no declared channel, is an error",
          "[engine][sync]") {
  // Declared: a -> b at least 5 ms, b -> a at least 1 ms (the global lookahead), nothing a -> a.
  auto table = [](LpId dst, Time delay) {
    engine::LpTypeTable t;
    t.add({.name = "a",
           .count = 2,
           .accepts = {kHop},
           .sends = {{kHop, "b", 5 * kMs, "a->b"}},
           .statistics = {},
           .make = [=](LpId i) -> std::unique_ptr<engine::Lp> {
             return std::make_unique<Sender>(dst, i == 0 ? delay : -1);
           }});
    t.add({.name = "b",
           .count = 1,
           .accepts = {kHop},
           .sends = {{kHop, "a", 1 * kMs, "b->a"}},
           .statistics = {},
           .make = [](LpId) -> std::unique_ptr<engine::Lp> {
             return std::make_unique<Sender>(0, -1);
           }});
    return t;
  };
  auto events = [&](LpId dst, Time delay) {
    const auto t = table(dst, delay);
    partitions::BlockPartitioner block;
    engine::SimulatorOptions opts;
    opts.end_time = engine::kSecond;
    engine::Simulator sim(MPI_COMM_SELF, t, block, opts);
    CHECK(sim.lookahead() == 1 * kMs);
    sim.build();
    return sim.run().events;
  };
  CHECK(events(2, 5 * kMs) == 1);                                    // a -> b as declared
  CHECK_THROWS_AS(events(2, 2 * kMs), engine::LookaheadViolation);   // above the lookahead
  CHECK_THROWS_AS(events(1, 10 * kMs), engine::LookaheadViolation);  // a -> a: not declared
  CHECK(events(0, 0) == 1);                                          // to itself: any delay
  CHECK_THROWS_WITH(events(1, 10 * kMs), Catch::Contains("declares no sends"));
}
