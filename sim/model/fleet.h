// Assembles the fleet model for the engine: the LP for each id, and the lookahead it declares.
#pragma once
#include <memory>

#include "sim/engine/lp.h"
#include "sim/model/fleet_map.h"
#include "sim/model/logged_pod_lp.h"
#include "sim/model/router_lp.h"

namespace fleetsim::model {

// The smallest delay with which any LP sends to another: the engine's lookahead.
Time lookahead(const ModelConfig& cfg);

// With `failures`, pods replay its logged failures instead of drawing random ones.
std::unique_ptr<engine::Lp> make_lp(const ModelConfig& cfg, const FleetMap& map, engine::LpId id,
                                    const JobSourceFactory& make_source,
                                    const FailureScript* failures = nullptr);

}  // namespace fleetsim::model
