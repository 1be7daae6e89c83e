// Placement: whole nodes over the fewest pods, sub-node jobs best fit, failed nodes never used.
#include <catch2/catch.hpp>
#include <set>

#include "sim/model/cluster/pod_packing.h"
#include "sim/model/node_pool.h"

using namespace fleetsim::model;

TEST_CASE("node pool keeps busy + idle + failed = total", "[model][placement]") {
  NodePool pool(4, 8, 8);  // 4 pods x 8 nodes x 8 GPUs
  CHECK(pool.full_free_nodes() == 32);
  pool.take(3, 5);
  pool.take(3, 2);
  CHECK(pool.free(3) == 1);
  CHECK(pool.full_free_nodes() == 31);
  pool.give(3, 7);
  pool.set_down(10);
  CHECK(pool.busy_gpus() + pool.idle_gpus() + pool.failed_gpus() == 256);
  CHECK(pool.failed_gpus() == 8);
  CHECK(pool.full_free_nodes() == 31);

  SECTION("per-pod counts follow the GPUs") {
    pool.take(9, 4);   // pod 1
    pool.take(31, 8);  // pod 3
    CHECK(pool.pods() == 4);
    CHECK(pool.pod_gpus() == 64);
    CHECK(pool.pod_busy_gpus(0) == 0);
    CHECK(pool.pod_busy_gpus(1) == 4);
    CHECK(pool.pod_failed_gpus(1) == 8);  // node 10, down above
    CHECK(pool.pod_busy_gpus(3) == 8);
    std::int64_t busy = 0, failed = 0;
    for (int p = 0; p < pool.pods(); ++p) {
      busy += pool.pod_busy_gpus(p);
      failed += pool.pod_failed_gpus(p);
    }
    CHECK(busy == pool.busy_gpus());
    CHECK(failed == pool.failed_gpus());
    pool.give(9, 4);
    pool.set_up(10);
    CHECK(pool.pod_busy_gpus(1) == 0);
    CHECK(pool.pod_failed_gpus(1) == 0);
  }
  SECTION("misuse is caught") {
    CHECK_THROWS(pool.take(10, 1));  // down
    CHECK_THROWS(pool.take(0, 9));   // more than the node has
    CHECK_THROWS(pool.give(0, 1));   // already all free
    CHECK_THROWS(pool.set_up(0));    // already up
    pool.take(1, 1);
    CHECK_THROWS(pool.set_down(1));  // jobs must be released first
  }
}

TEST_CASE("whole-node jobs go to the tightest pod that holds them", "[model][placement]") {
  NodePool pool(3, 8, 8);
  // Pod 0: 8 free, pod 1: 5 free, pod 2: 3 free.
  for (int n : {8, 9, 10}) pool.take(n, 8);
  for (int n : {16, 17, 18, 19, 20}) pool.take(n, 8);
  Allocation out;
  pool.pick_whole_nodes(4, out);
  REQUIRE(out.size() == 4);
  for (int n : out) CHECK(pool.pod_of(n) == 1);  // 5 free: the tightest that fits 4

  SECTION("a job larger than any pod spans the fewest pods, fullest first") {
    out.clear();
    pool.pick_whole_nodes(10, out);
    std::set<int> pods, nodes(out.begin(), out.end());
    for (int n : out) pods.insert(pool.pod_of(n));
    CHECK(nodes.size() == 10);
    CHECK(pods == std::set<int>{0, 1});  // 8 + 5 covers it; pod 2 untouched
  }
  SECTION("asking for more than is free is an error") {
    out.clear();
    CHECK_THROWS(pool.pick_whole_nodes(17, out));
  }
}

TEST_CASE("sub-node jobs take the fullest node they fit on", "[model][placement]") {
  NodePool pool(1, 4, 8);
  pool.take(2, 6);  // node 2 has 2 free
  pool.take(1, 3);  // node 1 has 5 free
  CHECK(pool.best_partial_node(2) == 2);
  CHECK(pool.best_partial_node(3) == 1);
  CHECK(pool.best_partial_node(6) == 0);
  pool.set_down(0);
  pool.set_down(3);
  CHECK(pool.best_partial_node(6) == -1);
}

