#include "traces/trace_fit.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "traces/limits.h"
#include "traces/row_error.h"
#include "traces/text.h"

namespace fleetsim::traces {

std::vector<std::pair<std::string, std::string>> parse_partition_map(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    const auto colon = word.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == word.size() ||
        word.find(':', colon + 1) != std::string::npos)
      throw std::invalid_argument("trace.partition_map: '" + word + "' is not RECORDED:PARTITION");
    std::string from = word.substr(0, colon);
    for (const auto& [f, t] : out)
      if (f == from)
        throw std::invalid_argument("trace.partition_map: '" + from + "' is mapped twice");
    out.emplace_back(std::move(from), word.substr(colon + 1));
  }
  return out;
}

void validate(const TraceConfig& cfg) {
  char buf[200];
  auto fail = [&](const char* fmt, auto... v) {
    std::snprintf(buf, sizeof buf, fmt, v...);
    throw std::invalid_argument(buf);
  };
  if (!factor_ok(cfg.devices_per_gpu))
    fail("trace.devices_per_gpu must be in %g..%g (got %g)", kMinFactor, kMaxFactor,
         cfg.devices_per_gpu);
  if (!factor_ok(cfg.size_scale))
    fail("trace.size_scale must be in %g..%g (got %g)", kMinFactor, kMaxFactor, cfg.size_scale);
  if (cfg.offered_load != 0 && !factor_ok(cfg.offered_load))
    fail("trace.offered_load must be 0 (recorded times) or in %g..%g (got %g)", kMinFactor,
         kMaxFactor, cfg.offered_load);
  if (!(cfg.window_start_s >= 0 && cfg.window_start_s <= kMaxSeconds))
    fail("trace.window_start must be in 0..%g s (got %g s)", kMaxSeconds, cfg.window_start_s);
  if (cfg.window_end_s >= 0 && cfg.window_end_s > kMaxSeconds)
    fail("trace.window_end must be at most %g s or end (got %g s)", kMaxSeconds, cfg.window_end_s);
  if (cfg.window_end_s >= 0 && cfg.window_end_s <= cfg.window_start_s)
    fail("trace.window_end must be after trace.window_start");
  if (cfg.partitions == TraceConfig::Partitions::kTrace && cfg.fleet_partitions.empty())
    throw std::invalid_argument(
        "trace.partitions = trace needs sched.partitions: the partitions jobs are replayed into");
  for (const auto& [from, to] : parse_partition_map(cfg.partition_map))
    if (std::find(cfg.fleet_partitions.begin(), cfg.fleet_partitions.end(), to) ==
        cfg.fleet_partitions.end())
      throw std::invalid_argument("trace.partition_map: '" + from + ":" + to + "': '" + to +
                                  "' is not a partition of sched.partitions");
}

