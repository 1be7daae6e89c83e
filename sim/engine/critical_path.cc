#include "sim/engine/critical_path.h"

#include <cstdio>
#include <stdexcept>

namespace fleetsim::engine {

CriticalPath parse_critical_path(const std::string& name) {
  if (name == "off") return CriticalPath::kOff;
  if (name == "events") return CriticalPath::kEvents;
  if (name == "time") return CriticalPath::kTime;
  throw std::invalid_argument("'" + name + "' is not one of off, events, time");
}

const char* to_string(CriticalPath mode) {
  switch (mode) {
    case CriticalPath::kOff:
      return "off";
    case CriticalPath::kEvents:
      return "events";
    case CriticalPath::kTime:
      return "time";
  }
  return "?";
}

std::string describe(const CriticalPathStats& cp) {
  char line[256];
  if (cp.mode == CriticalPath::kTime)
    std::snprintf(line, sizeof line,
                  "critical path (handler time): %.3f ms of %.3f ms of event work (%llu events), "
                  "speed-up bound %.1f",
                  cp.length / 1e6, cp.work / 1e6, static_cast<unsigned long long>(cp.events),
                  cp.bound());
  else
    std::snprintf(line, sizeof line,
                  "critical path (events): %lld of %lld events, speed-up bound %.1f",
                  static_cast<long long>(cp.length), static_cast<long long>(cp.work), cp.bound());
  return line;
}

}  // namespace fleetsim::engine
