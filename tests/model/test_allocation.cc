// Allocation (sim/model/allocation.h) against the plain list of node ids it stands for: random
// lists of runs, single nodes, repeats and descents; what it reads back, its runs, appends, and
// its snapshot bytes, which must be those of the std::vector<std::int32_t> it replaced.
#include <catch2/catch.hpp>
#include <random>
#include <sstream>
#include <vector>

#include "sim/engine/lp.h"
#include "sim/model/allocation.h"

using fleetsim::model::Allocation;

namespace {

// A random node list: runs of consecutive ids, some starting where the last ended (they must
// join), some going down or repeating a node (they must not).
std::vector<std::int32_t> random_nodes(std::mt19937& rng) {
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<std::int32_t> nodes;
  const int runs = uniform(0, 8);
  for (int r = 0; r < runs; ++r) {
    const int kind = uniform(0, 3);
    std::int32_t first = uniform(0, 500);
    if (!nodes.empty() && kind == 0) first = nodes.back() + 1;  // continues the last run
    if (!nodes.empty() && kind == 1) first = nodes.back();      // repeats its last node
    const int len = uniform(1, 70);
    for (int k = 0; k < len; ++k) nodes.push_back(first + k);
  }
  return nodes;
}

template <class T>
std::string bytes_of(const T& value) {
  std::stringstream out;
  {
    fleetsim::engine::StateWriter w(out);
    w(value);
  }
  return out.str();
}

}  // namespace

TEST_CASE("an allocation reads back as the node list it was built from", "[model][placement]") {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 2000; ++trial) {
    const std::vector<std::int32_t> nodes = random_nodes(rng);
    const Allocation a(nodes);
    REQUIRE(a.nodes() == nodes);
    REQUIRE(a.size() == nodes.size());
    REQUIRE(a.empty() == nodes.empty());
    if (!nodes.empty()) REQUIRE(a.front() == nodes.front());
    // Runs: each at least one node, none that the next one continues (they would have joined),
    // and as many as the places where the list does not go up by one, plus one.
    std::size_t breaks = 0;
    for (std::size_t i = 1; i < nodes.size(); ++i) breaks += nodes[i] != nodes[i - 1] + 1;
    REQUIRE(a.runs().size() == (nodes.empty() ? 0 : breaks + 1));
    for (std::size_t r = 0; r < a.runs().size(); ++r) {
      REQUIRE(a.runs()[r].count >= 1);
      if (r > 0) REQUIRE(a.runs()[r - 1].first + a.runs()[r - 1].count != a.runs()[r].first);
    }
    // Appending another gives the concatenation, equal (runs and all) to one built from it.
    const std::vector<std::int32_t> more = random_nodes(rng);
    Allocation both = a;
    both.append(Allocation(more));
    std::vector<std::int32_t> joined = nodes;
    joined.insert(joined.end(), more.begin(), more.end());
    REQUIRE(both.nodes() == joined);
    REQUIRE(both == Allocation(joined));
    // Snapshots keep their format: the bytes of the node list, and a round trip gives it back.
    REQUIRE(bytes_of(a) == bytes_of(nodes));
    std::stringstream in(bytes_of(nodes));
    Allocation back{99};
    {
      fleetsim::engine::StateReader r(in);
      r(back);
    }
    REQUIRE(back == a);
  }
  Allocation a{3, 4, 5, 9};
  a.clear();
  CHECK(a.empty());
  CHECK(a.begin() == a.end());
}
