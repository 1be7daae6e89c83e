// A pod whose node failures come from a failure log (traces/failure_fit.h) instead of random
// draws: it tells its cluster of each logged failure (after the detection latency) and repair,
// exactly as PodLp does for a drawn one.
#pragma once
#include <vector>

#include "sim/model/fleet_map.h"
#include "sim/model/model_lp.h"
#include "traces/failure_record.h"

namespace fleetsim::model {

// One type of failure from log to pod: what traces/failure_fit.h makes is what the pod replays.
using LoggedFailure = traces::NodeFailure;
// Per pod, by time then node; node down periods of one node do not overlap.
using FailureScript = std::vector<std::vector<LoggedFailure>>;

class LoggedPodLp final : public engine::StatefulLp<LoggedPodLp, ModelLp> {
 public:
  LoggedPodLp(const ModelConfig& cfg, engine::LpId cluster, std::vector<LoggedFailure> script);

  void init(engine::Context& ctx) override;
  void handle(const engine::Event& ev, engine::Context& ctx) override;

  template <class Archive>
  void state(Archive& ar) {
    ar(next_);
  }

 private:
  void schedule_next(engine::Context& ctx);

  Time detect_;
  engine::LpId cluster_;
  std::vector<LoggedFailure> script_;  // configuration: the log, fitted to this pod
  std::uint64_t next_ = 0;
};

}  // namespace fleetsim::model
