// Contention between jobs (issue 11 item 2), end to end through the fabric_tier LP: jobs that
// cross an oversubscribed tier share its uplinks, and their completion times follow. Expected
// times come from a piecewise integration of progress written here, at the rates the training
// library gives (step at full bandwidth / step at the share), over the shares worked out by hand.
#include <catch2/catch.hpp>
#include <vector>

#include "fabric/build.h"
#include "fabric/presets.h"
#include "sim/model/fabric/geometry.h"
#include "tests/model/fleet_harness.h"
#include "tests/model/network_fleet.h"
#include "training/catalog.h"

using namespace fleetsim;
using engine::kDay;
using engine::kHour;
using engine::kMinute;
using engine::kSecond;
using engine::Time;
using Traffic = model::NetworkConfig::Traffic;

namespace {

// 7 pods x 3 nodes x 8 GPUs = 168 GPUs on three tiers. A leaf of radix 16 at 1:1 takes one
// server (8 GPUs down, 8 up); a spine of radix 8 at `spine_over`:1 has 8 / (1 + over) ports
// down, so at 7:1 a spine block holds 7 leaves = 7 nodes (3 blocks: nodes 0-6, 7-13, 14-20) and
// its uplinks carry 1/7 of its 56 GPUs' NIC bandwidth: 8 GPUs' worth.
std::string network_text(int spine_over) {
  return "name = test3\ngpus = 168\ngpus_per_server = 8\ngpus_per_rack = 8\nrails = 1\n"
         "nic_gbps = 400\nport_gbps = 400\ntiers = 3\n[leaf]\nradix = 16\noversubscription = 1\n"
         "[spine]\nradix = 8\noversubscription = " +
         std::to_string(spine_over) + "\n[core]\nradix = 8\n";
}

model::ModelConfig fleet(int spine_over, Traffic traffic, bool contention = true) {
  auto cfg = test::network_fleet(7, 3, network_text(spine_over));
  cfg.sched.enforce_time_limits = model::TimeLimits::kOff;
  cfg.network.contention = contention;
  cfg.network.contention_traffic = traffic;
  return cfg;
}

using test::step_rate;

// When a job started at `start` with `plan` of work ends, its rate 1 at first and then
// changing to r at each (t, r), in time order.
double end_time(double start, double plan, const std::vector<std::pair<double, double>>& changes) {
  double t = start, rate = 1, done = 0;
  for (const auto& [at, r] : changes) {
    if (at <= t) {
      rate = r;
      continue;
    }
    if (done + (at - t) * rate >= plan) break;
    done += (at - t) * rate;
    t = at;
    rate = r;
  }
  return t + (plan - done) / rate;
}

traces::JobSpec nodes_job(double submit_s, int nodes, Time runtime) {
  return test::job(submit_s, nodes * 8, engine::to_seconds(runtime),
                   10 * engine::to_seconds(runtime));
}

// Fillers A, B, C take pods 0, 1 and 3 (nodes 0-5, 9-11), J0 two nodes of pod 2 (nodes 6 and
// 7: spine blocks 0 and 1), and J1, later, pod 4 (nodes 12-14: two in block 1, one in block 2).
constexpr Time kR0 = kDay, kR1 = 4 * kHour, kT1 = 2 * kHour, kFiller = 3 * kDay;
std::vector<traces::JobSpec> two_crossing_jobs() {
  return {nodes_job(0, 3, kFiller), nodes_job(0, 3, kFiller), nodes_job(0, 2, kR0),
          nodes_job(0, 3, kFiller), nodes_job(engine::to_seconds(kT1), 3, kR1)};
}

void check_accounts(const std::vector<model::JobRecord>& jobs) {
  for (const auto& j : jobs)
    CHECK(j.useful + j.lost + j.checkpoint + j.degraded + j.contended == j.allocated);
}

// An LP declared before the fleet that sends scripted messages to cluster 0 (it takes id 0; the
// fleet's pods, router and cluster follow).
class ScriptLp final : public engine::StatefulLp<ScriptLp> {
 public:
  explicit ScriptLp(std::vector<std::pair<Time, model::DegradeMsg>> steps)
      : steps_(std::move(steps)) {}
  void init(engine::Context& ctx) override {
    for (const auto& [at, msg] : steps_) ctx.send(1 + 7 + 1, at, model::kDegrade, 0, msg);
  }
  void handle(const engine::Event&, engine::Context&) override {}
  template <class Archive>
  void state(Archive&) {}

