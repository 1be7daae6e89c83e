// The events the fleet's LPs exchange: kinds, same-time priorities and payloads. Payloads are
// trivially copyable and fit in engine::Event::kPayloadBytes.
#pragma once
#include <cstdint>

#include "core/component.h"
#include "core/job.h"
#include "sim/engine/event.h"

namespace fleetsim::model {

using engine::Time;

enum Kind : std::uint16_t {
  kNodeFail = 1,  // pod -> itself: a node of the pod fails now
  kNodeDown,      // pod -> cluster: a node failed (seen after the detection latency)
  kNodeUp,        // pod -> cluster: the node is repaired
  kArrival,       // router -> itself: the pending job arrives
  kJobSubmit,     // router -> cluster
  kQueueReport,   // cluster -> router
  kJobEnd,        // cluster -> itself: an attempt completes
  kSchedule,      // cluster -> itself: one scheduling pass after all same-time changes
  kSample,        // cluster -> itself: a timeline sample
};

// Lower runs first among same-time events: state changes, then scheduling, then sampling.
enum Priority : std::int32_t {
  kPrioFailure = 0,
  kPrioJobEnd = 1,
  kPrioSubmit = 2,
  kPrioReport = 3,
  kPrioSchedule = 8,
  kPrioSample = 9,
};

struct NodeFailMsg {
  std::int32_t node_in_pod;
};

struct NodeDownMsg {
  Time fail_time;
  Time repair;        // how long the node stays down from fail_time
  std::int32_t node;  // global node id
  core::Component component = core::Component::kGpu;
  // Planned maintenance: the node's jobs checkpoint before it goes down, losing no work.
  bool planned = false;
};

struct NodeUpMsg {
  std::int32_t node;
};

// kJobSubmit carries the job itself: core::JobSpec, as the router numbered (and maybe shrank) it.
using JobSubmitMsg = core::JobSpec;

struct QueueReportMsg {
  std::int64_t queued_gpus;
  std::int64_t busy_gpus;
  std::int32_t cluster;
};

struct JobEndMsg {
  std::int32_t job;       // index in the cluster's job table
  std::uint32_t attempt;  // stale when the job was interrupted since
};

}  // namespace fleetsim::model
