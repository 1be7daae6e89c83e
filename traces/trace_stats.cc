#include "traces/trace_stats.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "traces/text.h"

namespace fleetsim::traces {

namespace {

// The lower median for an even count would differ from pandas' median; use the mean of the two
// middle values as pandas (and the published summaries) do.
double median(std::vector<double>& v) {
  if (v.empty()) return 0;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + mid, v.end());
  const double hi = v[mid];
  if (v.size() % 2) return hi;
  const double lo = *std::max_element(v.begin(), v.begin() + mid);
  return (lo + hi) / 2;
}

int outcome_index(Outcome o) {
  switch (o) {
    case Outcome::kCompleted:
      return 0;
    case Outcome::kFailed:
      return 1;
    case Outcome::kCancelled:
      return 2;
    case Outcome::kUnknown:
      break;
  }
  return 3;
}

}  // namespace

TraceStats trace_stats(const TraceSpec& spec, const ReadOptions& opts) {
  auto reader = open_trace(spec, opts);
  TraceStats s;
  s.path = spec.path;
  s.format = reader->format();
  std::vector<double> runtimes, waits, devices;
  double sum_run = 0, sum_wait = 0, sum_dev = 0;
  TraceJob j;
  bool first = true;
  while (reader->next(j)) {
    ++s.jobs;
    if (j.partition < 0) {
      ++s.no_partition_jobs;
    } else {
      const auto k = static_cast<std::size_t>(j.partition);
      if (s.partition_jobs.size() <= k) s.partition_jobs.resize(k + 1);
      ++s.partition_jobs[k];
    }
    s.first_submit_s = first ? j.submit_s : std::min(s.first_submit_s, j.submit_s);
    s.last_submit_s = first ? j.submit_s : std::max(s.last_submit_s, j.submit_s);
    first = false;
    if (!(j.devices > 0)) continue;
    // The published figures are over GPU jobs; in an SWF log every job has processors.
    ++s.device_jobs;
    devices.push_back(j.devices);
    sum_dev += j.devices;
    if (j.started) {  // run times of jobs that ran (openb's Pending pods never did)
      runtimes.push_back(j.runtime_s);
      sum_run += j.runtime_s;
      s.max_runtime_s = std::max(s.max_runtime_s, j.runtime_s);
    }
    s.max_devices = std::max(s.max_devices, j.devices);
    if (j.wait_s >= 0) {
      waits.push_back(j.wait_s);
      sum_wait += j.wait_s;
    }
    const int k = outcome_index(j.outcome);
    ++s.outcome_jobs[k];
    s.outcome_device_seconds[k] += j.devices * j.runtime_s;
    s.device_seconds += j.devices * j.runtime_s;
  }
  s.counts = reader->counts();
  s.partition_names = reader->partition_names();
  s.partition_jobs.resize(s.partition_names.size());
  s.machine_devices = reader->machine_devices();
  s.waited_jobs = static_cast<std::int64_t>(waits.size());
  if (s.device_jobs > 0) {
    if (!runtimes.empty()) s.mean_runtime_s = sum_run / static_cast<double>(runtimes.size());
    s.mean_devices = sum_dev / s.device_jobs;
  }
  if (!waits.empty()) s.mean_wait_s = sum_wait / waits.size();
  s.median_runtime_s = median(runtimes);
  s.median_wait_s = median(waits);
  s.median_devices = median(devices);
  return s;
}

std::string format_stats(const TraceStats& s) {
  std::string out;
  char buf[256];
  auto line = [&](const char* name, const char* fmt, auto... v) {
    int n = std::snprintf(buf, sizeof buf, "%-26s ", name);
    std::snprintf(buf + n, sizeof buf - n, fmt, v...);
    out += buf;
    out += '\n';
  };
  auto share = [](double part, double whole) { return whole > 0 ? part / whole : 0.0; };
  line("file", "%s (%s)", s.path.c_str(), s.format.c_str());
  line("read", "%s", s.counts.describe().c_str());
  for (const auto& m : s.counts.first_skips) line("  skipped", "%s", m.c_str());
  if (s.machine_devices > 0) line("machine_devices", "%.0f", s.machine_devices);
  line("job_num", "%lld", static_cast<long long>(s.jobs));
  line("gpu_job_num", "%lld  (jobs with devices > 0)", static_cast<long long>(s.device_jobs));
  const double span = s.last_submit_s - s.first_submit_s;
  line("span_days", "%.3f  (first to last submit)", span / 86400.0);
  line("avg_run_time_gpu", "%.3f s", s.mean_runtime_s);
  line("med_run_time_gpu", "%.3f s", s.median_runtime_s);
  line("max_run_time_gpu", "%.3f s", s.max_runtime_s);
  line("avg_que_time_gpu", "%.3f s  (%lld jobs with a recorded wait)", s.mean_wait_s,
       static_cast<long long>(s.waited_jobs));
  line("med_que_time_gpu", "%.3f s", s.median_wait_s);
  line("avg_gpu_num", "%.3f", s.mean_devices);
  line("med_gpu_num", "%.3f", s.median_devices);
  line("max_gpu", "%.3f", s.max_devices);
  const double n = static_cast<double>(s.device_jobs);
  line("complete_rate_gpu", "%.4f", share(s.outcome_jobs[0], n));
  line("cancel_rate_gpu", "%.4f", share(s.outcome_jobs[2], n));
  line("fail_rate_gpu", "%.4f", share(s.outcome_jobs[1], n));
  line("unknown_rate_gpu", "%.4f  (outcome not recorded)", share(s.outcome_jobs[3], n));
  line("complete_gpu_time", "%.6g device*s", s.outcome_device_seconds[0]);
  line("cancel_gpu_time", "%.6g device*s", s.outcome_device_seconds[2]);
  line("fail_gpu_time", "%.6g device*s", s.outcome_device_seconds[1]);
  line("complete_rate_gpu_time", "%.4f", share(s.outcome_device_seconds[0], s.device_seconds));
  line("cancel_rate_gpu_time", "%.4f", share(s.outcome_device_seconds[2], s.device_seconds));
  line("fail_rate_gpu_time", "%.4f", share(s.outcome_device_seconds[1], s.device_seconds));
  if (s.machine_devices > 0 && span > 0)
    line("offered_load", "%.4f  (device time / (machine_devices x span))",
         s.device_seconds / (s.machine_devices * span));
  // Only for a trace that records partitions: the report of one that does not is unchanged.
  if (!s.partition_names.empty()) {
    line("partitions", "%zu  (%lld jobs record none)", s.partition_names.size(),
         static_cast<long long>(s.no_partition_jobs));
    for (std::size_t k = 0; k < s.partition_names.size(); ++k)
      line(("  partition " + quote(s.partition_names[k])).c_str(), "%lld jobs",
           static_cast<long long>(s.partition_jobs[k]));
  }
  return out;
}

}  // namespace fleetsim::traces
