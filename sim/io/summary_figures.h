// The headline figures of one run, computed once, here, from the columns of its datasets, and
// written to /summary, /summary_by_class and /summary_largest_jobs (docs/output.md defines each
// figure; sim/io/columns.cc declares their datasets). The terminal table, slurm/collect and
// analysis/ read them from the file instead of computing them again.
#pragma once
#include <cstdint>
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
  // Columns the summary only sums, summed in row order as they are read (0 in files before
  // failures.recovery, 10, and sched.migrate_interrupted, 11): not held per job, which a
  // 10M-job replay cannot afford beside the records (bench/README.md, "Trace readers").
  std::int64_t elastic_shrinks = 0, elastic_grows = 0, migrations = 0;
  double elastic_shrunk_gpu_seconds = 0, migrate_seconds = 0;
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

// Throws std::invalid_argument when the /jobs, /clusters or /failures columns differ in length,
// or when there are networks but not one per cluster.
RunFigures compute_figures(const RunColumns& run);

// The cost, power and failure-by-component part of compute_figures (sim/io/cost_figures.cc):
// fills out.fabric, out.by_component and the cost fields of out.summary, whose useful_gpu_hours
// must already be set.
void add_cost_figures(const RunColumns& run, RunFigures& out);

}  // namespace fleetsim::io
