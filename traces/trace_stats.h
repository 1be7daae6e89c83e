// What a user checks before replaying a trace: the figures of the published trace summaries
// (../shared/data/reference/acme_cluster_summary.csv: job counts, mean/median run and queue
// times, devices per job, completed/cancelled/failed shares of jobs and of device time).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "traces/trace_reader.h"

namespace fleetsim::traces {

struct TraceStats {
  std::string path, format;
  ReadCounts counts;
  double machine_devices = 0;
  std::int64_t jobs = 0, device_jobs = 0;  // all jobs; jobs with devices > 0
  double first_submit_s = 0, last_submit_s = 0;
  double mean_runtime_s = 0, median_runtime_s = 0, max_runtime_s = 0;
  std::int64_t waited_jobs = 0;  // jobs with a recorded wait
  double mean_wait_s = 0, median_wait_s = 0;
  double mean_devices = 0, median_devices = 0, max_devices = 0;
  // By outcome (index: completed, failed, cancelled, unknown): jobs and device-seconds.
  std::int64_t outcome_jobs[4] = {0, 0, 0, 0};
  double outcome_device_seconds[4] = {0, 0, 0, 0};
  double device_seconds = 0;
  // The partitions recorded (trace_reader.h), in order of first appearance, with their jobs
  // (all jobs read); jobs that record none.
  std::vector<std::string> partition_names;
  std::vector<std::int64_t> partition_jobs;
  std::int64_t no_partition_jobs = 0;
};

// Reads the whole file once (streaming, plus three numbers per job for the medians).
TraceStats trace_stats(const TraceSpec& spec, const ReadOptions& opts);

// The report `fleetsim trace stats` prints: one "name  value" per line, with the reference
// summary's column names where there is one.
std::string format_stats(const TraceStats& s);

}  // namespace fleetsim::traces
