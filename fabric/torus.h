// A 3D torus of cubes (TPU v4/v5p style): chips inside a cube are wired directly (copper); each
// cube face's links leave the rack, through optical circuit switches (OCS) when `torus.ocs`.
#pragma once
#include <array>
#include <cstdint>

#include "fabric/network.h"
#include "fabric/spec.h"

namespace fleetsim::fabric {

// Cubes along x <= y <= z whose product is `cubes`, the largest side as small as it can be.
std::array<std::int64_t, 3> cube_grid(std::int64_t cubes);

// The torus for `gpus` chips, rounded up to whole cubes.
Network build_torus(const FabricSpec& spec, std::int64_t gpus);

}  // namespace fleetsim::fabric
