// EASY backfilling's reservation, pinned where the first fleetsim got it wrong: several running
// jobs ending exactly at the shadow time all free their nodes by then (Mu'alem and Feitelson,
// IEEE TPDS 2001: the extra nodes are those free at the shadow time beyond the head's need).
// tests/oracle/ checks the whole scheduler against an independent Python EASY on real logs.
#include <catch2/catch.hpp>

#include "tests/model/fleet_harness.h"

using namespace fleetsim;
using engine::from_seconds;

namespace {

// Five single-GPU nodes, one cluster, no failures, 1 s submit latency.
model::ModelConfig five_nodes(int backfill_depth) {
  model::ModelConfig cfg;
  cfg.fabric = {1, 5, 1};
  cfg.layout = {"one", "", "test", {1}};
  cfg.failures.node_rate = 0;
  cfg.checkpoint.policy = model::CheckpointPolicy::kNone;
  cfg.sched.backfill_depth = backfill_depth;
  cfg.end_time = 1000 * engine::kSecond;
  return cfg;
}

// A and B hold one node each until t = 11 (both limits end then). C wants 4 of the 5 nodes: its
// shadow time is 11, when 5 nodes are free, one more than it needs. D (1 node, 100 s) fits now
// and would end after the shadow time, so it may start only on that extra node.
const std::vector<traces::JobSpec> jobs = {test::job(0, 1, 10, 10), test::job(0, 1, 10, 10),
                                           test::job(1, 4, 10, 10), test::job(2, 1, 100, 100)};

}  // namespace

TEST_CASE("EASY counts every job ending by the shadow time", "[model][scheduler]") {
  auto run = test::run_fleet(five_nodes(100), jobs);
  const auto r = run->cluster(0).job_records();
  REQUIRE(r.size() == 4);
  CHECK(r[0].start == from_seconds(1));
  CHECK(r[1].start == from_seconds(1));
  // Stopping the count at A (the first job that makes C fit) would leave no extra node and make
  // D wait until C has started, at 11.
  CHECK(r[3].start == from_seconds(3));
  CHECK(r[2].start == from_seconds(11));  // C is not delayed by D
}

TEST_CASE("FIFO starts D only behind C", "[model][scheduler]") {
  auto run = test::run_fleet(five_nodes(0), jobs);
  const auto r = run->cluster(0).job_records();
  CHECK(r[2].start == from_seconds(11));
  CHECK(r[3].start == from_seconds(11));
}