 private:
  std::vector<std::pair<Time, model::DegradeMsg>> steps_;
};

}  // namespace

TEST_CASE("a job alone on a non-blocking fabric runs at the model's step time",
          "[model][contention]") {
  // Spines at 1:1 (4 down, 4 up): blocks of 4 nodes. A 10-node job takes pods 0-3 (nodes 0-9)
  // and crosses the core, at full bandwidth.
  const auto cfg = fleet(1, Traffic::kAll);
  const Time runtime = 2 * kDay;
  auto run = test::run_fleet(cfg, {nodes_job(0, 10, runtime)});
  const auto jobs = run->cluster(0).job_records();
  REQUIRE(jobs.size() == 1);
  CHECK(jobs[0].end == kSecond + runtime);
  CHECK(jobs[0].contended == 0);
  training::Hardware hw;
  hw.scale_out_gbps = 400;
  CHECK(
      jobs[0].step_s ==
      Approx(
          training::step_time(training::catalog_job(training::model_for_gpus(80), 80, hw)).step_s));
  check_accounts(jobs);
}

TEST_CASE("a job crossing a 1:7 tier alone gets the blocks' uplinks", "[model][contention]") {
  // Nodes 0-9: 7 in block 0 (56 GPUs' demand on 8 GPUs' worth of uplinks), 3 in block 1
  // (24 on 8). With every GPU sending (kAll) it gets 8/56 = 1/7, from when the tier's answer
  // arrives (latency.contention there and back); with rings, 8 on 8 in each block: all of it.
  const Time runtime = 2 * kDay, start = kSecond;
  for (const auto traffic : {Traffic::kAll, Traffic::kRing}) {
    const auto cfg = fleet(7, traffic);
    const auto jobs = test::run_fleet(cfg, {nodes_job(0, 10, runtime)})->cluster(0).job_records();
    const double share = traffic == Traffic::kAll ? 1.0 / 7 : 1.0;
    const double end =
        end_time(start, runtime, {{start + 2 * cfg.latency.contention, step_rate(80, share)}});
    CHECK(static_cast<double>(jobs[0].end) == Approx(end).margin(10));
    CHECK(static_cast<double>(jobs[0].contended) == Approx(end - start - runtime).margin(10));
    CHECK(jobs[0].degraded == 0);
    check_accounts(jobs);
  }
  // fabric.contention false: no share is computed.
  const auto off = test::run_fleet(fleet(7, Traffic::kAll, false), {nodes_job(0, 10, runtime)})
                       ->cluster(0)
                       .job_records();
  CHECK(off[0].end == start + runtime);
  CHECK(off[0].contended == 0);
}

TEST_CASE("a job joining a shared block slows the job there until it leaves",
          "[model][contention]") {
  // J0 alone: 8 GPUs on blocks 0 and 1, each with 8 GPUs' worth of uplinks: all it asks.
  // J1 joins block 1 with 16 GPUs (kAll; rings: 8) and block 2 with 8: block 1 carries 24
  // (16) on 8, so both get 1/3 (1/2); when J1 ends J0 has all of it again.
  for (const auto traffic : {Traffic::kAll, Traffic::kRing}) {
    const auto cfg = fleet(7, traffic);
    const auto jobs = test::run_fleet(cfg, two_crossing_jobs())->cluster(0).job_records();
    REQUIRE(jobs.size() == 5);
    const double share = traffic == Traffic::kAll ? 1.0 / 3 : 1.0 / 2;
    const double hop = 2.0 * static_cast<double>(cfg.latency.contention);
    const double s0 = kSecond, s1 = kT1 + kSecond;
    const double e1 = end_time(s1, kR1, {{s1 + hop, step_rate(24, share)}});
    const double e0 = end_time(s0, kR0, {{s1 + hop, step_rate(16, share)}, {e1 + hop, 1}});
    INFO("traffic " << (traffic == Traffic::kAll ? "all" : "ring"));
    CHECK(static_cast<double>(jobs[4].end) == Approx(e1).margin(10));
    CHECK(static_cast<double>(jobs[2].end) == Approx(e0).margin(10));
    CHECK(jobs[2].end > s0 + kR0 + kMinute);  // slowed by more than rounding
    CHECK(static_cast<double>(jobs[2].contended) == Approx(e0 - s0 - kR0).margin(10));
    CHECK(jobs[2].degraded == 0);
    // The fillers cross nothing.
    for (int f : {0, 1, 3}) {
      CHECK(jobs[f].end == kSecond + kFiller);
      CHECK(jobs[f].contended == 0);
    }
    check_accounts(jobs);
  }
}