namespace {

// Jobs that never ran or hold no GPU (CPU jobs of a GPU cluster) are not replayed; the scan
// counts them.
bool replayable(const TraceConfig& cfg, const TraceJob& row) {
  return row.started && row.devices > 0 && !(cfg.skip_zero_runtime && row.runtime_s <= 0);
}

// The run time replayed: as recorded, or cut at the requested time (trace.over_limit).
double recorded_runtime(const TraceConfig& cfg, const TraceJob& row) {
  return cfg.truncate_to_limit && row.time_limit_s > 0 ? std::min(row.runtime_s, row.time_limit_s)
                                                       : row.runtime_s;
}

bool in_window(const TraceConfig& cfg, double submit) {
  return submit >= cfg.window_start_s && (cfg.window_end_s < 0 || submit < cfg.window_end_s);
}

// Round up: a job on 12 processors at 8 per GPU needs 2 GPUs. The epsilon keeps 16/8 at 2.
double gpus_of(const TraceConfig& cfg, double devices) {
  return std::max(1.0, std::ceil(devices / cfg.devices_per_gpu * cfg.size_scale - 1e-9));
}

// After check_fit: within kMaxJobGpus.
std::int64_t mapped_gpus(const TraceConfig& cfg, double devices) {
  return static_cast<std::int64_t>(gpus_of(cfg, devices));
}

// Jobs on a fraction of a GPU: with trace.fractional = scale_runtime they take a whole GPU for
// that fraction of their run time (the GPU-time they would use if packed), else round up.
double runtime_factor(const TraceConfig& cfg, double devices) {
  const double g = devices / cfg.devices_per_gpu * cfg.size_scale;
  return cfg.fractional == TraceConfig::Fractional::kScaleRuntime && g > 0 && g < 1 ? g : 1.0;
}

// A replayed job's size and times must stay what the simulator can represent (limits.h) once
// the options have scaled them; the reader checked the recorded values.
void check_fit(const TraceConfig& cfg, const TraceJob& row, const TraceReader& reader) {
  char buf[320];
  auto fail = [&](const char* fmt, auto... v) {
    std::snprintf(buf, sizeof buf, fmt, v...);
    throw TraceError(reader.where(row.line) + ": " + buf);
  };
  const double gpus = gpus_of(cfg, row.devices);
  if (gpus > static_cast<double>(kMaxJobGpus))
    fail(
        "field devices: %g devices at trace.devices_per_gpu %g and trace.size_scale %g make "
        "%g GPUs, more than the %lld one job can have",
        row.devices, cfg.devices_per_gpu, cfg.size_scale, gpus,
        static_cast<long long>(kMaxJobGpus));
  const double factor = runtime_factor(cfg, row.devices) / cfg.size_scale;
  const double runtime = recorded_runtime(cfg, row) * factor;
  if (runtime > kMaxSeconds)
    fail(
        "field runtime: %g s at trace.size_scale %g is %g s, longer than the %g s a replay "
        "can hold",
        recorded_runtime(cfg, row), cfg.size_scale, runtime, kMaxSeconds);
  if (row.time_limit_s * factor > kMaxSeconds)
    fail(
        "field time_limit: %g s at trace.size_scale %g is %g s, longer than the %g s a replay "
        "can hold",
        row.time_limit_s, cfg.size_scale, row.time_limit_s * factor, kMaxSeconds);
}

constexpr std::int8_t kUnmapped = -2;

// With trace.partitions = trace, the index in sched.partitions of each partition the rows
// recorded, looked up once per name (after trace.partition_map). A name that is none of them is
// bad input, reported at the first row that records it.
void map_partition(const TraceConfig& cfg, const TraceJob& row, const TraceReader& reader,
                   TraceScan& scan) {
  const auto& names = reader.partition_names();
  if (row.partition < 0) {
    ++scan.no_partition;
    return;
  }
  const auto k = static_cast<std::size_t>(row.partition);
  if (scan.partition_names.size() < names.size()) {
    scan.partition_names.assign(names.begin(), names.end());
    scan.partition_jobs.resize(names.size());
  }
  ++scan.partition_jobs[k];
  if (cfg.partitions != TraceConfig::Partitions::kTrace ||
      (k < scan.partition_index.size() && scan.partition_index[k] != kUnmapped))
    return;
  std::string name = names[k];
  for (const auto& [from, to] : parse_partition_map(cfg.partition_map))
    if (from == name) name = to;
  const auto& fleet = cfg.fleet_partitions;
  const auto at = std::find(fleet.begin(), fleet.end(), name);
  if (at == fleet.end())
    throw TraceError(field_message(
        reader.where(row.line), {reader.partition_field(),
                                 quote(names[k]) + " is not a partition of sched.partitions" +
                                     (name != names[k] ? " (mapped to " + quote(name) + ")" : "") +
                                     " and trace.partition_map does not map it to one"}));
  // Rows may come out of file order (OrderedJobs): names seen by the reader but not yet by a
  // row here are looked up when one comes.
  if (scan.partition_index.size() <= k) scan.partition_index.resize(k + 1, kUnmapped);
  scan.partition_index[k] = static_cast<std::int8_t>(at - fleet.begin());
}

// Load scaling stretches the submit span by the time scale: it must stay representable.
void check_span(const TraceConfig& cfg, const TraceScan& scan) {
  const double span = (scan.last_submit_s - scan.first_submit_s) * scan.time_scale;
  if (span <= kMaxSeconds) return;
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "trace.offered_load %g stretches the submit span of %g s by %g to %g s, longer "
                "than the %g s a replay can hold",
                cfg.offered_load, scan.last_submit_s - scan.first_submit_s, scan.time_scale, span,
                kMaxSeconds);
  throw TraceError(scan.file + ": " + buf);
}

}  // namespace

