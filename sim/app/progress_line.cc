#include "sim/app/progress_line.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

namespace fleetsim::app {

bool progress_wanted(bool quiet, int rank) {
  return !quiet && rank == 0 && isatty(STDERR_FILENO) == 1;
}

ProgressLine::ProgressLine(bool enabled, std::string label, engine::Time end)
    : enabled_(enabled),
      label_(std::move(label)),
      end_(end),
      start_(std::chrono::steady_clock::now()),
      last_(start_ - std::chrono::seconds(1)) {  // the first line may come at once
  // FLEETSIM_PROGRESS_DELAY (seconds, default 2): how long a run goes before the line shows.
  if (const char* d = std::getenv("FLEETSIM_PROGRESS_DELAY")) delay_ = std::atof(d);
}

ProgressLine::~ProgressLine() {
  if (drawn_) std::fprintf(stderr, "\r%*s\r", 79, "");
}

std::function<void(engine::Time, std::uint64_t)> ProgressLine::callback() {
  if (!enabled_) return {};
  return [this](engine::Time now, std::uint64_t events) { update(now, events); };
}

void ProgressLine::update(engine::Time now, std::uint64_t events) {
  const auto t = std::chrono::steady_clock::now();
  const double wall = std::chrono::duration<double>(t - start_).count();
  if (wall < delay_ || std::chrono::duration<double>(t - last_).count() < 0.5) return;
  last_ = t;
  const double done = end_ > 0 ? static_cast<double>(now) / static_cast<double>(end_) : 0;
  const double eta = done > 0 ? wall * (1 - done) / done : 0;
  std::fprintf(stderr, "\r%s: %.1f of %.1f days simulated (%.0f%%), %.2fM events/s, ~%.0f s left ",
               label_.c_str(), engine::to_seconds(now) / 86400, engine::to_seconds(end_) / 86400,
               100 * done, static_cast<double>(events) / wall / 1e6, eta);
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace fleetsim::app