TEST_CASE("a core failure during contention: the failure's share first, then the jobs share",
          "[model][contention][fabric]") {
  // A core switch down from F for W takes 1/switches of the tier (FabricHealth), and the two
  // jobs share what is left: fraction = (1 - 1/switches) x 1/3. The failure's part of the
  // slowdown is booked as degraded (rate 1 -> free rate), the rest as contended.
  const auto cfg = fleet(7, Traffic::kAll);
  const auto switches = static_cast<double>(cfg.network.clusters[0].tiers.at(2).switches);
  REQUIRE(switches >= 2);
  const double bw = 1 - 1 / switches;
  const Time fail = 3 * kHour, repair = 30 * kMinute, detect = 30 * kSecond;
  const Time F = fail + detect, back = fail + repair;
  auto degrade = [&](int delta) {
    return model::DegradeMsg{fail, repair, -1, 0, -1, delta, core::Component::kCoreSwitch, 3};
  };
  std::vector<engine::LpType> types;
  const std::vector<std::pair<Time, model::DegradeMsg>> steps{{F, degrade(+1)},
                                                              {back, degrade(-1)}};
  types.push_back({.name = "script",
                   .count = 1,
                   .accepts = {},
                   .sends = {{model::kDegrade, "cluster", detect, "test"}},
                   .statistics = {},
                   .make = [steps](engine::LpId) -> std::unique_ptr<engine::Lp> {
                     return std::make_unique<ScriptLp>(steps);
                   }});
  auto run = test::run_fleet(cfg, two_crossing_jobs(), {}, nullptr, std::move(types));
  REQUIRE(run->fleet->cluster_lp(0) == 1 + 7 + 1);
  const auto jobs = run->cluster(0).job_records();
  const double hop = 2.0 * static_cast<double>(cfg.latency.contention);
  const double s0 = kSecond, s1 = kT1 + kSecond, f = F, b = back;
  const double e1 = end_time(s1, kR1,
                             {{s1 + hop, step_rate(24, 1.0 / 3)},
                              {f, step_rate(24, bw / 3)},
                              {b, step_rate(24, 1.0 / 3)}});
  REQUIRE(e1 > b);
  const double e0 = end_time(s0, kR0,
                             {{s1 + hop, step_rate(16, 1.0 / 3)},
                              {f, step_rate(16, bw / 3)},
                              {b, step_rate(16, 1.0 / 3)},
                              {e1 + hop, 1}});
  CHECK(static_cast<double>(jobs[4].end) == Approx(e1).margin(10));
  CHECK(static_cast<double>(jobs[2].end) == Approx(e0).margin(10));
  // Degraded: the failure's window at the free rate; contended: the rest.
  const double degraded = (b - f) * (1 - step_rate(16, bw));
  CHECK(jobs[2].degraded > 0);
  CHECK(static_cast<double>(jobs[2].degraded) == Approx(degraded).margin(10));
  CHECK(static_cast<double>(jobs[2].contended) == Approx(e0 - s0 - kR0 - degraded).margin(10));
  check_accounts(jobs);
}

TEST_CASE("HPN's spine blocks are its pods: 15 segments of every rail", "[model][contention]") {
  // Alibaba HPN (SIGCOMM'24): a pod is 15 segments x 8 rails = 120 ToRs under 120-port
  // aggregation switches, 15 x 128 = 1,920 servers; its aggregation switches go up 15:1. The
  // giant cluster's 12,544 servers are 7 pods (the last part-full), and a job on both sides of a
  // pod boundary crosses the core.
  const auto spec = fabric::load_fabric("alibaba-hpn");
  const int servers = 12544;
  const model::FabricGeometry geo(spec, fabric::build_network(spec, servers * 8), servers);
  REQUIRE(geo.tiers() == 3);
  CHECK(geo.nodes_per_group() == 128);
  CHECK(geo.block_nodes(2) == 1920);
  CHECK(geo.blocks_below(3) == 7);
  CHECK(geo.nodes_in_block_below(3, 6) == servers - 6 * 1920);
  CHECK(geo.uplink_ratio(2) == 1);
  CHECK(geo.uplink_ratio(3) == Approx(8.0 / 120));
  CHECK(geo.tiers_crossed({1790, 1791}) == 0b001);  // one leaf group
  CHECK(geo.tiers_crossed({1791, 1792}) == 0b011);  // two groups of one pod
  CHECK(geo.tiers_crossed({1919, 1920}) == 0b111);
}
