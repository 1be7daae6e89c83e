// priority_probe [--OPTION VALUE ...] --layout FILE --now T < JOBS
// fleetsim's own multifactor priority of a few queued jobs, for tests that hold it against
// another scheduler's (tests/slurm/test_sprio.sh holds it against Slurm's sprio).
//
// Everything goes through the simulator's code: the options are fleetsim's scenario options
// (io::apply_option over io::default_scenario(), so the same names, units and checks as
// `fleetsim run`), the cluster is the first cluster of the layout FILE as io::model_for and
// model::FleetMap build it, and the priorities come from model::JobOrder: each job is admitted
// at its submit time (in submit order), queued, and one recomputation (before_pass) runs at T
// with nothing running.
//
// JOBS, one per line: ID GPUS SUBMIT TENANT. GPUS is what the job holds (JobRecord's
// gpus_allocated: whole nodes for gangs, which the cluster's placement would round to); its QoS
// level is the one the simulator gives a job asking for GPUS (qos_of). SUBMIT and T are seconds
// on any common clock (e.g. Unix time); blank lines and lines starting with # are skipped.
//
// Prints the cluster, then one line per job in input order:
//   ID PRIORITY AGE FAIR_SHARE JOB_SIZE QOS
// PRIORITY is JobOrder::priority (the weighted sum, truncated); the factors are
// JobOrder::factors at T, each in [0, 1], with 7 decimals (as sprio prints its normalized ones).
// Exit status 2 with one line on stderr for a bad option or job line.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <exception>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "sim/io/scenario.h"
#include "sim/model/cluster/priority.h"
#include "sim/model/cluster/qos.h"
#include "sim/model/fleet_map.h"

using namespace fleetsim;

namespace {

struct ProbeJob {
  std::uint64_t id = 0;
  std::int32_t gpus = 0;
  std::int64_t submit_s = 0;
  std::int32_t tenant = 0;
  std::string partition;  // its sched.partitions name; empty: none
};

[[noreturn]] void die(const std::string& what) {
  std::fprintf(stderr, "priority_probe: %s\n", what.c_str());
  std::exit(2);
}

std::vector<ProbeJob> read_jobs(std::istream& in) {
  std::vector<ProbeJob> jobs;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    std::istringstream words(line);
    ProbeJob j;
    std::string extra;
    if (!(words >> j.id >> j.gpus >> j.submit_s >> j.tenant) || j.gpus < 1 || j.tenant < 0)
      die("stdin:" + std::to_string(n) + ": want 'ID GPUS SUBMIT TENANT [PARTITION]', got '" +
          line + "'");
    words >> j.partition;
    if (words >> extra) die("stdin:" + std::to_string(n) + ": too many fields in '" + line + "'");
    jobs.push_back(j);
  }
  if (jobs.empty()) die("no jobs on stdin");
  return jobs;
}

}  // namespace

int main(int argc, char** argv) {
  io::Scenario scenario = io::default_scenario();
  std::string layout;
  std::int64_t now_s = -1;
  try {
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg.rfind("--", 0) != 0 || i + 1 >= argc)
        die("expected --OPTION VALUE, got '" + arg + "'");
      const std::string name = arg.substr(2), value = argv[++i];
      if (name == "layout") {
        layout = value;
      } else if (name == "now") {
        std::istringstream in(value);
        if (!(in >> now_s) || !in.eof() || now_s < 0)
          die("--now: '" + value + "' is not a whole number of seconds");
      } else {
        io::apply_option(scenario, name, value, "command line --" + name);
      }
    }
    if (layout.empty() || now_s < 0) die("needs --layout FILE and --now T");
    const io::Scenario s = io::scenario_for(scenario, layout);
    const model::ModelConfig cfg = io::model_for(s, layout);
    if (cfg.sched.priority != model::QueueOrder::kMultifactor)
      die("needs --sched.priority multifactor");
    const model::FleetMap map(cfg);
    const std::int64_t cluster_gpus = map.cluster_gpus(0);

    std::vector<ProbeJob> jobs = read_jobs(std::cin);
    // Admission in submit order (then id), as the jobs reach the cluster.
    std::vector<std::size_t> order(jobs.size());
    for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      if (jobs[a].submit_s != jobs[b].submit_s) return jobs[a].submit_s < jobs[b].submit_s;
      return jobs[a].id < jobs[b].id;
    });
    // As in the cluster, a job's index in JobOrder is its place in arrival order.
    model::JobOrder job_order(cfg.sched, cluster_gpus, cfg.fabric.gpus_per_node);
    std::deque<std::int32_t> queue;
    std::vector<std::int32_t> index_of(jobs.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
      const ProbeJob& p = jobs[order[k]];
      if (p.submit_s > now_s) die("job " + std::to_string(p.id) + " is submitted after --now");
      model::JobRecord rec;
      rec.job.id = p.id;
      rec.job.tenant = p.tenant;
      rec.job.gpus = rec.job.gpus_requested = p.gpus;
      rec.job.submit = engine::from_seconds(static_cast<double>(p.submit_s));
      rec.gpus_allocated = p.gpus;
      rec.qos = model::qos_of(cfg.sched, p.gpus);
      if (!p.partition.empty()) {  // the partition Slurm's job was submitted to, by name
        const auto& parts = cfg.sched.partitions;
        const auto at = std::find_if(parts.begin(), parts.end(),
                                     [&](const auto& q) { return q.name == p.partition; });
        if (at == parts.end()) die("job " + std::to_string(p.id) + ": no partition " + p.partition);
        rec.partition = static_cast<std::int8_t>(at - parts.begin());
      }
      const auto j = static_cast<std::int32_t>(k);
      index_of[order[k]] = j;
      job_order.admit(j, rec, rec.job.submit);
      job_order.enqueue(queue, j, false);
    }
    const engine::Time now = engine::from_seconds(static_cast<double>(now_s));
    job_order.before_pass(now, queue, {});

    std::printf("# cluster_gpus %lld gpus_per_node %d\n", static_cast<long long>(cluster_gpus),
                cfg.fabric.gpus_per_node);
    std::printf("# id priority age fair_share job_size qos partition\n");
    for (std::size_t k = 0; k < jobs.size(); ++k) {
      const std::int32_t j = index_of[k];
      const model::PriorityFactors f = job_order.factors(j, now);
      std::printf("%llu %lld %.7f %.7f %.7f %.7f %.7f\n",
                  static_cast<unsigned long long>(jobs[k].id),
                  static_cast<long long>(job_order.priority(j)), f.age, f.fair_share, f.job_size,
                  f.qos, f.partition);
    }
  } catch (const std::exception& e) {  // io::ConfigError: one line naming the option
    die(e.what());
  }
  return 0;
}
