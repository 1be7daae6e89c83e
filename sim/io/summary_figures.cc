#include "sim/io/summary_figures.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "sim/io/quantile.h"

namespace fleetsim::io {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Job states as /jobs/state writes them (model::JobState); sim/io reads the file's values.
constexpr std::int8_t kCompleted = 0, kRunning = 1, kQueued = 2, kRejected = 3, kTimeout = 6;

double mean(double sum, std::int64_t n) { return n > 0 ? sum / static_cast<double>(n) : kNaN; }

void check_lengths(const RunColumns& r) {
  const std::size_t n = r.state.size();
  for (std::size_t len :
       {r.job_class.size(), r.shrunk.size(), r.gpus_requested.size(), r.gpus.size(),
        r.gpus_allocated.size(), r.restarts.size(), r.submit_time.size(), r.start_time.size(),
        r.end_time.size(), r.runtime.size(), r.useful_gpu_seconds.size(), r.lost_gpu_seconds.size(),
        r.allocated_gpu_seconds.size()})
    if (len != n) throw std::invalid_argument("compute_figures: /jobs columns differ in length");
  if (r.node_failures.size() != r.cluster_gpus.size() ||
      r.busy_gpu_seconds.size() != r.cluster_gpus.size())
    throw std::invalid_argument("compute_figures: /clusters columns differ in length");
  const std::size_t f = r.failure_cluster.size();
  for (std::size_t len :
       {r.failure_jobs_interrupted.size(), r.failure_jobs_slowed.size(),
        r.failure_nodes_down.size(), r.failure_component.size(), r.failure_lost_gpu_seconds.size()})
    if (len != f)
      throw std::invalid_argument("compute_figures: /failures columns differ in length");
  if (!r.cost.networks.empty() && r.cost.networks.size() != r.cluster_gpus.size())
    throw std::invalid_argument("compute_figures: not one network per cluster");
}

// ETTR of completed job i: (useful GPU-seconds / GPUs held) / (end - first start). Only for jobs
// that held GPUs for some time (end > start).
bool has_ettr(const RunColumns& r, std::size_t i) {
  return r.state[i] == kCompleted && r.end_time[i] > r.start_time[i] && r.gpus_allocated[i] > 0;
}
double ettr(const RunColumns& r, std::size_t i) {
  return r.useful_gpu_seconds[i] / r.gpus_allocated[i] / (r.end_time[i] - r.start_time[i]);
}

LargestJob largest_job(const RunColumns& r, std::size_t i) {
  LargestJob j;
  j.job = static_cast<std::int64_t>(i);
  j.gpus_requested = r.gpus_requested[i];
  j.state = r.state[i];
  const double work = static_cast<double>(r.gpus_allocated[i]) * r.runtime[i];
  if (j.state == kCompleted) {
    j.progress = 1;
    j.days = (r.end_time[i] - r.submit_time[i]) / 86400.0;
  } else {
    j.progress = work > 0 ? std::min(1.0, r.useful_gpu_seconds[i] / work) : 0;
    j.days = j.progress > 0 ? (r.duration - r.submit_time[i]) / j.progress / 86400.0 : kNaN;
    j.projected = 1;
  }
  // The breakdown needs every column of it (files of version 7; exposed_comm_share since 5).
  const double gpus = r.gpus_allocated[i];
  const bool breakdown = gpus > 0 && i < r.held_gpu_seconds.size() &&
                         i < r.checkpoint_gpu_seconds.size() && i < r.exposed_comm_share.size() &&
                         i < r.degraded.size() && i < r.contended.size();
  const double day = 86400.0;
  if (!breakdown) {
    j.goodput = j.waiting_days = j.held_days = j.computing_days = j.communicating_days =
        j.checkpointing_days = j.lost_days = j.slowed_days = kNaN;
    return j;
  }
  const double useful = r.useful_gpu_seconds[i] / gpus,
               allocated = r.allocated_gpu_seconds[i] / gpus;
  const double end = r.end_time[i] >= 0 ? r.end_time[i] : r.duration;
  j.goodput = allocated > 0 ? useful / allocated : kNaN;
  j.held_days = r.held_gpu_seconds[i] / gpus / day;
  j.computing_days = useful * (1 - r.exposed_comm_share[i]) / day;
  j.communicating_days = useful * r.exposed_comm_share[i] / day;
  j.checkpointing_days = r.checkpoint_gpu_seconds[i] / gpus / day;
  j.lost_days = r.lost_gpu_seconds[i] / gpus / day;
  j.slowed_days = (r.degraded[i] + r.contended[i]) / day;
  j.waiting_days = std::max(0.0, (end - r.submit_time[i]) / day - allocated / day - j.held_days);
  return j;
}

}  // namespace

