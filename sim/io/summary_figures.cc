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

// ETTR of a completed job: (useful GPU-seconds / GPUs held) / (end - first start). Only for jobs
// that held GPUs for some time (end > start).
bool has_ettr(const JobRow& j) {
  return j.state == kCompleted && j.end_time > j.start_time && j.gpus_allocated > 0;
}
double ettr(const JobRow& j) {
  return j.useful_gpu_seconds / j.gpus_allocated / (j.end_time - j.start_time);
}

LargestJob largest_job(const JobRow& r, std::int64_t id, double duration) {
  LargestJob j;
  j.job = id;
  j.gpus_requested = r.gpus_requested;
  j.state = r.state;
  const double work = static_cast<double>(r.gpus_allocated) * r.runtime;
  if (j.state == kCompleted) {
    j.progress = 1;
    j.days = (r.end_time - r.submit_time) / 86400.0;
  } else {
    j.progress = work > 0 ? std::min(1.0, r.useful_gpu_seconds / work) : 0;
    j.days = j.progress > 0 ? (duration - r.submit_time) / j.progress / 86400.0 : kNaN;
    j.projected = 1;
  }
  // The breakdown needs every column of it (files of version 7; exposed_comm_share since 5).
  const double gpus = r.gpus_allocated;
  const double day = 86400.0;
  if (!(gpus > 0 && r.breakdown)) {
    j.goodput = j.waiting_days = j.held_days = j.computing_days = j.communicating_days =
        j.checkpointing_days = j.lost_days = j.slowed_days = kNaN;
    return j;
  }
  const double useful = r.useful_gpu_seconds / gpus, allocated = r.allocated_gpu_seconds / gpus;
  const double end = r.end_time >= 0 ? r.end_time : duration;
  j.goodput = allocated > 0 ? useful / allocated : kNaN;
  j.held_days = r.held_gpu_seconds / gpus / day;
  j.computing_days = useful * (1 - r.exposed_comm_share) / day;
  j.communicating_days = useful * r.exposed_comm_share / day;
  j.checkpointing_days = r.checkpoint_gpu_seconds / gpus / day;
  j.lost_days = r.lost_gpu_seconds / gpus / day;
  j.slowed_days = (r.degraded + r.contended) / day;
  j.waiting_days = std::max(0.0, (end - r.submit_time) / day - allocated / day - j.held_days);
  return j;
}

// Row i of the columns; a column an older file lacks reads as 0.
JobRow row_of(const RunColumns& r, std::size_t i) {
  JobRow row;
  for_each_job_column([&](std::string_view, auto field, auto column, bool) {
    const auto& values = r.*column;
    row.*field = i < values.size() ? values[i] : 0;
  });
  row.breakdown = i < r.held_gpu_seconds.size() && i < r.checkpoint_gpu_seconds.size() &&
                  i < r.exposed_comm_share.size() && i < r.degraded.size() &&
                  i < r.contended.size();
  return row;
}

}  // namespace

