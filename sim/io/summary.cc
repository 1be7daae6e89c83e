#include "sim/io/summary.h"

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace fleetsim::io {
namespace {

class File {
 public:
  explicit File(const std::string& path) : path_(path) {
    id_ = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id_ < 0) throw std::runtime_error(path + ": cannot open as HDF5");
  }
  ~File() { H5Fclose(id_); }

  template <class T>
  std::vector<T> read(const std::string& name, hid_t type) const {
    hid_t ds = H5Dopen2(id_, name.c_str(), H5P_DEFAULT);
    if (ds < 0) throw std::runtime_error(path_ + ": missing dataset " + name);
    hid_t space = H5Dget_space(ds);
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    std::vector<T> out(static_cast<std::size_t>(std::max<hssize_t>(n, 0)));
    const herr_t rc = n > 0 ? H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) : 0;
    H5Sclose(space);
    H5Dclose(ds);
    if (rc < 0) throw std::runtime_error(path_ + ": cannot read " + name);
    return out;
  }
  std::vector<double> f64(const std::string& name) const {
    return read<double>(name, H5T_NATIVE_DOUBLE);
  }
  std::vector<std::int64_t> i64(const std::string& name) const {
    return read<std::int64_t>(name, H5T_NATIVE_INT64);
  }

  template <class T>
  T attr(const char* name, hid_t type) const {
    hid_t a = H5Aopen(id_, name, H5P_DEFAULT);
    if (a < 0) throw std::runtime_error(path_ + ": missing root attribute " + name);
    T v{};
    const herr_t rc = H5Aread(a, type, &v);
    H5Aclose(a);
    if (rc < 0) throw std::runtime_error(path_ + ": cannot read attribute " + name);
    return v;
  }
  std::string text(const char* name) const {
    hid_t a = H5Aopen(id_, name, H5P_DEFAULT);
    if (a < 0) throw std::runtime_error(path_ + ": missing root attribute " + name);
    hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    char* s = nullptr;
    const herr_t rc = H5Aread(a, type, &s);
    std::string out = rc >= 0 && s ? s : "";
    if (s) H5free_memory(s);
    H5Tclose(type);
    H5Aclose(a);
    if (rc < 0) throw std::runtime_error(path_ + ": cannot read attribute " + name);
    return out;
  }

 private:
  std::string path_;
  hid_t id_;
};

double quantile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  // Nearest rank: the smallest value with at least q of the sample at or below it.
  const auto k =
      static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))) - (q > 0 ? 1 : 0);
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

}  // namespace

