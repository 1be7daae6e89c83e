#include "sim/io/summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "sim/io/h5_reader.h"
#include "sim/io/table_read.h"

namespace fleetsim::io {

Summary summarize(const std::string& path) {
  const H5Reader file(path);
  if (!file.has(std::string(summary_def().name)))
    throw std::runtime_error(path + ": no /" + std::string(summary_def().name) +
                             " (written before schema version 4)");
  Summary s;
  s.file = path;
  s.run = read_attributes(file, root_attributes_def());
  const auto rows = read_group(file, summary_def());
  if (rows.size() != 1)
    throw std::runtime_error(path + ": /summary has " + std::to_string(rows.size()) +
                             " rows, not 1");
  s.figures = rows.front();
  s.largest = read_group(file, summary_largest_jobs_def());
  return s;
}

std::string format_table(const std::vector<Summary>& runs) {
  std::string out;
  char buf[256];
  auto row = [&](const char* label, auto cell) {
    std::snprintf(buf, sizeof buf, "%-34s", label);
    out += buf;
    for (const Summary& s : runs) {
      std::snprintf(buf, sizeof buf, "%16s", cell(s).c_str());
      out += buf;
    }
    out += "\n";
  };
  auto fmt = [](const char* f, double v) {
    if (std::isnan(v)) return std::string("-");
    char b[64];
    std::snprintf(b, sizeof b, f, v);
    return std::string(b);
  };
  auto count = [](std::int64_t SummaryFigures::*m) {
    return [m](const Summary& s) { return std::to_string(s.figures.*m); };
  };
  auto figure = [&](const char* f, double scale, double SummaryFigures::*m) {
    return [f, scale, m, &fmt](const Summary& s) { return fmt(f, scale * (s.figures.*m)); };
  };
  using F = SummaryFigures;
  row("layout", [](const Summary& s) { return s.run.layout; });
  row("clusters x GPUs", [](const Summary& s) {
    return std::to_string(s.run.clusters) + " x ~" +
           std::to_string(s.run.total_gpus / std::max<std::int64_t>(1, s.run.clusters));
  });
  row("jobs submitted", count(&F::jobs));
  row("jobs completed", count(&F::jobs_completed));
  row("utilization (busy GPU-time)", figure("%.1f%%", 100, &F::utilization));
  row("goodput (useful / allocated)", figure("%.1f%%", 100, &F::goodput));
  row("queue wait mean (h)", figure("%.2f", 1, &F::wait_mean_h));
  row("queue wait p50 (h)", figure("%.2f", 1, &F::wait_p50_h));
  row("queue wait p90 (h)", figure("%.2f", 1, &F::wait_p90_h));
  row("queue wait p99 (h)", figure("%.2f", 1, &F::wait_p99_h));
  row("queue wait max (h)", figure("%.2f", 1, &F::wait_max_h));
  row("mean bounded slowdown (10 s)", figure("%.2f", 1, &F::bounded_slowdown_mean));
  row("GPU-hours lost to failures", figure("%.4g", 1, &F::lost_gpu_hours));
  row("GPU-hours slowed by the network", figure("%.4g", 1, &F::degraded_gpu_hours));
  row("GPU-hours slowed by contention", figure("%.4g", 1, &F::contention_gpu_hours));
  row("node failures", count(&F::node_failures));
  row("job interruptions", count(&F::interruptions));
  row("largest job (GPUs requested)", count(&F::largest_job_gpus));
  row("time to train largest job", [&](const Summary& s) {
    const F& f = s.figures;
    if (f.largest_job_id < 0) return std::string("-");
    if (!f.largest_job_projected) return fmt("%.1f d", f.largest_job_days);
    if (f.largest_job_state == 3) return std::string("rejected");
    return fmt("unfinished %.0f%%", 100 * f.largest_job_progress);
  });
  // Where the largest job's time went (/summary_largest_jobs row 0), days per GPU it held.
  auto largest = [&](const char* f, double scale, double LargestJob::*m) {
    return [f, scale, m, &fmt](const Summary& s) {
      return s.largest.empty() ? std::string("-") : fmt(f, scale * (s.largest.front().*m));
    };
  };
  row("  its goodput", largest("%.1f%%", 100, &LargestJob::goodput));
  row("  waiting in queue (d)", largest("%.1f", 1, &LargestJob::waiting_days));
  row("  held for co-allocation (d)", largest("%.1f", 1, &LargestJob::held_days));
  row("  computing (d)", largest("%.1f", 1, &LargestJob::computing_days));
  row("  exposed communication (d)", largest("%.1f", 1, &LargestJob::communicating_days));
  row("  checkpointing (d)", largest("%.2f", 1, &LargestJob::checkpointing_days));
  row("  lost work and restarts (d)", largest("%.1f", 1, &LargestJob::lost_days));
  row("  slowed by the network (d)", largest("%.2f", 1, &LargestJob::slowed_days));
  row("jobs shrunk to fit", count(&F::jobs_shrunk));
  row("jobs rejected", count(&F::jobs_rejected));
  // Cost and power (sim/io/cost_figures.cc); "-" where there is no network to count.
  row("switches leaf/spine/core", [](const Summary& s) {
    const F& f = s.figures;
    if (!f.network_modelled) return std::string("-");
    std::string t = std::to_string(f.leaf_switches) + "/" + std::to_string(f.spine_switches) + "/" +
                    std::to_string(f.core_switches);
    if (f.tier4_switches > 0) t += "/" + std::to_string(f.tier4_switches);
    return t;
  });
  row("optical transceivers", [](const Summary& s) {
    return s.figures.network_modelled ? std::to_string(s.figures.transceivers) : std::string("-");
  });
  row("capex (M USD)", figure("%.1f", 1e-6, &F::capex_usd));
  row("network capex (M USD)", figure("%.1f", 1e-6, &F::network_capex_usd));
  row("IT power (MW)", figure("%.2f", 1, &F::it_power_mw));
  row("facility power (MW)", figure("%.2f", 1, &F::facility_power_mw));
  row("energy (GWh)", figure("%.1f", 1e-3, &F::energy_mwh));
  row("manual incidents per day", figure("%.3f", 1, &F::manual_incidents_per_day));
  row("cost of owning (M USD)", figure("%.1f", 1e-6, &F::own_cost_usd));
  row("USD per useful GPU-hour", figure("%.3f", 1, &F::usd_per_useful_gpu_hour));
  row("USD per GPU-hour owned", figure("%.3f", 1, &F::own_usd_per_gpu_hour));
  row("break-even utilization vs cloud", figure("%.1f%%", 100, &F::break_even_utilization));
  if (std::any_of(runs.begin(), runs.end(),
                  [](const Summary& s) { return s.figures.jobs_ended_as_recorded > 0; }))
    row("jobs ended failed/cancelled as traced", count(&F::jobs_ended_as_recorded));
  if (std::any_of(runs.begin(), runs.end(),
                  [](const Summary& s) { return s.figures.jobs_timed_out > 0; }))
    row("jobs killed at their time limit", count(&F::jobs_timed_out));
  if (std::any_of(runs.begin(), runs.end(),
                  [](const Summary& s) { return s.figures.preemptions > 0; })) {
    row("jobs preempted (times)", count(&F::preemptions));
    row("GPU-hours lost to preemption", figure("%.4g", 1, &F::preempted_gpu_hours));
  }
  if (std::any_of(runs.begin(), runs.end(),
                  [](const Summary& s) { return s.figures.jobs_spanning > 0; })) {
    row("jobs spanning sites", count(&F::jobs_spanning));
    row("GPU-hours held for co-allocation", figure("%.4g", 1, &F::held_gpu_hours));
  }
  if (std::any_of(runs.begin(), runs.end(),
                  [](const Summary& s) { return s.figures.jobs_moved > 0; }))
    row("queued jobs moved between clusters", count(&F::jobs_moved));
  if (std::any_of(runs.begin(), runs.end(),
                  [](const Summary& s) { return s.figures.jobs_waited_for_switches > 0; })) {
    row("jobs that waited for switches", count(&F::jobs_waited_for_switches));
    row("waiting for switches (h)", figure("%.4g", 1, &F::switch_wait_hours));
  }
  if (std::any_of(runs.begin(), runs.end(),
                  [](const Summary& s) { return s.figures.elastic_shrinks > 0; })) {
    row("elastic shrinks / grows", [](const Summary& s) {
      return std::to_string(s.figures.elastic_shrinks) + " / " +
             std::to_string(s.figures.elastic_grows);
    });
    row("GPU-hours run shrunk", figure("%.4g", 1, &F::elastic_shrunk_gpu_hours));
  }
  if (std::any_of(runs.begin(), runs.end(),
                  [](const Summary& s) { return s.figures.migrations > 0; })) {
    row("interrupted jobs migrated", count(&F::migrations));
    row("checkpoint transfers (h)", figure("%.4g", 1, &F::migrate_hours));
  }
  return out;
}

}  // namespace fleetsim::io