void JobFigures::add(const JobRow& r) {
  const std::int64_t id = next_++;
  SummaryFigures& s = s_;
  switch (r.state) {
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
  s.jobs_shrunk += r.shrunk != 0;
  s.interruptions += r.restarts;
  useful_ += r.useful_gpu_seconds;
  allocated_ += r.allocated_gpu_seconds;
  lost_ += r.lost_gpu_seconds;
  degraded_ += r.degraded * r.gpus_allocated;
  contended_ += r.contended * r.gpus_allocated;
  s.preemptions += r.preemptions;
  s.preempted_gpu_hours += r.preempted_gpu_seconds;  // seconds until finish(), as below
  s.jobs_spanning += r.sites > 1;
  s.held_gpu_hours += r.held_gpu_seconds;
  s.jobs_moved += r.moves;
  s.jobs_waited_for_switches += r.switch_wait > 0;
  s.switch_wait_hours += r.switch_wait;
  s.elastic_shrinks += r.elastic_shrinks;
  s.elastic_grows += r.elastic_grows;
  elastic_shrunk_ += r.elastic_shrunk_gpu_seconds;
  s.migrations += r.migrations;
  migrate_seconds_ += r.migrate_seconds;
  if (r.start_time >= 0) waits_.push_back((r.start_time - r.submit_time) / 3600.0);
  if (r.state == kCompleted)
    slowdown_sum_ += std::max(1.0, (r.end_time - r.submit_time) /
                                       std::max(r.end_time - r.start_time, kSlowdownBoundSeconds));
  const int c = r.job_class;
  const bool known_class = c >= 0 && c < kJobClasses;
  if (known_class) {
    ClassFigures& cf = by_class_[c];
    ++cf.jobs;
    cf.jobs_completed += r.state == kCompleted;
    cf.lost_gpu_hours += r.lost_gpu_seconds / 3600.0;
  }
  if (has_ettr(r)) {
    const double e = ettr(r);
    if (known_class) {
      class_ettr_sum_[c] += e;
      ++class_ettr_n_[c];
    }
    if (r.gpus >= kGangGpus) {
      gang_ettr_sum_ += e;
      ++gang_ettr_n_;
    }
  }
  // Largest jobs: most GPUs requested, the lower id first among equals (a total order, so the
  // first k are unique); rows come in id order, so a later row ranks after an equal one.
  auto larger = [&](const std::pair<std::int64_t, JobRow>& kept) {
    return r.gpus_requested > kept.second.gpus_requested;
  };
  if (largest_.size() == kLargestJobs && !larger(largest_.back())) return;
  if (largest_.size() == kLargestJobs) largest_.pop_back();
  auto at = std::find_if(largest_.begin(), largest_.end(), larger);
  largest_.insert(at, {id, r});
}

void JobFigures::finish(RunFigures& out) && {
  SummaryFigures& s = out.summary;
  s = s_;  // the counts and sums of add(); hours below are still seconds there
  s.jobs = next_;
  out.by_class = std::move(by_class_);
  for (int c = 0; c < kJobClasses; ++c) {
    out.by_class[c].job_class = static_cast<std::int8_t>(c);
    out.by_class[c].ettr_mean = mean(class_ettr_sum_[c], class_ettr_n_[c]);
  }
  s.goodput = allocated_ > 0 ? useful_ / allocated_ : kNaN;
  s.useful_gpu_hours = useful_ / 3600.0;
  s.lost_gpu_hours = lost_ / 3600.0;
  s.degraded_gpu_hours = degraded_ / 3600.0;
  s.contention_gpu_hours = contended_ / 3600.0;
  s.preempted_gpu_hours /= 3600.0;
  s.held_gpu_hours /= 3600.0;
  s.switch_wait_hours /= 3600.0;
  s.elastic_shrunk_gpu_hours = elastic_shrunk_ / 3600.0;
  s.migrate_hours = migrate_seconds_ / 3600.0;
  s.bounded_slowdown_mean = mean(slowdown_sum_, s.jobs_completed);
  s.ettr_gangs_mean = mean(gang_ettr_sum_, gang_ettr_n_);

  s.jobs_started = static_cast<std::int64_t>(waits_.size());
  double wait_sum = 0;
  for (double w : waits_) wait_sum += w;  // in row order, before sorting: the documented sum
  s.wait_mean_h = mean(wait_sum, s.jobs_started);
  std::sort(waits_.begin(), waits_.end());
  s.wait_p50_h = nearest_rank(waits_, 50);
  s.wait_p90_h = nearest_rank(waits_, 90);
  s.wait_p99_h = nearest_rank(waits_, 99);
  s.wait_max_h = nearest_rank(waits_, 100);
  std::vector<double>().swap(waits_);

  double days_sum = 0;
  std::int64_t days_n = 0;
  for (const auto& [id, row] : largest_) {
    out.largest_jobs.push_back(largest_job(row, id, duration_));
    if (!std::isnan(out.largest_jobs.back().days)) {
      days_sum += out.largest_jobs.back().days;
      ++days_n;
    }
  }
  s.largest_jobs_days_mean = mean(days_sum, days_n);
  if (!out.largest_jobs.empty()) {
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
}

JobFigures job_figures(const RunColumns& r) {
  check_lengths(r);
  JobFigures jobs(r.duration);
  for (std::size_t i = 0; i < r.state.size(); ++i) jobs.add(row_of(r, i));
  return jobs;
}

RunFigures compute_figures(const RunColumns& r) { return compute_figures(r, job_figures(r)); }

RunFigures compute_figures(const RunColumns& r, JobFigures&& jobs) {
  check_lengths(r);
  RunFigures out;
  std::move(jobs).finish(out);
  SummaryFigures& s = out.summary;
  double busy = 0;
  for (double b : r.busy_gpu_seconds) busy += b;
  for (std::int64_t f : r.node_failures) s.node_failures += f;
  for (std::int64_t g : r.cluster_gpus)
    s.largest_cluster_gpus = std::max(s.largest_cluster_gpus, g);
  const double capacity = static_cast<double>(r.total_gpus) * r.duration;
  s.utilization = capacity > 0 ? busy / capacity : kNaN;
  add_cost_figures(r, out);
  return out;
}

}  // namespace fleetsim::io
