// The PHOLD model of the engine benchmark, in the style of ROSS's models/phold: each LP starts
// with `population` events; handling one sends one new event after lookahead + an exponential
// delay, to the LP itself or, with probability `other`, to another LP, which is on another rank
// with probability `remote` (on one rank: another LP of the same rank, so the work per event is
// the same whatever the rank count). The event population is constant, so the committed events
// are about lps x population x end / (lookahead + mean) on any rank count.
#pragma once
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/engine/lp_type.h"
#include "sim/engine/partitioner.h"

namespace fleetsim::bench {

struct PholdParams {
  engine::LpId lps = 1024;
  int population = 16;
  engine::Time lookahead = engine::kMillisecond;
  engine::Time mean = engine::kMillisecond;  // of the exponential part of the delay
  double other = 1.0;                        // share of events sent to another LP
  double remote = 0.1;                       // of those, the share sent to another rank
};

// Who is where: read-only, shared by the LPs of a rank (the destinations depend on the ranks).
struct PholdMap {
  PholdMap(const engine::Partitioner& partitioner, engine::LpId lps, int ranks);
  std::vector<int> owner;                           // LP -> rank
  std::vector<std::vector<engine::LpId>> on_rank;   // rank -> its LPs
  std::vector<std::vector<engine::LpId>> off_rank;  // rank -> every LP not on it
  int ranks = 1;
};

// A table of one PHOLD LP type; `map` must outlive the simulator.
engine::LpTypeTable phold_types(const PholdParams& p, const PholdMap& map);

}  // namespace fleetsim::bench
