// The two forms of a failure: as a log records it (FailureRecord: its node's name, times in
// seconds on the log's clock, what failed and why), and as the fleet replays it (NodeFailure:
// a fleet node, simulated times). failure_fit.h turns the first into the second; pods replay
// NodeFailures (sim/model/logged_pod_lp.h).
#pragma once
#include <cstdint>
#include <string>

#include "core/component.h"
#include "core/time.h"

namespace fleetsim::traces {

// One node failure on the fleet.
struct NodeFailure {
  core::Time time;
  core::Time repair;  // how long the node stays down; > failures.detect_latency
  std::int32_t node;  // global fleet node index
  core::Component component = core::Component::kOther;  // mapped from the log's fields
};

struct FailureRecord {
  double time_s = 0;      // when the failure started, seconds from the log's time origin
  double repair_s = -1;   // how long the component stayed down; -1 unknown
  std::string node;       // the log's node (or server) name
  std::string component;  // what failed: GPU, NIC, Fan, ... (StepFun Class, LANL hardware type)
  std::string cause;      // cause class: Hardware Failure, Software Failure, ... (StepFun Level)
  std::string text;       // the log's own description
  std::int64_t line = 0;  // line or record index it came from
  // The fleet's kind of component, mapped from the fields above (traces/component_map.h);
  // kind_mapped is false when no rule of the log's format matched (kind is then kOther).
  core::Component kind = core::Component::kOther;
  bool kind_mapped = false;
};

}  // namespace fleetsim::traces
