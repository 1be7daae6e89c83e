#include "sim/model/fleet.h"

#include <algorithm>
#include <stdexcept>

#include "sim/model/cluster_lp.h"
#include "sim/model/pod_lp.h"

namespace fleetsim::model {

Time lookahead(const ModelConfig& cfg) {
  return std::min(cfg.latency.min(), cfg.failures.detect_latency);
}

std::unique_ptr<engine::Lp> make_lp(const ModelConfig& cfg, const FleetMap& map, engine::LpId id,
                                    const JobSourceFactory& make_source,
                                    const FailureScript* failures) {
  if (map.is_pod(id) && failures)
    return std::make_unique<LoggedPodLp>(cfg, map, static_cast<int>(id),
                                         failures->at(static_cast<std::size_t>(id)));
  if (map.is_pod(id)) return std::make_unique<PodLp>(cfg, map, static_cast<int>(id));
  if (id == map.router_lp()) return std::make_unique<RouterLp>(cfg, map, make_source);
  if (map.is_cluster(id)) return std::make_unique<ClusterLp>(cfg, map, map.cluster_index(id));
  throw std::out_of_range("no LP with id " + std::to_string(id));
}

}  // namespace fleetsim::model