std::vector<std::string> trace_files(const TraceConfig& cfg) {
  std::vector<std::string> out;
  std::string f;
  std::istringstream in(cfg.file);
  while (in >> f) out.push_back(f);
  return out;
}

namespace {

// One file: its rows in the window, mapped to GPUs, without load scaling.
TraceScan scan_one(const TraceConfig& cfg, const std::string& file, std::vector<double>* waits) {
  TraceScan scan;
  OrderedJobs rows(open_trace(parse_trace_spec(file), cfg.read));
  auto kept = std::make_shared<KeptRows>();
  TraceJob row;
  bool first = true;
  while (rows.next(row)) {
    if (!in_window(cfg, row.submit_s)) {
      ++scan.outside_window;
      continue;
    }
    if (!row.started) {
      ++scan.never_started;
      continue;
    }
    if (!(row.devices > 0)) {
      ++scan.no_devices;
      continue;
    }
    if (cfg.skip_zero_runtime && row.runtime_s <= 0) {
      ++scan.zero_runtime;
      continue;
    }
    check_fit(cfg, row, rows.reader());
    map_partition(cfg, row, rows.reader(), scan);
    if (first) scan.first_submit_s = row.submit_s;
    first = false;
    scan.last_submit_s = row.submit_s;
    const std::int64_t gpus = mapped_gpus(cfg, row.devices);
    scan.gpu_seconds += static_cast<double>(gpus) * recorded_runtime(cfg, row) / cfg.size_scale *
                        runtime_factor(cfg, row.devices);
    scan.max_gpus = std::max(scan.max_gpus, gpus);
    ++scan.jobs;
    if (waits) waits->push_back(row.wait_s);
    if (kept && keeps_rows(static_cast<double>(scan.jobs))) {
      kept->push_back(row);
    } else if (kept) {
      kept.reset();  // too many: the replay reads the file again
    }
  }
  scan.rows = std::move(kept);
  scan.counts = rows.reader().counts();
  const auto& names = rows.reader().partition_names();
  scan.partition_names.assign(names.begin(), names.end());
  scan.partition_jobs.resize(names.size());
  scan.late = rows.late();
  scan.machine_devices = rows.reader().machine_devices();
  scan.format = rows.reader().format();
  scan.file = file;
  return scan;
}

}  // namespace

TraceScan scan_trace(const TraceConfig& cfg, std::int64_t fleet_gpus,
                     std::vector<double>* recorded_waits) {
  const auto files = trace_files(cfg);
  if (files.empty()) throw TraceError("trace: no file given");
  TraceScan scan;
  if (files.size() == 1) {
    scan = scan_one(cfg, files.front(), recorded_waits);
  } else {
    // Tenant merge: each trace starts at 0; together they span the longest of them.
    scan.format = "merged";
    scan.file = cfg.file;
    for (const auto& f : files) {
      TraceScan part = scan_one(cfg, f, nullptr);
      scan.jobs += part.jobs;
      scan.late += part.late;
      scan.outside_window += part.outside_window;
      scan.never_started += part.never_started;
      scan.no_devices += part.no_devices;
      scan.zero_runtime += part.zero_runtime;
      scan.gpu_seconds += part.gpu_seconds;
      scan.max_gpus = std::max(scan.max_gpus, part.max_gpus);
      scan.last_submit_s = std::max(scan.last_submit_s, part.last_submit_s - part.first_submit_s);
      scan.parts.push_back(std::move(part));
    }
  }
  const double span = scan.last_submit_s - scan.first_submit_s;
  if (span > 0 && fleet_gpus > 0)
    scan.recorded_load = scan.gpu_seconds / (static_cast<double>(fleet_gpus) * span);
  if (cfg.offered_load > 0) {
    if (!(scan.recorded_load > 0))
      throw TraceError(cfg.file +
                       ": trace.offered_load needs jobs with run time over a span of "
                       "submit times; this trace (window) has none");
    scan.time_scale = scan.recorded_load / cfg.offered_load;
  }
  for (auto& part : scan.parts) {
    part.time_scale = scan.time_scale;  // one clock for all tenants
    check_span(cfg, part);
  }
  if (scan.parts.empty()) check_span(cfg, scan);
  return scan;
}

