// One line of progress on stderr while a run goes (issue 13): simulated time done of the span,
// events per second (this rank's) and an estimate of the time left, redrawn in place at most
// twice a second once the run has taken two seconds. Silent when stderr is not a terminal (a
// batch job's log gets no carriage returns) or with --quiet.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "sim/engine/event.h"

namespace fleetsim::app {

class ProgressLine {
 public:
  // `label` names the run (the layout); `end` is the simulated span.
  ProgressLine(bool enabled, std::string label, engine::Time end);
  ~ProgressLine();  // clears the line if one was drawn

  // The engine's callback (engine::SimulatorOptions::progress), or empty when disabled.
  std::function<void(engine::Time, std::uint64_t)> callback();

 private:
  void update(engine::Time now, std::uint64_t events);

  bool enabled_;
  std::string label_;
  engine::Time end_;
  std::chrono::steady_clock::time_point start_, last_;
  bool drawn_ = false;
  double delay_ = 2;
};

// Whether progress should show: not --quiet, rank 0, and stderr a terminal.
bool progress_wanted(bool quiet, int rank);

}  // namespace fleetsim::app
