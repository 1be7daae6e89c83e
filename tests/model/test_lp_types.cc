// The fleet's LP type table: results do not depend on LP numbering (random streams are keyed by
// what they model), and every LP's state saves and restores, the same bytes on any rank count.
#include <mpi.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "partitions/round_robin.h"
#include "sim/app/simulate.h"
#include "sim/io/scenario.h"
#include "sim/model/cluster/qos.h"
#include "tests/model/fleet_harness.h"

using namespace fleetsim;

namespace {

// Takes no message and sends none: it only shifts every fleet LP's id.
class IdleLp final : public engine::StatefulLp<IdleLp> {
 public:
  void handle(const engine::Event&, engine::Context&) override {
    throw std::logic_error("idle LP got an event");
  }
  template <class Archive>
  void state(Archive&) {}
};

engine::LpType idle_type(engine::LpId count) {
  return {.name = "idle",
          .count = count,
          .accepts = {},
          .sends = {},
          .statistics = {},
          .make = [](engine::LpId) { return std::make_unique<IdleLp>(); }};
}

int rank_of_world() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

std::string run_to(const std::string& name, std::uint64_t seed, std::vector<engine::LpType> extra) {
  io::Scenario s = io::default_scenario();
  io::apply_option(s, "duration", "6d", "test");
  io::apply_option(s, "seed", std::to_string(seed), "test");
  io::apply_option(s, "failures.node_rate", "30", "test");  // failures every few minutes
  const model::ModelConfig cfg = io::model_for(s, "4x25k");
  app::RunOptions opts;
  opts.quiet = true;
  opts.extra_lp_types = std::move(extra);
  const std::string out = std::string(FLEETSIM_TEST_TMP) + "/lp_types_" + name + ".h5";
  app::simulate(MPI_COMM_WORLD, s, cfg, opts, out);
  return out;
}

bool same_files(const std::string& a, const std::string& b) {
  // h5_same compares every dataset's bytes and every attribute but the synchronization windows
  // (the extra LPs move the fleet's between ranks, which changes the windows).
  const std::string cmd =
      std::string(FLEETSIM_H5SAME) + " " + a + " " + b + " --ignore windows > /dev/null";
  return std::system(cmd.c_str()) == 0;
}

}  // namespace

TEST_CASE("an extra LP type before the fleet's changes no dataset", "[model][mpi]") {
  const std::string plain = run_to("plain", 3, {});
  const std::string shifted = run_to("shifted", 3, {idle_type(1000)});
  const std::string other_seed = run_to("seed4", 4, {});
  if (rank_of_world() == 0) {
    CHECK(same_files(plain, shifted));
    CHECK_FALSE(same_files(plain, other_seed));  // the comparison can fail
  }
}

TEST_CASE("every fleet LP's state restores to the same bytes, on any rank count", "[model][mpi]") {
  model::ModelConfig cfg;
  cfg.fabric = {4, 8, 8};  // 4 pods x 8 nodes x 8 GPUs
  cfg.layout = {"two", "", "", {2, 2}};
  cfg.end_time = 3 * engine::kDay;
  cfg.failures.node_rate = 2000;  // a node failure every ~2.8 h somewhere
  traces::SyntheticConfig workload;
  workload.frontier_per_year = 0;
  workload.frontier_sizes = {64};
  workload.class_share = {0.4, 0.3, 0.3, 0};
  workload.gang_runtime.median_s = 3600;
  workload.offered_load = 0.9;
  // Also with priorities, fair share and preemption (their state: sim/model/cluster/priority.h).
  // And (variant 2) the router's estimates and moves (sim/model/routing_policy.h).
  const int variant = GENERATE(0, 1, 2);
  const bool prio = variant == 1;
  if (variant == 2) {
    cfg.sched.route = model::SchedConfig::Route::kEarliestStart;
    cfg.sched.migrate_queued = true;
  }
  if (prio) {
    cfg.sched.priority = model::QueueOrder::kMultifactor;
    cfg.sched.qos = model::parse_qos_list("normal:0 big:10:normal");
    cfg.sched.frontier_qos = "big";
    cfg.sched.frontier_gpus = 32;
    cfg.sched.preempt_mode = model::PreemptMode::kRequeue;
    workload.tenants = 3;
  }

  // The serial reference, state of every LP.
  auto serial = test::run_fleet(cfg, {}, {}, &workload);
  const engine::LpId n = serial->fleet->types().num_lps();
  std::vector<std::string> bytes(n);
  for (engine::LpId id = 0; id < n; ++id) {
    std::ostringstream out;
    serial->sim->save_state(id, out);
    bytes[id] = out.str();
  }
  CHECK(serial->cluster(0).job_records().size() > 10);
  if (prio) {
    const auto r = serial->cluster(0).job_records();
    CHECK(std::any_of(r.begin(), r.end(), [](const auto& j) { return j.preemptions > 0; }));
  }

  SECTION("load then save gives the same bytes, and the same records") {
    auto fresh = test::run_fleet(
        [&] {
          auto c = cfg;
          c.end_time = engine::kHour;  // a different history, overwritten by load
          return c;
        }(),
        {}, {}, &workload);
    for (engine::LpId id = 0; id < n; ++id) {
      std::istringstream in(bytes[id]);
      fresh->sim->load_state(id, in);
      std::ostringstream again;
      fresh->sim->save_state(id, again);
      CHECK(again.str() == bytes[id]);
    }
    const auto a = serial->cluster(1).job_records(), b = fresh->cluster(1).job_records();
    REQUIRE(a.size() == b.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i].job.id == b[i].job.id);
      CHECK(a[i].start == b[i].start);
      CHECK(a[i].useful == b[i].useful);
    }
  }
  SECTION("the same LPs run on all ranks of the world save the same bytes") {
    const model::Fleet fleet(cfg, [&](engine::Context& ctx) -> std::unique_ptr<traces::JobSource> {
      return std::make_unique<traces::SyntheticWorkload>(workload, cfg.fabric.total_gpus(),
                                                         ctx.seed(), cfg.end_time);
    });
    partitions::RoundRobinPartitioner rr;
    engine::SimulatorOptions opts;
    opts.end_time = cfg.end_time;
    opts.seed = cfg.seed;
    engine::Simulator sim(MPI_COMM_WORLD, fleet.types(), rr, opts);
    sim.build();
    sim.run();
    for (engine::LpId id : sim.local_ids()) {
      std::ostringstream out;
      sim.save_state(id, out);
      CHECK(out.str() == bytes[id]);
    }
  }
}