JobSpec fit_job(const TraceConfig& cfg, const TraceScan& scan, const TraceJob& row) {
  JobSpec job;
  job.job_class = JobClass::kTrace;
  job.submit = core::from_seconds((row.submit_s - scan.first_submit_s) * scan.time_scale);
  job.gpus = static_cast<std::int32_t>(mapped_gpus(cfg, row.devices));
  const double factor = runtime_factor(cfg, row.devices) / cfg.size_scale;
  job.runtime = core::from_seconds(recorded_runtime(cfg, row) * factor);
  // Jobs are not killed at their limit (docs/model.md), so the scheduler's estimate is never
  // below what the job then runs; unknown limits are perfect estimates.
  const core::Time limit = row.time_limit_s > 0 ? core::from_seconds(row.time_limit_s * factor) : 0;
  job.time_limit = std::max(limit, job.runtime);
  job.tenant = std::max<std::int32_t>(0, row.tenant);
  job.recorded_outcome = static_cast<std::int8_t>(row.outcome);
  job.end_as_recorded = cfg.replay_outcomes &&
                        (row.outcome == Outcome::kFailed || row.outcome == Outcome::kCancelled);
  // The scan mapped every recorded partition of a replayed row (map_partition).
  if (cfg.partitions == TraceConfig::Partitions::kTrace && row.partition >= 0)
    job.partition = scan.partition_index.at(static_cast<std::size_t>(row.partition));
  return job;
}

TraceJobSource::TraceJobSource(const TraceConfig& cfg, const TraceScan& scan, core::Time end)
    : cfg_(cfg), scan_(scan), end_(end) {
  if (scan.parts.empty()) {
    if (!scan.rows)
      rows_ = std::make_unique<OrderedJobs>(open_trace(parse_trace_spec(scan.file), cfg.read));
    return;
  }
  for (const auto& part : scan.parts) {
    parts_.push_back(std::make_unique<TraceJobSource>(cfg, part, end));
    heads_.emplace_back();
    has_head_.push_back(parts_.back()->next(heads_.back()));
  }
}

TraceJobSource::~TraceJobSource() = default;

bool TraceJobSource::next(JobSpec& job) {
  if (!parts_.empty()) {
    // Tenant merge: the earliest head (ties: the lower trace index); its tenant is its trace.
    int best = -1;
    for (int i = 0; i < static_cast<int>(parts_.size()); ++i)
      if (has_head_[i] && (best < 0 || heads_[i].submit < heads_[best].submit)) best = i;
    if (best < 0) return false;
    job = heads_[best];
    job.tenant = best;
    has_head_[best] = parts_[best]->next(heads_[best]);
    return true;
  }
  if (scan_.rows) {  // the scan's rows: in the window and replayable, in replay order
    if (next_row_ == scan_.rows->size()) return false;
    job = fit_job(cfg_, scan_, (*scan_.rows)[next_row_++]);
    return job.submit < end_;
  }
  TraceJob row;
  while (rows_->next(row)) {
    // Rows come in submit order: past the window's end nothing more is replayed.
    if (cfg_.window_end_s >= 0 && row.submit_s >= cfg_.window_end_s) return false;
    if (!in_window(cfg_, row.submit_s) || !replayable(cfg_, row)) continue;  // counted by the scan
    job = fit_job(cfg_, scan_, row);
    return job.submit < end_;
  }
  return false;
}

}  // namespace fleetsim::traces
