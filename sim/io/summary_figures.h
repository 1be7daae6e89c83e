// The headline figures of one run, computed once, here, from the columns of its datasets, and
// written to /summary, /summary_by_class and /summary_largest_jobs (docs/output.md defines each
// figure; sim/io/columns.cc declares their datasets). The terminal table, slurm/collect and
// analysis/ read them from the file instead of computing them again.
#pragma once
#include <cstdint>
#include <utility>
#include <vector>

#include "sim/io/cost_figures.h"

namespace fleetsim::io {

inline constexpr double kSlowdownBoundSeconds = 10;  // bounded slowdown's runtime floor
inline constexpr std::int32_t kGangGpus = 16;        // ETTR of "gangs": jobs of >= 16 GPUs
inline constexpr std::size_t kLargestJobs = 5;       // rows of /summary_largest_jobs
inline constexpr int kJobClasses = 6;                // core::JobClass 0..5: rows of by_class

// What the figures are computed from: the datasets' columns in row order, as written.
struct RunColumns {
  double duration = 0;          // root attribute `duration`, s
  std::int64_t total_gpus = 0;  // root attribute `total_gpus`
  // /jobs (row = id)
  std::vector<std::int8_t> state, job_class, shrunk;
  std::vector<std::int32_t> gpus_requested, gpus, gpus_allocated, restarts;
  std::vector<double> submit_time, start_time, end_time, runtime, useful_gpu_seconds,
      lost_gpu_seconds, allocated_gpu_seconds, degraded, contended;
  std::vector<std::int32_t> preemptions;  // empty in files before preemption
  std::vector<double> preempted_gpu_seconds;
  std::vector<std::int32_t> sites;  // empty in files before spanning sites (7)
  std::vector<double> held_gpu_seconds;
  std::vector<double> checkpoint_gpu_seconds, exposed_comm_share;  // empty: no breakdown
  std::vector<std::int32_t> moves;  // empty in files before sched.migrate_queued
  std::vector<double> switch_wait;  // empty in files before sched.switches (9)
  std::vector<std::int32_t> elastic_shrinks, elastic_grows;  // empty before failures.recovery (10)
  std::vector<double> elastic_shrunk_gpu_seconds;
  std::vector<std::int32_t> migrations;  // empty before sched.migrate_interrupted (11)
  std::vector<double> migrate_seconds;
  // /clusters (row = cluster)
  std::vector<std::int64_t> cluster_gpus, node_failures;
  std::vector<double> busy_gpu_seconds;
  // /failures (row order: by cluster, then detection)
  std::vector<std::int32_t> failure_cluster, failure_jobs_interrupted, failure_jobs_slowed,
      failure_nodes_down;
  std::vector<std::int8_t> failure_component;
  std::vector<double> failure_lost_gpu_seconds;
  // The layout's networks, prices and [cost] options (sim/io/cost_figures.h).
  CostInputs cost;
};

// One /jobs row as the figures read it: the columns of RunColumns' /jobs part, at one row. A
// column missing from an older file reads as 0 (adding nothing to a sum); `breakdown` says whether
// the columns of where a job's time went were all there.
struct JobRow {
  std::int8_t state = 0, job_class = 0, shrunk = 0;
  std::int32_t gpus_requested = 0, gpus = 0, gpus_allocated = 0, restarts = 0, preemptions = 0,
               sites = 0, moves = 0, elastic_shrinks = 0, elastic_grows = 0, migrations = 0;
  double submit_time = 0, start_time = 0, end_time = 0, runtime = 0, useful_gpu_seconds = 0,
         lost_gpu_seconds = 0, allocated_gpu_seconds = 0, degraded = 0, contended = 0,
         preempted_gpu_seconds = 0, held_gpu_seconds = 0, checkpoint_gpu_seconds = 0,
         exposed_comm_share = 0, switch_wait = 0, elastic_shrunk_gpu_seconds = 0,
         migrate_seconds = 0;
  bool breakdown = true;
};

// The /jobs columns the figures read, each once: its name in the file, its field of JobRow, its
// column of RunColumns, and whether every file has it (the others may be empty: older files).
// The writer (which columns to keep), the gatherer and both ways of making a row read this list.
template <class F>
void for_each_job_column(F&& f) {
  f("state", &JobRow::state, &RunColumns::state, true);
  f("job_class", &JobRow::job_class, &RunColumns::job_class, true);
  f("shrunk", &JobRow::shrunk, &RunColumns::shrunk, true);
  f("gpus_requested", &JobRow::gpus_requested, &RunColumns::gpus_requested, true);
  f("gpus", &JobRow::gpus, &RunColumns::gpus, true);
  f("gpus_allocated", &JobRow::gpus_allocated, &RunColumns::gpus_allocated, true);
  f("restarts", &JobRow::restarts, &RunColumns::restarts, true);
  f("submit_time", &JobRow::submit_time, &RunColumns::submit_time, true);
  f("start_time", &JobRow::start_time, &RunColumns::start_time, true);
  f("end_time", &JobRow::end_time, &RunColumns::end_time, true);
  f("runtime", &JobRow::runtime, &RunColumns::runtime, true);
  f("useful_gpu_seconds", &JobRow::useful_gpu_seconds, &RunColumns::useful_gpu_seconds, true);
  f("lost_gpu_seconds", &JobRow::lost_gpu_seconds, &RunColumns::lost_gpu_seconds, true);
  f("allocated_gpu_seconds", &JobRow::allocated_gpu_seconds, &RunColumns::allocated_gpu_seconds,
    true);
  f("degraded", &JobRow::degraded, &RunColumns::degraded, false);
  f("contended", &JobRow::contended, &RunColumns::contended, false);
  f("preemptions", &JobRow::preemptions, &RunColumns::preemptions, false);
  f("preempted_gpu_seconds", &JobRow::preempted_gpu_seconds, &RunColumns::preempted_gpu_seconds,
    false);
  f("sites", &JobRow::sites, &RunColumns::sites, false);
  f("held_gpu_seconds", &JobRow::held_gpu_seconds, &RunColumns::held_gpu_seconds, false);
  f("checkpoint_gpu_seconds", &JobRow::checkpoint_gpu_seconds, &RunColumns::checkpoint_gpu_seconds,
    false);
  f("exposed_comm_share", &JobRow::exposed_comm_share, &RunColumns::exposed_comm_share, false);
  f("moves", &JobRow::moves, &RunColumns::moves, false);
  f("switch_wait", &JobRow::switch_wait, &RunColumns::switch_wait, false);
  f("elastic_shrinks", &JobRow::elastic_shrinks, &RunColumns::elastic_shrinks, false);
  f("elastic_grows", &JobRow::elastic_grows, &RunColumns::elastic_grows, false);
  f("elastic_shrunk_gpu_seconds", &JobRow::elastic_shrunk_gpu_seconds,
    &RunColumns::elastic_shrunk_gpu_seconds, false);
  f("migrations", &JobRow::migrations, &RunColumns::migrations, false);
  f("migrate_seconds", &JobRow::migrate_seconds, &RunColumns::migrate_seconds, false);
}

// /summary: one row. NaN marks a figure over an empty sample (no started job, ...).
struct SummaryFigures {
  std::int64_t jobs = 0, jobs_completed = 0, jobs_running = 0, jobs_queued = 0, jobs_rejected = 0,
               jobs_ended_as_recorded = 0, jobs_shrunk = 0, jobs_started = 0;
  double utilization = 0, goodput = 0;
  double useful_gpu_hours = 0, lost_gpu_hours = 0;
  double wait_mean_h = 0, wait_p50_h = 0, wait_p90_h = 0, wait_p99_h = 0, wait_max_h = 0;
  double bounded_slowdown_mean = 0;
  double ettr_gangs_mean = 0;
  std::int64_t interruptions = 0, node_failures = 0;
  std::int64_t largest_cluster_gpus = 0;
  std::int64_t largest_job_id = -1, largest_job_gpus = 0;
  std::int8_t largest_job_state = -1;
  double largest_job_progress = 0, largest_job_days = 0;
  std::int8_t largest_job_projected = 0;
  double largest_jobs_days_mean = 0;
  // Cost and power (sim/io/cost_figures.cc): sums over the clusters' /fabric rows, then money.
  std::int8_t network_modelled = 0;
  std::int64_t servers = 0, leaf_switches = 0, spine_switches = 0, core_switches = 0,
               tier4_switches = 0, switches = 0, links = 0, optical_links = 0, transceivers = 0;
  double capex_usd = 0, network_capex_usd = 0;
  double it_power_mw = 0, network_power_mw = 0, facility_power_mw = 0, energy_mwh = 0;
  std::int64_t failures = 0;
  double manual_incidents = 0, manual_incidents_per_day = 0;
  double capex_amortized_usd = 0, energy_usd = 0, operations_usd = 0, own_cost_usd = 0;
  double usd_per_useful_gpu_hour = 0, own_usd_per_gpu_hour = 0, rent_usd = 0;
  double break_even_utilization = 0;
  double degraded_gpu_hours = 0;  // sum of /jobs gpus_allocated x degraded / 3600
  std::int64_t jobs_timed_out = 0;
  double contention_gpu_hours = 0;            // sum of /jobs gpus_allocated x contended / 3600
  std::int64_t preemptions = 0;               // sum of /jobs preemptions
  double preempted_gpu_hours = 0;             // sum of /jobs preempted_gpu_seconds / 3600
  std::int64_t jobs_spanning = 0;             // jobs with sites > 1
  double held_gpu_hours = 0;                  // sum of /jobs held_gpu_seconds / 3600
  std::int64_t jobs_moved = 0;                // sum of /jobs moves
  std::int64_t jobs_waited_for_switches = 0;  // jobs with switch_wait > 0
  double switch_wait_hours = 0;               // sum of /jobs switch_wait / 3600
  std::int64_t elastic_shrinks = 0;           // sum of /jobs elastic_shrinks
  std::int64_t elastic_grows = 0;             // sum of /jobs elastic_grows
  double elastic_shrunk_gpu_hours = 0;        // sum of /jobs elastic_shrunk_gpu_seconds / 3600
  std::int64_t migrations = 0;                // sum of /jobs migrations
  double migrate_hours = 0;                   // sum of /jobs migrate_seconds / 3600
};

// /summary_by_class: one row per job class (row = class), every class present.
struct ClassFigures {
  std::int8_t job_class = 0;
  std::int64_t jobs = 0, jobs_completed = 0;
  double lost_gpu_hours = 0;
  double ettr_mean = 0;
};

// /summary_largest_jobs: the jobs requesting the most GPUs, largest first.
struct LargestJob {
  std::int64_t job = 0;
  std::int32_t gpus_requested = 0;
  std::int8_t state = 0;
  double progress = 0;
  double days = 0;
  std::int8_t projected = 0;
  // Where its time went, per GPU it held, in days from submission to its end (or the run's):
  // these seven add up to it (docs/output.md, /summary_largest_jobs). NaN in files before 7.
  double goodput = 0;
  double waiting_days = 0, held_days = 0, computing_days = 0, communicating_days = 0,
         checkpointing_days = 0, lost_days = 0, slowed_days = 0;
};

struct RunFigures {
  SummaryFigures summary;
  std::vector<ClassFigures> by_class;
  std::vector<LargestJob> largest_jobs;
  std::vector<FabricRow> fabric;               // one per cluster
  std::vector<ComponentFigures> by_component;  // one per component kind
};

// The figures of /jobs, from its rows taken one at a time in row (= job id) order: what a run's
// figures need of every job is summed as it goes, so its jobs need not be held as columns (a
// 10M-job replay cannot afford a copy beside the records; bench/README.md, "Trace readers").
// Holds per job only the queue wait of a started job (the wait quantiles), and the largest jobs'
// rows.
class JobFigures {
 public:
  explicit JobFigures(double duration) : duration_(duration) {}
  void add(const JobRow& row);  // the row of job id `rows()`
  std::int64_t rows() const { return next_; }
  // The jobs' part of the figures: out.summary's job fields, out.by_class, out.largest_jobs.
  void finish(RunFigures& out) &&;

