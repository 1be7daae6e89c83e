// The generic `fat-tree` preset against the textbook closed forms (Al-Fares et al., SIGCOMM 2008):
// a non-blocking k-ary fat tree of T tiers holds 2 (k/2)^T endpoints with (2T-1) (k/2)^(T-1)
// switches, i.e. k^2/2 and 3k/2 at two tiers, k^3/4 and 5k^2/4 at three.
#include <catch2/catch.hpp>

#include "fabric/build.h"
#include "fabric/presets.h"
#include "tests/fabric/helpers.h"

using namespace fleetsim::fabric;

namespace {

std::int64_t power(std::int64_t b, int e) {
  std::int64_t r = 1;
  while (e-- > 0) r *= b;
  return r;
}

Network fat_tree(int k, int tiers, const Overrides& more = {}) {
  Overrides o{{"radix", std::to_string(k)}, {"tiers", std::to_string(tiers)}};
  o.insert(o.end(), more.begin(), more.end());
  const auto spec = load_fabric("fat-tree", o);
  return build_fabric(spec).at(0).network;
}

}  // namespace

TEST_CASE("fat-tree at two tiers holds k^2/2 GPUs with 3k/2 switches", "[fabric][fat-tree]") {
  for (int k : {4, 8, 12, 16, 24, 32, 48, 64, 96, 128}) {
    INFO("k = " << k);
    const Network n = fat_tree(k, 2);
    CHECK(n.gpus == k * k / 2);
    CHECK(n.switches() == 3 * k / 2);
    CHECK(test::switches(n, "leaf") == k);
    CHECK(test::switches(n, "spine") == k / 2);
    CHECK(n.bisection_gbps_per_gpu == Approx(400));
  }
}

TEST_CASE("fat-tree at three tiers holds k^3/4 GPUs with 5k^2/4 switches", "[fabric][fat-tree]") {
  for (int k : {4, 8, 12, 16, 24, 32, 48, 64, 96, 128}) {
    INFO("k = " << k);
    const Network n = fat_tree(k, 3);
    CHECK(n.gpus == std::int64_t{k} * k * k / 4);
    CHECK(n.switches() == 5 * k * k / 4);
    CHECK(test::switches(n, "leaf") == k * k / 2);
    CHECK(test::switches(n, "spine") == k * k / 2);
    CHECK(test::switches(n, "core") == k * k / 4);
  }
}

TEST_CASE("fat-tree at T tiers: 2(k/2)^T GPUs, (2T-1)(k/2)^(T-1) switches, every port used",
          "[fabric][fat-tree]") {
  for (int k : {4, 8, 16, 32}) {
    for (int t = 1; t <= 4; ++t) {
      INFO("k = " << k << ", tiers = " << t);
      const Network n = fat_tree(k, t);
      const std::int64_t h = k / 2;
      if (t == 1) {
        CHECK(n.gpus == k);  // one switch, every port down
        CHECK(n.switches() == 1);
        continue;
      }
      CHECK(n.gpus == 2 * power(h, t));
      CHECK(n.switches() == (2 * t - 1) * power(h, t - 1));
      // Ports: every GPU takes one, every switch-to-switch link two, and none is left over.
      CHECK(k * n.switches() == n.gpus + 2 * (n.links_total(true) - n.gpus));
      CHECK(n.max_hops == 2 * t - 1);
    }
  }
}

TEST_CASE("fat-tree with fewer GPUs than it holds builds only what they need",
          "[fabric][fat-tree]") {
  // 1,000 GPUs on 64-port switches: ceil(1000 / 32) = 32 leaves with 32 uplinks each; spines
  // need 32 * 32 / 64 = 16 ports' worth of switches, and 16 divides 32, so 16 spines.
  const Network n = fat_tree(64, 2, {{"gpus", "1000"}});
  CHECK(n.gpus == 1000);
  CHECK(test::switches(n, "leaf") == 32);
  CHECK(test::switches(n, "spine") == 16);
  CHECK(test::links(n, "leaf-spine") == 32 * 32);
}

TEST_CASE("fat-tree oversubscribed 3:1 at the leaf: 48 down, 16 up, a quarter of the bisection",
          "[fabric][fat-tree]") {
  // k = 64, leaf 3:1: 48 GPUs and 16 uplinks per leaf; two tiers join at most 64 leaves.
  const Network n = fat_tree(64, 2, {{"leaf.oversubscription", "3"}});
  CHECK(n.gpus == 64 * 48);
  CHECK(test::switches(n, "leaf") == 64);
  CHECK(test::switches(n, "spine") == 16);               // 64 * 16 / 64
  CHECK(n.bisection_gbps_per_gpu == Approx(400.0 / 3));  // 16 x 400 up for 48 GPUs
}
