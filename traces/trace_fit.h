// Fitting a recorded trace onto the modelled fleet, and the JobSource that replays it.
//
// Each step is an option (docs/traces.md):
//  - time window: only jobs submitted in [window_start, window_end) of the trace's clock;
//  - device mapping: GPUs = ceil(devices / devices_per_gpu) (SWF processors to GPUs by a ratio);
//  - size scaling: GPUs multiplied by size_scale with runtime divided by it (perfect linear
//    scaling: fleetsim has no step-time model yet, docs/model.md);
//  - load scaling: inter-arrival times multiplied by one factor so that the GPU-time submitted
//    per fleet GPU-time over the arrival span equals offered_load (0 keeps the recorded times).
// Replay time 0 is the first replayed job's submit time.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "traces/job_source.h"
#include "traces/ordered_jobs.h"
#include "traces/trace_reader.h"

namespace fleetsim::traces {

struct TraceConfig {
  // "FILE[:format]"; several, separated by spaces: tenant merge, each trace a tenant (its index)
  // starting at time 0. Empty: the synthetic workload is used.
  std::string file;
  ReadOptions read;
  double window_start_s = 0;
  double window_end_s = -1;  // -1: to the end of the trace
  double devices_per_gpu = 1;
  // Jobs needing less than one GPU: a whole GPU (round_up) or a whole GPU for that fraction of
  // their run time (scale_runtime: the GPU-time they would use packed with others).
  enum class Fractional { kRoundUp, kScaleRuntime } fractional = Fractional::kRoundUp;
  double size_scale = 1;
  double offered_load = 0;         // 0: recorded submit times
  bool truncate_to_limit = false;  // trace.over_limit = truncate: run time cut at the request
  bool skip_zero_runtime = false;  // trace.zero_runtime = skip
  bool replay_outcomes = false;    // trace.replay_outcomes: failed/cancelled jobs end so
  bool replay = false;             // true when `file` is set
  // trace.partitions: each job goes to the first partition that admits it (kRule), or to the
  // partition its trace recorded (kTrace; a job without one by the rule), docs/traces.md.
  enum class Partitions { kRule, kTrace } partitions = Partitions::kRule;
  // trace.partition_map "RECORDED:PARTITION ...": recorded names to names of sched.partitions;
  // a recorded name not in the map is looked up as it is.
  std::string partition_map;
  // The names of sched.partitions, in order: a copy the sched.partitions option keeps (traces/
  // does not depend on the model's configuration).
  std::vector<std::string> fleet_partitions;
};

// The pairs of trace.partition_map, in order; throws std::invalid_argument naming the option
// for a word that is not RECORDED:PARTITION or a recorded name given twice.
std::vector<std::pair<std::string, std::string>> parse_partition_map(const std::string& text);

// Throws std::invalid_argument naming the option when the configuration is impossible.
void validate(const TraceConfig& cfg);

// What a replay will submit, from one pass over the file (every row is read and checked, so a
// bad row is found before any simulation starts).
// Rows a scan keeps for its replay (80 bytes each: 80 MB at most per file): a trace of at most
// this many replayed jobs is read once, the replay taking its rows from the scan; a larger one is
// read again (a 10M-job replay stays within its memory).
inline constexpr std::int64_t kKeptRows = 1'000'000;
// Whether a scan of `jobs` replayed rows keeps them (the scan and the memory estimate ask).
inline bool keeps_rows(double jobs) { return jobs <= static_cast<double>(kKeptRows); }

// The kept rows, in chunks: growing never copies them (nor touches twice the pages).
class KeptRows {
 public:
  void push_back(const TraceJob& row) {
    if (chunks_.empty() || chunks_.back().size() == kChunk) {
      chunks_.emplace_back();
      chunks_.back().reserve(kChunk);
    }
    chunks_.back().push_back(row);
    ++size_;
  }
  std::size_t size() const { return size_; }
  const TraceJob& operator[](std::size_t i) const { return chunks_[i / kChunk][i % kChunk]; }

 private:
  static constexpr std::size_t kChunk = 1 << 16;
  std::vector<std::vector<TraceJob>> chunks_;
  std::size_t size_ = 0;
};

struct TraceScan {
  // The rows to replay, in replay order, when there are at most kKeptRows of them; null otherwise.
  // Shared: every copy of the scan (each layout's source) reads the same rows.
  std::shared_ptr<const KeptRows> rows;
  ReadCounts counts;
  std::int64_t late = 0;  // rows submitted at an earlier row's time (out of order)
  std::int64_t outside_window = 0;
  std::int64_t never_started = 0;                // recorded as never run (not replayed)
  std::int64_t no_devices = 0;                   // CPU-only jobs (not replayed)
  std::int64_t zero_runtime = 0;                 // with trace.zero_runtime = skip (not replayed)
  std::int64_t jobs = 0;                         // replayed
  double first_submit_s = 0, last_submit_s = 0;  // trace clock, of replayed jobs
  double gpu_seconds = 0;                        // after device mapping and size scaling
  std::int64_t max_gpus = 0;
  double recorded_load = 0;  // gpu_seconds / (fleet GPUs x arrival span)
  double time_scale = 1;     // inter-arrival multiplier applied
  double machine_devices = 0;
  std::string format;  // "merged" for several traces
  std::string file;
  std::vector<TraceScan> parts;  // tenant merge: one per trace, in the order given
  // The partitions the trace records, in order of first appearance, with their replayed jobs;
  // replayed jobs that record none. Empty (and 0) for a tenant merge: see `parts`.
  std::vector<std::string> partition_names;
  std::vector<std::int64_t> partition_jobs;
  std::int64_t no_partition = 0;
  // With trace.partitions = trace: each recorded partition's index in sched.partitions.
  std::vector<std::int8_t> partition_index;
};

// The files of `cfg.file`, split at spaces.
std::vector<std::string> trace_files(const TraceConfig& cfg);

// With `recorded_waits` (one file only; left empty for several): the recorded queue wait
// (TraceJob::wait_s, -1 unknown) of each job to replay, in replay order (job id order).
TraceScan scan_trace(const TraceConfig& cfg, std::int64_t fleet_gpus,
                     std::vector<double>* recorded_waits = nullptr);

// One replayed job; exposed for tests.
JobSpec fit_job(const TraceConfig& cfg, const TraceScan& scan, const TraceJob& row);

class TraceJobSource final : public JobSource {
 public:
  // `scan` comes from scan_trace with the same configuration.
  TraceJobSource(const TraceConfig& cfg, const TraceScan& scan, core::Time end);
  ~TraceJobSource() override;
  bool next(JobSpec& job) override;

 private:
  TraceConfig cfg_;
  TraceScan scan_;
  core::Time end_;
  std::unique_ptr<OrderedJobs> rows_;                   // one trace, read again (no scan.rows)
  std::size_t next_row_ = 0;                            // one trace, from scan.rows
  std::vector<std::unique_ptr<TraceJobSource>> parts_;  // tenant merge: one source per trace
  std::vector<JobSpec> heads_;
  std::vector<bool> has_head_;
};

}  // namespace fleetsim::traces
