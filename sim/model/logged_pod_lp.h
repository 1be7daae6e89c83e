// A pod whose node failures come from a failure log (traces/failure_fit.h) instead of random
// draws: it tells its cluster of each logged failure (after the detection latency) and repair,
// exactly as PodLp does for a drawn one.
#pragma once
#include <vector>

#include "sim/engine/lp.h"
#include "sim/model/fleet_map.h"
#include "traces/failure_record.h"

namespace fleetsim::model {

// One type of failure from log to pod: what traces/failure_fit.h makes is what the pod replays.
using LoggedFailure = traces::NodeFailure;
// Per pod, by time then node; node down periods of one node do not overlap.
using FailureScript = std::vector<std::vector<LoggedFailure>>;

class LoggedPodLp final : public engine::Lp {
 public:
  LoggedPodLp(const ModelConfig& cfg, const FleetMap& map, int pod,
              std::vector<LoggedFailure> script);

  void init(engine::Context& ctx) override;
  void handle(const engine::Event& ev, engine::Context& ctx) override;

  std::uint64_t failures() const { return next_; }

 private:
  void schedule_next(engine::Context& ctx);

  Time detect_;
  engine::LpId cluster_;
  std::vector<LoggedFailure> script_;
  std::size_t next_ = 0;
};

}  // namespace fleetsim::model
