// `fleetsim trace validate FILE`: replays a trace on its original machine (one cluster of the
// trace's size, no failures, no checkpoints, recorded submit times) with FIFO or EASY, and puts
// the simulated queue waits beside the recorded ones: how far the scheduler model is from the
// real one before the trace is fitted to another fleet.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace fleetsim::app {

struct WaitFigures {
  std::int64_t jobs = 0;
  double mean = 0, p50 = 0, p90 = 0, p99 = 0, max = 0;
};

// Nearest-rank quantiles of `waits` (seconds); sorts it.
WaitFigures wait_figures(std::vector<double>& waits);

// argv[0] is "validate". Runs on the calling rank alone. Returns the exit status.
int validate_command(int argc, char** argv);

}  // namespace fleetsim::app
