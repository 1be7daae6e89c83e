// The available parallelism of a run (issue 13 item 2): each event's earliest finish is
//   max(finish of the event that scheduled it, finish of the previous event of the same LP) + cost
// with cost 1 per event (`events`) or the measured time of its handler in nanoseconds (`time`).
// The largest finish is the critical path; total work over it bounds the speed-up any number of
// processors could give this model (an ideal, unsynchronized scheduler with free messages: the
// conservative engine gets less). Events scheduled by init() depend on nothing (finish 0).
#pragma once
#include <cstdint>
#include <string>

namespace fleetsim::engine {

enum class CriticalPath { kOff, kEvents, kTime };

// "off", "events" or "time"; anything else throws std::invalid_argument naming the choices.
CriticalPath parse_critical_path(const std::string& name);
const char* to_string(CriticalPath mode);

struct CriticalPathStats {
  CriticalPath mode = CriticalPath::kOff;
  std::int64_t work = 0;    // summed cost of every event (events, or ns of handler time)
  std::int64_t length = 0;  // the critical path, same unit
  std::uint64_t events = 0;
  // work / length: no processor count can run the model faster than this.
  double bound() const {
    return length > 0 ? static_cast<double>(work) / static_cast<double>(length) : 0.0;
  }
};

// One line: "critical path (events): 1234 of 56789 events, speed-up bound 46.0".
std::string describe(const CriticalPathStats& cp);

}  // namespace fleetsim::engine
