// The fleet model for the engine: its LP types, declared in one table as ROSS and SST declare
// theirs (ids, message kinds, send delays, statistics, factory), and the LPs this rank built.
//
//   type     ids                 takes                           sends (least delay)
//   pod      pods                node fail (self)                node down
//   (failures.detect_latency)
//                                                                node up (detect_latency + 1 us)
//   router   1                   arrival (self), queue report    job submit (latency.submit)
//   cluster  clusters            job submit, node(s) down/up,    queue report (latency.report)
//                                degrade, job end, schedule,
//                                sample (self)
//   leaf_group  per cluster, its  fabric fail (self)             nodes down, degrade
//               leaf groups                                      (failures.detect_latency)
//   fabric_tier per cluster, its  fabric fail (self), contend,    degrade (detect_latency),
//               tiers above leaf  share solve (self)              share (latency.contention)
//   cluster     (as above)        share                           contend (latency.contention)
//   span     1 (with sched.        span submit, part ready, down,  part submit, go, stop
//            oversize = span)     rate, end/limit/WAN cut (self)  (latency.span)
//   cluster     (as above)        part submit, go, stop           part ready, down, rate
//                                                                 (latency.span)
//   router      (as above)                                        span submit (latency.submit)
//
// The fabric types exist with fabric.network set to a Clos network (sim/model/fabric/).
//
// The engine's lookahead is the least of these delays. A new LP type is one more add() here.
#pragma once
#include <memory>
#include <vector>

#include "sim/engine/lp_type.h"
#include "sim/model/fleet_map.h"
#include "sim/model/logged_pod_lp.h"
#include "sim/model/model_lp.h"
#include "sim/model/router_lp.h"

namespace fleetsim::model {

class Fleet {
 public:
  // With `failures`, pods replay its logged failures instead of drawing random ones.
  // `extra_types` are added before the fleet's own (tests use them to check that renumbering
  // LPs changes no result).
  Fleet(const ModelConfig& cfg, JobSourceFactory make_source,
        const FailureScript* failures = nullptr, std::vector<engine::LpType> extra_types = {});
  Fleet(const Fleet&) = delete;
  Fleet& operator=(const Fleet&) = delete;

  const engine::LpTypeTable& types() const { return types_; }
  const FleetMap& map() const { return map_; }
  const ModelConfig& config() const { return cfg_; }
  engine::LpId pod_lp(int pod) const { return first_pod_ + static_cast<engine::LpId>(pod); }
  engine::LpId router_lp() const { return router_; }
  engine::LpId cluster_lp(int c) const { return first_cluster_ + static_cast<engine::LpId>(c); }
  // The span coordinator's LP, which exists when jobs may span sites (sched.oversize = span on a
  // layout of several clusters).
  bool spans() const { return spans_; }
  engine::LpId span_lp() const { return span_; }

  // One fabric LP: leaf group `group` of `cluster` (or, with group -1, its tier `tier`).
  struct FabricDomain {
    int cluster = 0, group = -1, tier = 1;
    int first_node = 0, nodes = 0;  // global ids; the cluster's nodes for a tier
    int leaves = 0, planes = 1;     // a leaf group's leaf switches (rails x planes) and planes
  };
  const std::vector<FabricDomain>& leaf_groups() const { return leaf_groups_; }
  const std::vector<FabricDomain>& fabric_tiers() const { return fabric_tiers_; }

  // The fleet LPs the engine built on this rank, in id order (extra types excluded).
  const std::vector<const ModelLp*>& local_lps() const { return local_; }

 private:
  template <class L>
  std::unique_ptr<engine::Lp> keep(std::unique_ptr<L> lp) {
    local_.push_back(lp.get());
    return lp;
  }

  const ModelConfig& cfg_;
  FleetMap map_;
  JobSourceFactory make_source_;
  const FailureScript* failures_;
  engine::LpTypeTable types_;
  engine::LpId first_pod_ = 0, router_ = 0, first_cluster_ = 0, span_ = 0;
  bool spans_ = false;
  engine::LpId first_leaf_group_ = 0, first_fabric_tier_ = 0;
  std::vector<const ModelLp*> local_;
  std::vector<FabricDomain> leaf_groups_, fabric_tiers_;
};

}  // namespace fleetsim::model
