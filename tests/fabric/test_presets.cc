// Every preset loads, says where its numbers come from, and reproduces the published figures
// it was built from.
#include <catch2/catch.hpp>
#include <set>

#include "fabric/build.h"
#include "fabric/presets.h"
#include "tests/fabric/helpers.h"

using namespace fleetsim::fabric;

TEST_CASE("presets: the issue's list, each with a description and a source URL",
          "[fabric][presets]") {
  std::set<std::string> names;
  for (const auto& p : list_presets()) {
    INFO(p.name);
    names.insert(p.name);
    CHECK(!p.description.empty());
    CHECK(preset_text(p.name).find("https://") != std::string::npos);
    const auto spec = load_fabric(p.name);
    CHECK(spec.name == p.name);
    const auto report = build_fabric(spec);
    CHECK(!report.empty());
  }
  for (const char* want : {"dgx-superpod-h100", "dgx-superpod-b200", "meta-24k-roce", "meta-rsc",
                           "xai-colossus", "xai-colossus-200k", "fairwater", "alibaba-hpn",
                           "tpu-v4", "tpu-v5p", "aws-rainier", "fat-tree"})
    CHECK(names.count(want) == 1);
}

TEST_CASE("Meta 24K RoCE: 8 pods of 3,072 GPUs, 192 ToRs each, 1:7 above", "[fabric][presets]") {
  // Llama 3 paper sec. 3.3.1; SIGCOMM'24: 16 GPUs per rack under one ToR, 192 racks per pod.
  const Network n = build_fabric(load_fabric("meta-24k-roce")).at(0).network;
  CHECK(n.gpus == 24576);
  CHECK(n.racks == 1536);
  CHECK(test::switches(n, "leaf") == 1536);
  CHECK(n.tiers.size() == 3);
  CHECK(test::switches(n, "spine") == 8 * 16);                  // 8 pods x 16 cluster switches
  CHECK(n.bisection_gbps_per_gpu == Approx(400.0 * 28 / 192));  // ~1:7 (28 up per 192 down)
  CHECK(test::links(n, "gpu-leaf") == 24576);
  CHECK(n.links.at(0).optical == false);  // copper DAC in the rack (SIGCOMM'24)
}

TEST_CASE("Meta RSC: 16,000 GPUs is exactly what two levels of these switches hold",
          "[fabric][presets]") {
  const auto spec = load_fabric("meta-rsc");
  const Network n = build_fabric(spec).at(0).network;
  CHECK(n.gpus == 16000);
  CHECK(n.tiers.size() == 2);
  CHECK(n.bisection_gbps_per_gpu == Approx(200));
  CHECK_THROWS(build_fabric(load_fabric("meta-rsc", {{"gpus", "16008"}})));
}

TEST_CASE("Alibaba HPN: a 15,360-GPU pod is two tiers per plane, two planes", "[fabric][presets]") {
  const Network n = build_fabric(load_fabric("alibaba-hpn")).at(0).network;
  CHECK(n.gpus == 15360);
  CHECK(n.tiers.size() == 2);
  CHECK(n.planes == 2);
  CHECK(test::switches(n, "leaf") == 2 * 8 * 15);  // 2 planes x 8 rails x 15 segments
  CHECK(n.bisection_gbps_per_gpu == Approx(400));  // 2 x 200G
}

TEST_CASE("xAI Colossus needs three tiers, at 100k and at 200k", "[fabric][presets]") {
  CHECK(build_fabric(load_fabric("xai-colossus")).at(0).network.tiers.size() == 3);
  CHECK(build_fabric(load_fabric("xai-colossus-200k")).at(0).network.tiers.size() == 3);
}

TEST_CASE("Fairwater: two tiers per site, two sites, a WAN", "[fabric][presets]") {
  const auto spec = load_fabric("fairwater");
  const auto sites = build_fabric(spec);
  REQUIRE(sites.size() == 2);
  for (const auto& s : sites) CHECK(s.network.tiers.size() == 2);
  CHECK(spec.wan_gbps > 0);
  CHECK(combine(sites).gpus == spec.gpus);
}