RunFigures compute_figures(const RunColumns& r) {
  check_lengths(r);
  RunFigures out;
  SummaryFigures& s = out.summary;
  out.by_class.resize(kJobClasses);
  for (int c = 0; c < kJobClasses; ++c) out.by_class[c].job_class = static_cast<std::int8_t>(c);
  std::vector<double> class_ettr_sum(kJobClasses, 0.0);
  std::vector<std::int64_t> class_ettr_n(kJobClasses, 0);

  const std::size_t n = r.state.size();
  double useful = 0, allocated = 0, lost = 0, degraded = 0, contended = 0, slowdown_sum = 0,
         gang_ettr_sum = 0;
  std::int64_t gang_ettr_n = 0;
  std::vector<double> waits;
  waits.reserve(n);
  s.jobs = static_cast<std::int64_t>(n);
  for (std::size_t i = 0; i < n; ++i) {
    switch (r.state[i]) {
      case kCompleted:
        ++s.jobs_completed;
        break;
      case kRunning:
        ++s.jobs_running;
        break;
      case kQueued:
        ++s.jobs_queued;
        break;
      case kRejected:
        ++s.jobs_rejected;
        break;
      case kTimeout:
        ++s.jobs_timed_out;
        break;
      default:  // 4 failed, 5 cancelled: ended as the trace recorded
        ++s.jobs_ended_as_recorded;
        break;
    }
    s.jobs_shrunk += r.shrunk[i] != 0;
    s.interruptions += r.restarts[i];
    useful += r.useful_gpu_seconds[i];
    allocated += r.allocated_gpu_seconds[i];
    lost += r.lost_gpu_seconds[i];
    if (i < r.degraded.size()) degraded += r.degraded[i] * r.gpus_allocated[i];
    if (i < r.contended.size()) contended += r.contended[i] * r.gpus_allocated[i];
    if (i < r.preemptions.size()) s.preemptions += r.preemptions[i];
    if (i < r.preempted_gpu_seconds.size()) s.preempted_gpu_hours += r.preempted_gpu_seconds[i];
    if (i < r.sites.size()) s.jobs_spanning += r.sites[i] > 1;
    if (i < r.held_gpu_seconds.size()) s.held_gpu_hours += r.held_gpu_seconds[i];
    if (i < r.moves.size()) s.jobs_moved += r.moves[i];
    if (i < r.switch_wait.size()) {
      s.jobs_waited_for_switches += r.switch_wait[i] > 0;
      s.switch_wait_hours += r.switch_wait[i];
    }
    if (r.start_time[i] >= 0) waits.push_back((r.start_time[i] - r.submit_time[i]) / 3600.0);
    if (r.state[i] == kCompleted)
      slowdown_sum +=
          std::max(1.0, (r.end_time[i] - r.submit_time[i]) /
                            std::max(r.end_time[i] - r.start_time[i], kSlowdownBoundSeconds));
    const int c = r.job_class[i];
    const bool known_class = c >= 0 && c < kJobClasses;
    if (known_class) {
      ClassFigures& cf = out.by_class[c];
      ++cf.jobs;
      cf.jobs_completed += r.state[i] == kCompleted;
      cf.lost_gpu_hours += r.lost_gpu_seconds[i] / 3600.0;
    }
    if (has_ettr(r, i)) {
      const double e = ettr(r, i);
      if (known_class) {
        class_ettr_sum[c] += e;
        ++class_ettr_n[c];
      }
      if (r.gpus[i] >= kGangGpus) {
        gang_ettr_sum += e;
        ++gang_ettr_n;
      }
    }
  }
  for (int c = 0; c < kJobClasses; ++c)
    out.by_class[c].ettr_mean = mean(class_ettr_sum[c], class_ettr_n[c]);

  double busy = 0;
  for (double b : r.busy_gpu_seconds) busy += b;
  for (std::int64_t f : r.node_failures) s.node_failures += f;
  for (std::int64_t g : r.cluster_gpus)
    s.largest_cluster_gpus = std::max(s.largest_cluster_gpus, g);
  const double capacity = static_cast<double>(r.total_gpus) * r.duration;
  s.utilization = capacity > 0 ? busy / capacity : kNaN;
  s.goodput = allocated > 0 ? useful / allocated : kNaN;
  s.useful_gpu_hours = useful / 3600.0;
  s.lost_gpu_hours = lost / 3600.0;
  s.degraded_gpu_hours = degraded / 3600.0;
  s.contention_gpu_hours = contended / 3600.0;
  s.preempted_gpu_hours /= 3600.0;
  s.held_gpu_hours /= 3600.0;
  s.switch_wait_hours /= 3600.0;
  s.elastic_shrinks = r.elastic_shrinks;
  s.elastic_grows = r.elastic_grows;
  s.migrations = r.migrations;
  s.elastic_shrunk_gpu_hours = r.elastic_shrunk_gpu_seconds / 3600.0;
  s.migrate_hours = r.migrate_seconds / 3600.0;
  s.bounded_slowdown_mean = mean(slowdown_sum, s.jobs_completed);
  s.ettr_gangs_mean = mean(gang_ettr_sum, gang_ettr_n);

  s.jobs_started = static_cast<std::int64_t>(waits.size());
  double wait_sum = 0;
  for (double w : waits) wait_sum += w;  // in row order, before sorting: the documented sum
  s.wait_mean_h = mean(wait_sum, s.jobs_started);
  std::sort(waits.begin(), waits.end());
  s.wait_p50_h = nearest_rank(waits, 50);
  s.wait_p90_h = nearest_rank(waits, 90);
  s.wait_p99_h = nearest_rank(waits, 99);
  s.wait_max_h = nearest_rank(waits, 100);

  // Largest jobs: most GPUs requested, the lower id first among equals (a total order, so the
  // first k are unique). Kept in one pass over the rows: no index array of every job.
  auto larger = [&](std::size_t a, std::size_t b) {
    return r.gpus_requested[a] != r.gpus_requested[b] ? r.gpus_requested[a] > r.gpus_requested[b]
                                                      : a < b;
  };
  const std::size_t k = std::min(kLargestJobs, n);
  std::vector<std::size_t> order;  // the k largest so far, largest first
  for (std::size_t i = 0; i < n; ++i) {
    if (order.size() == k && !larger(i, order.back())) continue;
    if (order.size() == k) order.pop_back();
    order.insert(std::upper_bound(order.begin(), order.end(), i, larger), i);
  }
  double days_sum = 0;
  std::int64_t days_n = 0;
  for (std::size_t j = 0; j < k; ++j) {
    out.largest_jobs.push_back(largest_job(r, order[j]));
    if (!std::isnan(out.largest_jobs.back().days)) {
      days_sum += out.largest_jobs.back().days;
      ++days_n;
    }
  }
  s.largest_jobs_days_mean = mean(days_sum, days_n);
  if (k > 0) {
    const LargestJob& top = out.largest_jobs.front();
    s.largest_job_id = top.job;
    s.largest_job_gpus = top.gpus_requested;
    s.largest_job_state = top.state;
    s.largest_job_progress = top.progress;
    s.largest_job_days = top.days;
    s.largest_job_projected = top.projected;
  } else {
    s.largest_job_progress = kNaN;
    s.largest_job_days = kNaN;
  }
  add_cost_figures(r, out);
  return out;
}

}  // namespace fleetsim::io