 private:
  double duration_;
  std::int64_t next_ = 0;
  SummaryFigures s_;
  std::vector<ClassFigures> by_class_ = std::vector<ClassFigures>(kJobClasses);
  std::vector<double> class_ettr_sum_ = std::vector<double>(kJobClasses, 0.0);
  std::vector<std::int64_t> class_ettr_n_ = std::vector<std::int64_t>(kJobClasses, 0);
  double useful_ = 0, allocated_ = 0, lost_ = 0, degraded_ = 0, contended_ = 0, slowdown_sum_ = 0,
         gang_ettr_sum_ = 0, elastic_shrunk_ = 0, migrate_seconds_ = 0;
  std::int64_t gang_ettr_n_ = 0;
  std::vector<double> waits_;                             // h, of started jobs in row order
  std::vector<std::pair<std::int64_t, JobRow>> largest_;  // the kLargestJobs largest, largest first
};

// The JobFigures of run's /jobs columns. Throws std::invalid_argument when they differ in length.
JobFigures job_figures(const RunColumns& run);

// Throws std::invalid_argument when the /jobs, /clusters or /failures columns differ in length,
// or when there are networks but not one per cluster.
RunFigures compute_figures(const RunColumns& run);

// The same with the /jobs part already summed in `jobs` (every row added); run's /jobs columns
// are not read.
RunFigures compute_figures(const RunColumns& run, JobFigures&& jobs);

// The cost, power and failure-by-component part of compute_figures (sim/io/cost_figures.cc):
// fills out.fabric, out.by_component and the cost fields of out.summary, whose useful_gpu_hours
// must already be set.
void add_cost_figures(const RunColumns& run, RunFigures& out);

}  // namespace fleetsim::io
