// Slurm's --switches=N@max-time for every gang (sched.switches; sim/model/cluster/switches.h,
// issue 12 item 6): the limit, the placement rule and the scheduler on scripted jobs, each start
// time worked by hand.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "sim/model/cluster/pod_packing.h"
#include "sim/model/cluster/switches.h"
#include "tests/model/fleet_harness.h"
#include "tests/model/network_fleet.h"

using namespace fleetsim;
using engine::from_seconds;
using model::JobState;

namespace {

// 4 pods x 16 nodes x 8 GPUs = 512 GPUs. Radix 256 at 1:1 gives a leaf 128 GPU ports: one leaf
// per 16-node pod, so the leaf groups are the pods (as on HPN); two tiers, non-blocking (no
// contention).
std::string network_text() {
  return "name = test\ngpus = 512\ngpus_per_server = 8\ngpus_per_rack = 32\nrails = 1\n"
         "planes = 1\nnic_gbps = 400\nradix = 256\nport_gbps = 400\noversubscription = 1\n"
         "tiers = 2\n";
}

// Topology placement; `extra` < 0: sched.switches none, else min+extra, waiting 600 s.
model::ModelConfig fleet(int extra) {
  auto cfg = test::network_fleet(4, 16, network_text());
  cfg.checkpoint.from_model = false;
  cfg.sched.enforce_time_limits = model::TimeLimits::kOff;
  cfg.sched.placement = model::PlacementRule::kTopology;
  cfg.sched.switches_extra = extra;
  cfg.sched.switches_wait = from_seconds(600);
  return cfg;
}

// Fills leaf group 0 (two gangs of 8 nodes) and 10 nodes of each of groups 1-3 (gang C in group 1
// runs `c_runtime` s): 18 nodes stay free, 6 in each of groups 1-3. Then G, 12 nodes, arrives at
// 11 s: it fits now only over 2 leaf groups. Each gang arrives 1 s after its submission.
std::vector<traces::JobSpec> jobs(double c_runtime) {
  return {test::job(0, 64, 5000, 9000),      test::job(0, 64, 5000, 9000),
          test::job(0, 80, c_runtime, 9000), test::job(0, 80, 5000, 9000),
          test::job(0, 80, 5000, 9000),      test::job(10, 96, 1000, 9000)};
}

}  // namespace

TEST_CASE("switch limit: the fewest leaf groups that could hold a gang, plus K",
          "[model][switches]") {
  model::SchedConfig s;
  model::Demand gang;
  gang.whole_nodes = true;
  gang.nodes_needed = 17;
  CHECK(model::switch_limit(s, gang, 16, false) == 0);  // none
  s.switches_extra = 0;
  CHECK(model::switch_limit(s, gang, 16, false) == 2);
  gang.nodes_needed = 16;
  CHECK(model::switch_limit(s, gang, 16, false) == 1);
  s.switches_extra = 3;
  CHECK(model::switch_limit(s, gang, 16, false) == 4);
  CHECK(model::switch_limit(s, gang, 0, false) == 0);  // no leaf groups to count
  CHECK(model::switch_limit(s, gang, 16, true) == 0);  // a spanning job's part
  model::Demand small;                                 // 1 GPU on part of a node
  CHECK(model::switch_limit(s, small, 16, false) == 0);
}

TEST_CASE("switch limit: a gang fits only within its leaf groups", "[model][switches]") {
  model::PodPacking place(4, 16, 8, {16});
  model::Demand fill;
  fill.whole_nodes = true;
  fill.nodes_needed = 10;
  model::Allocation a;
  for (int k = 0; k < 4; ++k) place.place(k, fill, a);  // 6 free in every group
  model::Demand g;
  g.whole_nodes = true;
  g.nodes_needed = 12;
  CHECK(place.fits(g));
  g.max_leaves = 1;
  CHECK_FALSE(place.fits(g));
  g.max_leaves = 2;
  CHECK(place.fits(g));
  g.nodes_needed = 6;
  g.max_leaves = 1;
  CHECK(place.fits(g));
  g.nodes_needed = 25;  // more than free at all
  g.max_leaves = 0;
  CHECK_FALSE(place.fits(g));
  // The what-if of reservations counts no leaf groups.
  g.nodes_needed = 12;
  g.max_leaves = 1;
  place.what_if_begin();
  CHECK(place.what_if_fits(g));
  place.what_if_end();
}

TEST_CASE("switches: a gang waits for one leaf group, up to its wait", "[model][switches]") {
  SECTION("none: it starts at once over two leaf groups") {
    auto run = test::run_fleet(fleet(-1), jobs(300));
    const auto r = run->cluster(0).job_records();
    REQUIRE(r.size() == 6);
    CHECK(r[5].start == from_seconds(11));
    CHECK(r[5].switch_wait == 0);
  }
  SECTION("min+1: two leaf groups are allowed, it starts at once") {
    auto run = test::run_fleet(fleet(1), jobs(300));
    const auto r = run->cluster(0).job_records();
    CHECK(r[5].start == from_seconds(11));
    CHECK(r[5].switch_wait == 0);
  }
  SECTION("min: a leaf group frees within the wait: it starts then, in that group") {
    // C ends at 1 + 300 = 301 s and frees group 1 (16 nodes): G starts there, before its wait
    // ends at 11 + 600 = 611 s. It waited for switches from its arrival (11 s).
    auto run = test::run_fleet(fleet(0), jobs(300));
    const auto r = run->cluster(0).job_records();
    CHECK(r[2].end == from_seconds(301));
    CHECK(r[5].start == from_seconds(301));
    CHECK(r[5].end == from_seconds(1301));
    CHECK(r[5].switch_wait == from_seconds(290));
    for (int k = 0; k < 5; ++k) CHECK(r[k].switch_wait == 0);  // each had its leaf group
  }
  SECTION("min: no leaf group frees within the wait: it starts spread out at arrival + wait") {
    // C ends at 1 + 2000 s, after G's wait: at 611 s G takes 6 + 6 nodes of groups 1-3.
    auto run = test::run_fleet(fleet(0), jobs(2000));
    const auto r = run->cluster(0).job_records();
    CHECK(r[5].start == from_seconds(611));
    CHECK(r[5].end == from_seconds(1611));
    CHECK(r[5].switch_wait == from_seconds(600));
    CHECK(r[5].state == JobState::kCompleted);
  }
}

TEST_CASE("switches: a job behind a gang waiting for switches may backfill", "[model][switches]") {
  // G waits (as above; C ends at 2000 s); H, 4 nodes for 100 s, arrives at 21 s. EASY gives G,
  // the blocked head, its reservation as for any gang that does not fit: the shadow time is the
  // earliest estimated end of a running job (9001 s, by time limits); H ends by then (221 s), so
  // it starts at once, in group 1 (the tightest that holds it: all three have 6 free).
  auto list = jobs(2000);
  list.push_back(test::job(20, 32, 100, 200));
  auto run = test::run_fleet(fleet(0), list);
  const auto r = run->cluster(0).job_records();
  REQUIRE(r.size() == 7);
  CHECK(r[6].start == from_seconds(21));
  // H left 14 free (6 + 6 + 2): at 611 s G still starts spread out, over groups 1-3.
  CHECK(r[5].start == from_seconds(611));
}
