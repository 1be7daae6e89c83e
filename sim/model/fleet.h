// The fleet model for the engine: its LP types, declared in one table as ROSS and SST declare
// theirs (ids, message kinds, send delays, statistics, factory), and the LPs this rank built.
//
//   type     ids                 takes                           sends (least delay)
//   pod      pods                node fail (self)                node down
//   (failures.detect_latency)
//                                                                node up (detect_latency + 1 us)
//   router   1                   arrival (self), queue report    job submit (latency.submit)
//   cluster  clusters            job submit, node down/up, job   queue report (latency.report)
//                                end, schedule, sample (self)
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
  engine::LpId first_pod_ = 0, router_ = 0, first_cluster_ = 0;
  std::vector<const ModelLp*> local_;
};

}  // namespace fleetsim::model
