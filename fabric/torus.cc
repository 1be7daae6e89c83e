#include "fabric/torus.h"

#include <algorithm>

namespace fleetsim::fabric {

std::array<std::int64_t, 3> cube_grid(std::int64_t cubes) {
  std::array<std::int64_t, 3> best{1, 1, cubes};
  for (std::int64_t a = 1; a * a * a <= cubes; ++a) {
    if (cubes % a != 0) continue;
    for (std::int64_t b = a; a * b * b <= cubes; ++b) {
      if ((cubes / a) % b != 0) continue;
      const std::int64_t c = cubes / a / b;
      if (c < best[2] || (c == best[2] && b < best[1])) best = {a, b, c};
    }
  }
  return best;
}

Network build_torus(const FabricSpec& s, std::int64_t gpus) {
  Network n;
  n.topology = Topology::torus;
  n.gpus = gpus;
  const std::int64_t c = s.cube, per_cube = c * c * c;
  n.cubes = (gpus + per_cube - 1) / per_cube;
  const auto grid = cube_grid(n.cubes);
  for (int i = 0; i < 3; ++i) n.torus_dims[static_cast<std::size_t>(i)] = grid[i] * c;

  // Inside a cube each of the 3 directions has c-1 links along each of c*c lines.
  const std::int64_t inside = n.cubes * 3 * c * c * (c - 1);
  // Each of a cube's 6 faces has c*c links leaving it: the wrap-around and cube-to-cube links.
  const std::int64_t face_links = n.cubes * 6 * c * c;
  n.links.push_back({"chip-chip in cube", inside, s.link_gbps, false});
  if (s.ocs) {
    // One fibre and one transceiver per face link, on the chip's side; the OCS only steers light.
    n.links.push_back({"chip-ocs", face_links, s.link_gbps, true});
    n.transceivers[static_cast<int>(s.link_gbps)] += face_links;
    // One OCS group per (direction, position on the face) joins the + and - faces of all cubes.
    const std::int64_t groups = 3 * c * c, ports = 2 * n.cubes;
    n.ocs = groups * ((ports + s.ocs_radix - 1) / s.ocs_radix);
    n.ocs_ports = groups * ports;
  } else {
    // Cube faces wired straight to their neighbours: one link per pair of facing chips.
    n.links.push_back({"cube-cube", face_links / 2, s.link_gbps, true});
    n.transceivers[static_cast<int>(s.link_gbps)] += face_links;
  }

  // The cut across the longest side crosses 2 * (chips / side) links (wrap-around doubles it);
  // per chip of one half that is 4 * link / side.
  const std::int64_t longest = *std::max_element(n.torus_dims.begin(), n.torus_dims.end());
  n.bisection_gbps_per_gpu =
      longest >= 2 ? 4.0 * s.link_gbps / static_cast<double>(longest) : 6.0 * s.link_gbps;
  n.max_hops = 0;
  for (auto d : n.torus_dims) n.max_hops += static_cast<int>(d / 2);
  return n;
}

}  // namespace fleetsim::fabric
