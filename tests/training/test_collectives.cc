// Ring and tree all-reduce, reduce-scatter, hierarchical all-reduce: against their closed forms,
// worked out by hand here (bandwidths in Gb/s: 400 Gb/s = 50e9 bytes/s).
#include <catch2/catch.hpp>

#include "training/collectives.h"

using namespace fleetsim::training;

TEST_CASE("ring all-reduce: 2(n-1)/n S/B + 2(n-1) alpha", "[training][collectives]") {
  // 1 GB over 4 ranks at 400 Gb/s, 10 us: 1.5 x 1e9 / 50e9 = 0.030 s, plus 6 x 10 us.
  CHECK(ring_allreduce_s(1e9, 4, 400, 10e-6) == Approx(0.03006).epsilon(1e-12));
  // 8 ranks, 3.2 GB, NVLink 3,600 Gb/s (450e9 B/s), 3 us: 1.75 x 3.2e9 / 450e9 + 14 x 3 us.
  CHECK(ring_allreduce_s(3.2e9, 8, 3600, 3e-6) == Approx(1.75 * 3.2e9 / 450e9 + 42e-6));
  // 1,024 ranks, 1 kB: latency dominated, 2046 x 10 us.
  CHECK(ring_allreduce_s(1e3, 1024, 400, 10e-6) == Approx(2046 * 10e-6 + 2046.0 / 1024 * 20e-9));
  CHECK(ring_allreduce_s(1e9, 1, 400, 10e-6) == 0);
}

TEST_CASE("double binary tree all-reduce: 2 S/B + 2 ceil(log2 n) alpha",
          "[training][collectives]") {
  CHECK(tree_allreduce_s(1e9, 4, 400, 10e-6) == Approx(0.04 + 4 * 10e-6));
  CHECK(tree_allreduce_s(1e9, 5, 400, 10e-6) == Approx(0.04 + 6 * 10e-6));  // depth 3
  CHECK(tree_allreduce_s(1e3, 1024, 400, 10e-6) == Approx(20e-9 * 2 + 20 * 10e-6));
  CHECK(tree_allreduce_s(1e9, 1, 400, 10e-6) == 0);
}

TEST_CASE("best all-reduce: ring for large buffers, tree for small ones at scale",
          "[training][collectives]") {
  CHECK(allreduce_s(1e9, 4, 400, 10e-6) == Approx(0.03006));
  CHECK(allreduce_s(1e3, 1024, 400, 10e-6) == Approx(40e-9 + 200e-6));
  CHECK(allreduce_s(1e3, 1024, 400, 10e-6, AllReduceAlgorithm::ring) ==
        Approx(2046 * 10e-6 + 2046.0 / 1024 * 20e-9));
}

TEST_CASE("reduce-scatter and all-gather: (n-1)/n S/B + (n-1) alpha", "[training][collectives]") {
  CHECK(reduce_scatter_s(1e9, 4, 400, 10e-6) == Approx(0.015 + 30e-6));
  CHECK(all_gather_s(1e9, 4, 400, 10e-6) == Approx(0.015 + 30e-6));
  CHECK(send_s(5e9, 400, 10e-6) == Approx(0.1 + 10e-6));
}

TEST_CASE("hierarchical all-reduce: in-site reduce-scatter, shard over the WAN, all-gather",
          "[training][collectives]") {
  // 8 GB per rank, 16 ranks per site at 400 Gb/s without latency: 15/16 x 8e9 / 50e9 = 0.15 s
  // each way. The 0.5 GB shard over 2 sites at 100 Gb/s per rank (12.5e9 B/s), 5 ms: ring
  // 2 x 1/2 x 0.5e9 / 12.5e9 = 0.04 s, plus 2 x 5 ms.
  const auto h = hierarchical_allreduce(8e9, 16, 2, 400, 0, 100, 5e-3);
  CHECK(h.reduce_scatter_s == Approx(0.15));
  CHECK(h.wan_allreduce_s == Approx(0.05));
  CHECK(h.all_gather_s == Approx(0.15));
  CHECK(h.total_s() == Approx(0.35));
  // One site: nothing crosses a WAN.
  CHECK(hierarchical_allreduce(8e9, 16, 1, 400, 0, 100, 5e-3).wan_allreduce_s == 0);
  // 1,000 km of fibre: 1000 / 204,000 km/s = 4.9 ms one way.
  CHECK(fiber_latency_s(1000) == Approx(4.902e-3).epsilon(1e-3));
}