TEST_CASE("topology-aware placement packs gangs into the fewest blocks", "[model][placement]") {
  // 64 nodes in 2 pods of 32; leaf groups of 4 nodes, spine blocks of 16 (4 groups each).
  NodePool pool(2, 32, 8);
  pool.set_blocks({4, 16});
  // Busy everywhere in spine block 0 (nodes 0-15) except leaf group 0 (nodes 0-3, all free)
  // and nodes 8-10 of leaf group 2.
  for (int n = 4; n < 16; ++n)
    if (n < 8 || n > 10) pool.take(n, 8);
  auto pick = [&pool](int count) {
    Allocation out;
    pool.pick_whole_nodes(count, out);
    for (int n : out) pool.take(n, 8);
    return std::set<std::int32_t>(out.begin(), out.end());
  };
  // 3 nodes: the tightest leaf group that holds them is group 2 (3 free), not group 0 (4 free),
  // which the pod rule would take (the lowest free nodes of the tightest pod).
  CHECK(pick(3) == std::set<std::int32_t>{8, 9, 10});
  // 6 nodes: no leaf group holds them; the tightest spine block that does is block 1 (16 free,
  // as blocks 2 and 3; the lowest wins), and inside it the groups with the most free first:
  // all of group 4 and two nodes of group 5.
  CHECK(pick(6) == std::set<std::int32_t>{16, 17, 18, 19, 20, 21});
  // 4 nodes: group 0 holds exactly 4 (best fit among the groups with 4 free: the tightest and
  // then the lowest: groups 0, 6, 7, 8... all have 4; group 5 has 2).
  CHECK(pick(4) == std::set<std::int32_t>{0, 1, 2, 3});
  // 40 nodes: more than a spine block, so over the whole pool, spine blocks with the most free
  // first: blocks 2 and 3 (16 each), then 8 from block 1 (10 free: the tightest of its groups
  // that holds 8? none; so the groups with the most free first: 6 and 7, not group 5's 2).
  const auto big = pick(40);
  CHECK(big.size() == 40);
  for (int n = 32; n < 64; ++n) CHECK(big.count(n) == 1);
  for (int n = 24; n < 32; ++n) CHECK(big.count(n) == 1);
  CHECK(pool.full_free_nodes() == 2);  // nodes 22 and 23 of group 5
  Allocation last;
  pool.pick_whole_nodes(2, last);
  CHECK(std::set<std::int32_t>(last.begin(), last.end()) == std::set<std::int32_t>{22, 23});
}

TEST_CASE("topology blocks that do not nest are dropped", "[model][placement]") {
  NodePool pool(1, 24, 8);
  pool.set_blocks({4, 10, 24});  // 10 is not a multiple of 4; 24 is the whole pool
  pool.take(0, 8);
  Allocation out;
  pool.pick_whole_nodes(3, out);  // leaf groups of 4 only: group 0 has 3 free
  CHECK(std::set<std::int32_t>(out.begin(), out.end()) == std::set<std::int32_t>{1, 2, 3});
}

TEST_CASE("fragmentation: idle GPUs no queued job could use by its size", "[model][placement]") {
  // 2 pods x 2 nodes x 8 GPUs: a 3-GPU job leaves node 0 with 5 free, a gang takes node 1.
  PodPacking place(2, 2, 8);
  Allocation a, b;
  Demand small;
  small.gpus = 3;
  place.place(0, small, a);
  Demand gang;
  gang.gpus = 8;
  gang.whole_nodes = true;
  gang.nodes_needed = 1;
  place.place(1, gang, b);
  REQUIRE(a == Allocation{0});
  REQUIRE(b == Allocation{1});
  constexpr int kNone = 1 << 30;
  // A 6-GPU job waits: node 0's 5 are too few; the two whole free nodes would hold it.
  CHECK(place.fragmented_gpus(6, 3) == 5);
  // Only gangs of 3 nodes wait: node 0's 5 and both whole free nodes (2 < 3) are of no use.
  CHECK(place.fragmented_gpus(kNone, 3) == 5 + 16);
  // A gang of 2 nodes fits the whole free nodes.
  CHECK(place.fragmented_gpus(kNone, 2) == 5);
  // A 4-GPU job could use node 0, and any whole free node.
  CHECK(place.fragmented_gpus(4, kNone) == 0);
  CHECK(place.fragmented_gpus(6, 3) <= place.idle_gpus());
}
