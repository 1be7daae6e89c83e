// Writes one finished run to its HDF5 file: /jobs, /failures, /timeline, /pod_timeline, /clusters
// and, when output.event_log is on, /job_events, the headline figures computed from them
// (/summary, /summary_by_class, /summary_largest_jobs), and the root attributes that say how to
// reproduce it. Every dataset is declared in sim/io/columns.cc and documented in docs/output.md.
#pragma once
#include <string>

#include "sim/engine/simulator.h"
#include "sim/model/fleet.h"

namespace fleetsim::io {

// 2: chunked, compressed datasets; /pod_timeline; optional /job_events. 3: /jobs/recorded_outcome,
// job states 4 and 5. 4: /summary, /summary_by_class, /summary_largest_jobs (docs/output.md).
// 5: cost and power in /summary, /fabric, /failures_by_component; /failures component, tier,
// leaf_group, nodes_down, gpus_hit, jobs_slowed; /jobs/degraded. 6: /jobs/contended, qos,
// preemptions, preempted_gpu_seconds; /summary contention_gpu_hours, preemptions,
// preempted_gpu_hours; the root attribute `complete`, written last: readers refuse a file
// of version 6 or later without it (kCompleteSinceSchema, sim/io/h5_reader.h). 7: /jobs sites,
// held_gpu_seconds; /summary jobs_spanning, held_gpu_hours; failure component 16 (wan_path).
// 8: /jobs partition; /timeline fragmented_gpus. 9: /jobs switch_wait; /summary
// jobs_waited_for_switches, switch_wait_hours (sched.switches). 10: /jobs elastic_shrinks,
// elastic_grows, elastic_shrunk_gpu_seconds; /summary elastic_shrinks, elastic_grows,
// elastic_shrunk_gpu_hours (failures.recovery). 11: /jobs migrations, migrate_seconds; /summary
// migrations, migrate_hours (sched.migrate_interrupted).
inline constexpr std::int64_t kSchemaVersion = 11;

struct RunInfo {
  std::string config_text;  // resolved configuration
  std::string partitioner;
  int threads = 1;
  engine::RunStats stats;
};

// Collective over the simulator's communicator. Writes PATH.partial, renames it to PATH at the end.
void write_run(const std::string& path, const engine::Simulator& sim, const model::Fleet& fleet,
               const RunInfo& info);

}  // namespace fleetsim::io
