// Issue 10, item 1: ten 10k-GPU clusters need fewer tiers and fewer optics per GPU than one
// 100k-GPU cluster, when the tier boundary falls between those sizes; never more.
#include <catch2/catch.hpp>

#include "fabric/build.h"
#include "fabric/presets.h"

using namespace fleetsim::fabric;

namespace {

double optics_per_gpu(const Network& n) {
  return static_cast<double>(n.transceivers_total()) / static_cast<double>(n.gpus);
}

struct Pair {
  Network ten_k, hundred_k;
};

Pair build_both(const std::string& preset, const Overrides& o = {}) {
  const auto spec = load_fabric(preset, o);
  return {build_network(spec, 10'000), build_network(spec, 100'000)};
}

}  // namespace

TEST_CASE("10 x 10k needs fewer tiers and optics per GPU than 1 x 100k on 64-port switches",
          "[fabric][scaling]") {
  // k = 64: two tiers hold 2,048 GPUs, three 65,536, four 2,097,152.
  const auto [small, big] = build_both("fat-tree", {{"tiers", "4"}});
  CHECK(small.tiers.size() == 3);
  CHECK(big.tiers.size() == 4);
  // Non-blocking: one optical link per GPU per tier boundary, two transceivers each, plus the
  // GPU's own link: 2 * tiers transceivers per GPU, up to rounding of the last switches.
  CHECK(optics_per_gpu(small) == Approx(6).epsilon(0.03));
  CHECK(optics_per_gpu(big) == Approx(8).epsilon(0.03));
  CHECK(10 * small.transceivers_total() < big.transceivers_total());
  CHECK(10 * small.switches() < big.switches());
}

TEST_CASE("10 x 10k against 1 x 100k on the SuperPOD, HPN and RoCE presets", "[fabric][scaling]") {
  SECTION("DGX SuperPOD B200 (64-port NDR): 3 tiers against 4") {
    const auto [small, big] = build_both("dgx-superpod-b200");
    CHECK(small.tiers.size() == 3);
    CHECK(big.tiers.size() == 4);
    CHECK(optics_per_gpu(small) < optics_per_gpu(big));
  }
  SECTION("Alibaba HPN (dual plane, 15,360-GPU pods): 2 tiers against 3") {
    const auto [small, big] = build_both("alibaba-hpn");
    CHECK(small.tiers.size() == 2);
    CHECK(big.tiers.size() == 3);
    CHECK(optics_per_gpu(small) < optics_per_gpu(big));
    // Above one pod the 15:1 aggregation tier is crossed: the bisection falls with it.
    CHECK(big.bisection_gbps_per_gpu < small.bisection_gbps_per_gpu / 10);
  }
  SECTION("xAI Colossus (128-port Ethernet): both need 3 tiers, so no gain in optics") {
    // Two tiers of 128 ports hold 8,192 GPUs: 10k is already three tiers. The 10k network only
    // rounds worse (its last leaves and pod are part-full): within 2% per GPU.
    const auto [small, big] = build_both("xai-colossus");
    CHECK(small.tiers.size() == 3);
    CHECK(big.tiers.size() == 3);
    CHECK(optics_per_gpu(small) == Approx(optics_per_gpu(big)).epsilon(0.02));
  }
}

TEST_CASE("a cut cluster never needs more tiers than the whole", "[fabric][scaling]") {
  for (const auto& p : list_presets()) {
    const auto spec = load_fabric(p.name);
    if (spec.topology != Topology::clos) continue;
    INFO(p.name);
    const Network whole = build_fabric(spec).at(0).network;
    for (std::int64_t g : {std::int64_t{8}, std::int64_t{1000}, whole.gpus / 10, whole.gpus})
      if (g > 0) CHECK(build_network(spec, g).tiers.size() <= whole.tiers.size());
  }
}
