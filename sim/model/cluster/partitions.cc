#include "sim/model/cluster/partitions.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

#include "sim/model/cluster/list_text.h"

#include "sim/model/cluster/qos.h"

namespace fleetsim::model {
namespace {

// A whole number in [lo, hi], or throws naming the partition and key.
long long whole(const std::string& v, long long lo, long long hi, const std::string& what) {
  std::size_t used = 0;
  long long n = 0;
  try {
    n = std::stoll(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (v.empty() || used != v.size() || n < lo || n > hi)
    throw std::invalid_argument(what + " '" + v + "' is not a whole number in " +
                                std::to_string(lo) + ".." + std::to_string(hi));
  return n;
}

// A share in percent, "P%" with 0 <= P <= 100.
double percent(const std::string& v, const std::string& what) {
  std::size_t used = 0;
  double p = -1;
  try {
    p = std::stod(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used + 1 != v.size() || v.back() != '%' || !(p >= 0 && p <= 100))
    throw std::invalid_argument(what + " '" + v + "' is not a share in 0%..100%");
  return p;
}

void parse_pods(const std::string& v, PartitionSpec& p, const std::string& what) {
  if (v == "all") {
    p.first = 0;
    p.last = 100;
    p.shares = true;
    return;
  }
  const auto ends = split_list(v, '-');
  if (ends.size() != 2) throw std::invalid_argument(what + " '" + v + "' is not all, A-B or A%-B%");
  p.shares = !ends[0].empty() && ends[0].back() == '%';
  if (p.shares) {
    p.first = percent(ends[0], what);
    p.last = percent(ends[1], what);
    if (p.last <= p.first) throw std::invalid_argument(what + " '" + v + "' is an empty share");
  } else {
    p.first = static_cast<double>(whole(ends[0], 0, 1 << 20, what));
    p.last = static_cast<double>(whole(ends[1], 0, 1 << 20, what));
    if (p.last < p.first) throw std::invalid_argument(what + " '" + v + "' ends before it starts");
  }
}

std::string number(double x) {
  std::ostringstream out;
  out << x;
  return out.str();
}

}  // namespace

std::vector<PartitionSpec> parse_partition_list(
    const std::string& text, const std::function<Time(const std::string&)>& parse_duration) {
  std::vector<PartitionSpec> out;
  std::istringstream words(text);
  std::string word;
  while (words >> word) {
    const auto f = split_list(word, ':');
    PartitionSpec p;
    p.name = f[0];
    if (p.name.empty()) throw std::invalid_argument("'" + word + "' has no partition name");
    for (const auto& q : out)
      if (q.name == p.name)
        throw std::invalid_argument("partition '" + p.name + "' is given twice");
    for (std::size_t k = 1; k < f.size(); ++k) {
      const auto eq = f[k].find('=');
      const std::string key = f[k].substr(0, eq);
      const std::string v = eq == std::string::npos ? "" : f[k].substr(eq + 1);
      const std::string what = "partition '" + p.name + "' " + key;
      if (eq == std::string::npos)
        throw std::invalid_argument("partition '" + p.name + "': '" + f[k] + "' is not KEY=VALUE");
      if (key == "pods") {
        parse_pods(v, p, what);
      } else if (key == "max_gpus") {
        p.max_gpus = static_cast<std::int32_t>(whole(v, 1, 1 << 30, what));
      } else if (key == "max_time") {
        try {
          p.max_time = parse_duration(v);
        } catch (const std::exception& e) {
          throw std::invalid_argument(what + ": " + e.what());
        }
        if (p.max_time <= 0) throw std::invalid_argument(what + " '" + v + "' is not positive");
      } else if (key == "qos") {
        p.qos = split_list(v, ',');
        if (p.qos.empty() ||
            std::any_of(p.qos.begin(), p.qos.end(), [](const auto& q) { return q.empty(); }))
          throw std::invalid_argument(what + " '" + v + "' has an empty QoS name");
      } else if (key == "factor") {
        p.job_factor = static_cast<int>(whole(v, 0, 65533, what));  // Slurm's uint16 range
      } else {
        throw std::invalid_argument("partition '" + p.name + "' has no key '" + key +
                                    "' (pods, max_gpus, max_time, qos, factor)");
      }
    }
    out.push_back(std::move(p));
  }
  if (out.size() > 100) throw std::invalid_argument("has more than 100 partitions");
  return out;
}

std::string format_partition_list(const std::vector<PartitionSpec>& partitions,
                                  const std::function<std::string(Time)>& format_duration) {
  std::string out;
  for (const auto& p : partitions) {
    if (!out.empty()) out += ' ';
    out += p.name + ":pods=";
    if (p.shares && p.first == 0 && p.last == 100) {
      out += "all";
    } else if (p.shares) {
      out += number(p.first) + "%-" + number(p.last) + "%";
    } else {
      out += number(p.first) + "-" + number(p.last);
    }
    if (p.max_gpus > 0) out += ":max_gpus=" + std::to_string(p.max_gpus);
    if (p.max_time > 0) out += ":max_time=" + format_duration(p.max_time);
    if (!p.qos.empty()) {
      out += ":qos=";
      for (std::size_t k = 0; k < p.qos.size(); ++k) out += (k ? "," : "") + p.qos[k];
    }
    if (p.job_factor != 1) out += ":factor=" + std::to_string(p.job_factor);
  }
  return out;
}

PodRange partition_pods(const PartitionSpec& p, int pods) {
  PodRange r;
  if (p.shares) {
    // One rounding for both ends, so that adjacent shares (0%-70% 70%-100%) tile the pods.
    auto at = [&](double share) {
      return static_cast<std::int32_t>(std::floor(share / 100 * pods + 0.5));
    };
    r.first = at(p.first);
    r.end = at(p.last);
  } else {
    r.first = static_cast<std::int32_t>(p.first);
    r.end = static_cast<std::int32_t>(p.last) + 1;
  }
  r.end = std::max(r.end, r.first);
  if (r.first == 0 && r.end == pods) r.end = -1;  // every pod: the fast path of placement
  return r;
}

namespace {

bool admits(const SchedConfig& cfg, const PartitionSpec& p, const core::JobSpec& job, int qos,
            int pods, std::int64_t pod_gpus) {
  if (!p.qos.empty() && std::find(p.qos.begin(), p.qos.end(),
                                  cfg.qos[static_cast<std::size_t>(qos)].name) == p.qos.end())
    return false;
  if (p.max_gpus > 0 && job.gpus > p.max_gpus) return false;
  if (p.max_time > 0 && job.time_limit > p.max_time) return false;
  const PodRange r = partition_pods(p, pods);
  const std::int64_t size = (r.all() ? pods : r.end - r.first) * pod_gpus;
  return job.gpus <= size;
}

}  // namespace

int partition_for(const SchedConfig& cfg, const core::JobSpec& job, int qos, int pods,
                  std::int64_t pod_gpus) {
  // A partition the trace recorded is the only one the job may use (a user who names one
  // partition), rejected beyond its limits as Slurm's EnforcePartLimits=ALL does.
  if (job.partition >= 0 && static_cast<std::size_t>(job.partition) < cfg.partitions.size())
    return admits(cfg, cfg.partitions[static_cast<std::size_t>(job.partition)], job, qos, pods,
                  pod_gpus)
               ? job.partition
               : -1;
  for (std::size_t k = 0; k < cfg.partitions.size(); ++k)
    if (admits(cfg, cfg.partitions[k], job, qos, pods, pod_gpus)) return static_cast<int>(k);
  return -1;
}

bool admitted(const SchedConfig& cfg, const core::JobSpec& job, int qos, int pods,
              std::int64_t pod_gpus) {
  return cfg.partitions.empty() || partition_for(cfg, job, qos, pods, pod_gpus) >= 0;
}

double partition_factor(const SchedConfig& cfg, int partition) {
  if (partition < 0) return 0;
  int largest = 0;
  for (const auto& p : cfg.partitions) largest = std::max(largest, p.job_factor);
  return largest > 0 ? cfg.partitions[static_cast<std::size_t>(partition)].job_factor /
                           static_cast<double>(largest)
                     : 0;
}

std::string check_partitions(const SchedConfig& cfg, const std::vector<int>& cluster_pods) {
  for (const auto& p : cfg.partitions) {
    for (const auto& q : p.qos)
      if (qos_index(cfg, q) < 0)
        return "sched.partitions: partition '" + p.name + "' qos '" + q +
               "' is not a level of sched.qos";
    for (std::size_t c = 0; c < cluster_pods.size(); ++c) {
      const int pods = cluster_pods[c];
      if (!p.shares && p.last >= pods)
        return "sched.partitions: partition '" + p.name + "' pods " + number(p.first) + "-" +
               number(p.last) + " is larger than cluster " + std::to_string(c) + " (" +
               std::to_string(pods) + " pods, 0-" + std::to_string(pods - 1) + ")";
      const PodRange r = partition_pods(p, pods);
      if (!r.all() && r.end <= r.first)
        return "sched.partitions: partition '" + p.name + "' has no pod on cluster " +
               std::to_string(c) + " (" + std::to_string(pods) + " pods)";
    }
  }
  return "";
}

}  // namespace fleetsim::model
