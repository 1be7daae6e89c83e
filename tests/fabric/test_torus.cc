// The TPU presets against Google's published counts, and the torus against closed forms.
#include <catch2/catch.hpp>

#include "fabric/build.h"
#include "fabric/presets.h"
#include "fabric/torus.h"
#include "tests/fabric/helpers.h"

using namespace fleetsim::fabric;

TEST_CASE("TPU v4: 64 cubes of 4x4x4, 6,144 optical links, 48 OCS, as published",
          "[fabric][torus]") {
  // Jouppi et al., ISCA 2023 (https://doi.org/10.1145/3579371.3589350), as summarised at
  // https://glennklockwood.com/garden/processors/TPUv4: 4,096 chips, 64 cubes, 16 links per
  // cube face, 6,144 optical ICI links, 48 OCS.
  const Network n = build_fabric(load_fabric("tpu-v4")).at(0).network;
  CHECK(n.gpus == 4096);
  CHECK(n.cubes == 64);
  CHECK(test::links(n, "chip-ocs") == 6144);
  CHECK(n.ocs == 48);
  CHECK(n.transceivers_total() == 6144);  // one per optical link, on the chip's side
  CHECK(n.torus_dims == std::array<std::int64_t, 3>{16, 16, 16});
}

TEST_CASE("TPU v5p: 8,960 chips are 140 cubes in a 16x20x28 torus", "[fabric][torus]") {
  // https://cloud.google.com/tpu/docs/v5p: 8,960 chips per pod, 3D torus, 4x4x4 cubes.
  const Network n = build_fabric(load_fabric("tpu-v5p")).at(0).network;
  CHECK(n.gpus == 8960);
  CHECK(n.cubes == 140);
  CHECK(n.torus_dims == std::array<std::int64_t, 3>{16, 20, 28});
}

TEST_CASE("torus closed forms: 3 links per chip, bisection 4 L / longest side, diameter",
          "[fabric][torus]") {
  const auto spec = load_fabric("tpu-v4");
  for (std::int64_t chips : {64, 128, 512, 1024, 4096, 6144}) {
    INFO(chips << " chips");
    const Network n = build_torus(spec, chips);
    // Every chip has 6 torus ports; each link has two ends; a face link reaches its peer
    // through the OCS as two chip-OCS fibres.
    CHECK(test::links(n, "chip-chip in cube") + test::links(n, "chip-ocs") / 2 == 3 * chips);
    const auto& d = n.torus_dims;
    CHECK(d[0] * d[1] * d[2] == chips);
    CHECK(n.bisection_gbps_per_gpu == Approx(4.0 * 400 / static_cast<double>(d[2])));
    CHECK(n.max_hops == d[0] / 2 + d[1] / 2 + d[2] / 2);
  }
}

TEST_CASE("cube_grid picks the most cubic arrangement", "[fabric][torus]") {
  CHECK(cube_grid(64) == std::array<std::int64_t, 3>{4, 4, 4});
  CHECK(cube_grid(140) == std::array<std::int64_t, 3>{4, 5, 7});
  CHECK(cube_grid(96) == std::array<std::int64_t, 3>{4, 4, 6});
  CHECK(cube_grid(7) == std::array<std::int64_t, 3>{1, 1, 7});
}
