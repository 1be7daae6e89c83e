// The normalized failure record every failure-log reader yields.
#pragma once
#include <cstdint>
#include <string>

namespace fleetsim::traces {

struct FailureRecord {
  double time_s = 0;      // when the failure started, seconds from the log's time origin
  double repair_s = -1;   // how long the component stayed down; -1 unknown
  std::string node;       // the log's node (or server) name
  std::string component;  // what failed: GPU, NIC, Fan, ... (StepFun Class, LANL hardware type)
  std::string cause;      // cause class: Hardware Failure, Software Failure, ... (StepFun Level)
  std::string text;       // the log's own description
  std::int64_t line = 0;  // line or record index it came from
};

}  // namespace fleetsim::traces