Summary summarize(const std::string& path) {
  const File f(path);
  Summary s;
  s.file = path;
  s.layout = f.text("layout");
  s.duration_s = f.attr<double>("duration", H5T_NATIVE_DOUBLE);
  s.gpus = f.attr<std::int64_t>("total_gpus", H5T_NATIVE_INT64);
  s.clusters = f.attr<std::int64_t>("clusters", H5T_NATIVE_INT64);

  const auto state = f.i64("/jobs/state");
  const auto gpus_req = f.i64("/jobs/gpus_requested");
  const auto gpus_alloc = f.i64("/jobs/gpus_allocated");
  const auto shrunk = f.i64("/jobs/shrunk");
  const auto restarts = f.i64("/jobs/restarts");
  const auto submit = f.f64("/jobs/submit_time");
  const auto start = f.f64("/jobs/start_time");
  const auto end = f.f64("/jobs/end_time");
  const auto runtime = f.f64("/jobs/runtime");
  const auto useful = f.f64("/jobs/useful_gpu_seconds");
  const auto lost = f.f64("/jobs/lost_gpu_seconds");
  const auto alloc = f.f64("/jobs/allocated_gpu_seconds");
  const auto busy = f.f64("/clusters/busy_gpu_seconds");
  const auto failures = f.i64("/clusters/node_failures");

  double useful_sum = 0, alloc_sum = 0, bsld_sum = 0;
  std::vector<double> waits;
  s.jobs = static_cast<std::int64_t>(state.size());
  for (std::size_t i = 0; i < state.size(); ++i) {
    switch (state[i]) {
      case 0:
        ++s.completed;
        break;
      case 1:
        ++s.running;
        break;
      case 2:
        ++s.queued;
        break;
      case 3:
        ++s.rejected;
        break;
      default:  // 4, 5: ended failed or cancelled as the trace recorded
        ++s.ended_as_recorded;
        break;
    }
    s.shrunk += shrunk[i];
    s.interruptions += restarts[i];
    useful_sum += useful[i];
    alloc_sum += alloc[i];
    s.lost_gpu_hours += lost[i] / 3600.0;
    if (start[i] >= 0) waits.push_back((start[i] - submit[i]) / 3600.0);
    if (state[i] == 0)
      bsld_sum += std::max(1.0, (end[i] - submit[i]) / std::max(end[i] - start[i], 10.0));
    if (gpus_req[i] > s.largest_gpus) {
      s.largest_gpus = gpus_req[i];
      s.largest_id = static_cast<std::int64_t>(i);
    }
  }
  double busy_sum = 0;
  for (double b : busy) busy_sum += b;
  for (auto n : failures) s.node_failures += n;
  s.utilization = busy_sum / (static_cast<double>(s.gpus) * s.duration_s);
  s.goodput = alloc_sum > 0 ? useful_sum / alloc_sum : 0;
  s.bounded_slowdown = s.completed ? bsld_sum / static_cast<double>(s.completed) : 0;
  if (!waits.empty()) {
    double sum = 0;
    for (double w : waits) sum += w;
    s.wait_mean_h = sum / static_cast<double>(waits.size());
    s.wait_p50_h = quantile(waits, 0.5);
    s.wait_p99_h = quantile(waits, 0.99);
  }
  if (s.largest_id >= 0) {
    const auto i = static_cast<std::size_t>(s.largest_id);
    s.largest_done = state[i] == 0;
    s.largest_rejected = state[i] == 3;
    s.largest_days = s.largest_done ? (end[i] - submit[i]) / 86400.0 : 0;
    const double work = static_cast<double>(gpus_alloc[i]) * runtime[i];
    s.largest_progress = work > 0 ? std::min(1.0, useful[i] / work) : 0;
  }
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
  auto fmt = [&](const char* f, double v) {
    char b[64];
    std::snprintf(b, sizeof b, f, v);
    return std::string(b);
  };
  row("layout", [](const Summary& s) { return s.layout; });
  row("clusters x GPUs", [](const Summary& s) {
    return std::to_string(s.clusters) + " x ~" +
           std::to_string(s.gpus / std::max<std::int64_t>(1, s.clusters));
  });
  row("jobs submitted", [](const Summary& s) { return std::to_string(s.jobs); });
  row("jobs completed", [](const Summary& s) { return std::to_string(s.completed); });
  row("utilization (busy GPU-time)",
      [&](const Summary& s) { return fmt("%.1f%%", 100 * s.utilization); });
  row("goodput (useful / allocated)",
      [&](const Summary& s) { return fmt("%.1f%%", 100 * s.goodput); });
  row("queue wait mean (h)", [&](const Summary& s) { return fmt("%.2f", s.wait_mean_h); });
  row("queue wait p50 (h)", [&](const Summary& s) { return fmt("%.2f", s.wait_p50_h); });
  row("queue wait p99 (h)", [&](const Summary& s) { return fmt("%.2f", s.wait_p99_h); });
  row("mean bounded slowdown (10 s)",
      [&](const Summary& s) { return fmt("%.2f", s.bounded_slowdown); });
  row("GPU-hours lost to failures",
      [&](const Summary& s) { return fmt("%.4g", s.lost_gpu_hours); });
  row("node failures", [](const Summary& s) { return std::to_string(s.node_failures); });
  row("job interruptions", [](const Summary& s) { return std::to_string(s.interruptions); });
  row("largest job (GPUs requested)",
      [](const Summary& s) { return std::to_string(s.largest_gpus); });
  row("time to train largest job", [&](const Summary& s) {
    if (s.largest_id < 0) return std::string("-");
    if (s.largest_done) return fmt("%.1f d", s.largest_days);
    if (s.largest_rejected) return std::string("rejected");
    return fmt("unfinished %.0f%%", 100 * s.largest_progress);
  });
  row("jobs shrunk to fit", [](const Summary& s) { return std::to_string(s.shrunk); });
  row("jobs rejected", [](const Summary& s) { return std::to_string(s.rejected); });
  if (std::any_of(runs.begin(), runs.end(), [](const Summary& s) { return s.ended_as_recorded; }))
    row("jobs ended failed/cancelled as traced",
        [](const Summary& s) { return std::to_string(s.ended_as_recorded); });
  return out;
}

}  // namespace fleetsim::io
