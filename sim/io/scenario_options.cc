// The option table: every scenario option, with its help text, in the order the options are
// documented (`fleetsim run --help`) and written (the resolved config of each output file).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "sim/io/option_builders.h"
#include "sim/model/cluster/partitions.h"
#include "sim/model/cluster/qos.h"

namespace fleetsim::io {
namespace {

using engine::Time;

// --- trace replay options (docs/traces.md) ---------------------------------------------------

void add_trace_file_option(std::vector<OptionSpec>& o) {
  o.push_back({"trace",
               "job trace(s) to replay instead of the synthetic workload: FILE[:FORMAT] ... "
               "(several: each a tenant)",
               [](const Scenario& s) { return s.trace.file; },
               [](Scenario& s, const std::string& v) {
                 traces::TraceConfig t;
                 t.file = v;
                 try {
                   for (const auto& f : traces::trace_files(t)) traces::parse_trace_spec(f);
                 } catch (const traces::TraceError& e) {
                   throw std::invalid_argument(e.what());
                 }
                 s.trace.file = v;
                 s.trace.replay = !v.empty();
               }});
  o.push_back({"failures", "failure log to replay instead of random node failures: FILE[:FORMAT]",
               [](const Scenario& s) { return s.failure_log.file; },
               [](Scenario& s, const std::string& v) {
                 if (!v.empty()) {
                   try {
                     traces::parse_failure_spec(v);
                   } catch (const traces::TraceError& e) {
                     throw std::invalid_argument(e.what());
                   }
                 }
                 s.failure_log.file = v;
               }});
}

// --- cost and power per layout (docs/output.md, /summary and /fabric) -------------------------

void add_cost_options(std::vector<OptionSpec>& o) {
  o.push_back(number("cost.pue", "power usage effectiveness: facility power / IT power",
                     [](Scenario& s) -> double& { return s.model.cost.pue; }));
  o.push_back(number("cost.electricity_usd_per_mwh", "price of electricity, USD per MWh",
                     [](Scenario& s) -> double& { return s.model.cost.electricity_usd_per_mwh; }));
  o.push_back(number("cost.depreciation_years",
                     "years over which capex is written off (straight line)",
                     [](Scenario& s) -> double& { return s.model.cost.depreciation_years; }));
  o.push_back(number("cost.cloud_usd_per_gpu_hour", "renting price of one GPU-hour",
                     [](Scenario& s) -> double& { return s.model.cost.cloud_usd_per_gpu_hour; }));
  o.push_back(number("cost.manual_share", "share of failures that need a person",
                     [](Scenario& s) -> double& { return s.model.cost.manual_share; }));
  o.push_back(number("cost.usd_per_manual_incident", "cost of one incident needing a person, USD",
                     [](Scenario& s) -> double& { return s.model.cost.usd_per_manual_incident; }));
}

OptionSpec seconds_option(std::string name, std::string help, double traces::TraceConfig::*field,
                          bool allow_end) {
  return {std::move(name), std::move(help),
          [field, allow_end](const Scenario& s) {
            const double v = s.trace.*field;
            if (allow_end && v < 0) return std::string("end");
            return format_duration(engine::from_seconds(v));
          },
          [field, allow_end](Scenario& s, const std::string& v) {
            if (allow_end && v == "end") {
              s.trace.*field = -1;
              return;
            }
            s.trace.*field = engine::to_seconds(parse_duration(v));
          }};
}

void add_trace_options(std::vector<OptionSpec>& o) {
  using R = traces::ReadOptions;
  o.push_back(seconds_option("trace.window_start", "replay jobs submitted from this trace time",
                             &traces::TraceConfig::window_start_s, false));
  o.push_back(seconds_option("trace.window_end", "... up to this trace time (end: all)",
                             &traces::TraceConfig::window_end_s, true));
  o.push_back(number("trace.devices_per_gpu",
                     "trace devices (SWF processors) per fleet GPU; GPUs rounded up",
                     [](Scenario& s) -> double& { return s.trace.devices_per_gpu; }));
  o.push_back(choice<traces::TraceConfig::Fractional>(
      "trace.fractional", "jobs on less than one GPU",
      {{"round_up", traces::TraceConfig::Fractional::kRoundUp},
       {"scale_runtime", traces::TraceConfig::Fractional::kScaleRuntime}},
      [](Scenario& s) -> traces::TraceConfig::Fractional& { return s.trace.fractional; }));
  o.push_back(number("trace.size_scale", "multiply job sizes (runtime divided: linear scaling)",
                     [](Scenario& s) -> double& { return s.trace.size_scale; }));
  o.push_back(number("trace.offered_load",
                     "scale inter-arrival times to this offered load on the fleet (0: as recorded)",
                     [](Scenario& s) -> double& { return s.trace.offered_load; }));
  o.push_back(choice<bool>("trace.over_limit", "a run time above the requested time",
                           {{"run", false}, {"truncate", true}},
                           [](Scenario& s) -> bool& { return s.trace.truncate_to_limit; }));
  o.push_back(choice<bool>(
      "trace.replay_outcomes",
      "failed/cancelled jobs end at the same point of their run time in that state (false: "
      "they run the same time and count as completed)",
      {{"false", false}, {"true", true}},
      [](Scenario& s) -> bool& { return s.trace.replay_outcomes; }));
  o.push_back(choice<bool>("trace.zero_runtime", "jobs with a zero run time",
                           {{"keep", false}, {"skip", true}},
                           [](Scenario& s) -> bool& { return s.trace.skip_zero_runtime; }));
  o.push_back(choice<traces::BadRows>(
      "trace.bad_rows", "malformed rows",
      {{"error", traces::BadRows::kError}, {"skip", traces::BadRows::kSkip}},
      [](Scenario& s) -> traces::BadRows& { return s.trace.read.bad_rows; }));
  o.push_back(choice<bool>("trace.unusable", "rows with unknown submit/run time or no devices",
                           {{"skip", false}, {"error", true}},
                           [](Scenario& s) -> bool& { return s.trace.read.unusable_is_error; }));
  o.push_back(
      choice<R::Procs>("trace.swf_procs", "SWF job size from",
                       {{"allocated", R::Procs::kAllocated}, {"requested", R::Procs::kRequested}},
                       [](Scenario& s) -> R::Procs& { return s.trace.read.procs; }));
  o.push_back(choice<R::Tenant>("trace.swf_tenant", "SWF tenant field",
                                {{"user", R::Tenant::kUser},
                                 {"group", R::Tenant::kGroup},
                                 {"queue", R::Tenant::kQueue},
                                 {"partition", R::Tenant::kPartition}},
                                [](Scenario& s) -> R::Tenant& { return s.trace.read.tenant; }));
  using P = traces::TraceConfig::Partitions;
  o.push_back(choice<P>("trace.partitions",
                        "a job's partition: the first of sched.partitions that admits it (rule), "
                        "or the one its trace recorded (trace; rejected beyond its limits)",
                        {{"rule", P::kRule}, {"trace", P::kTrace}},
                        [](Scenario& s) -> P& { return s.trace.partitions; }));
  o.push_back({"trace.partition_map",
               "recorded partition names to names of sched.partitions: RECORDED:PARTITION ...",
               [](const Scenario& s) { return s.trace.partition_map; },
               [](Scenario& s, const std::string& v) {
                 traces::parse_partition_map(v);
                 s.trace.partition_map = v;
               }});
}

// --- priorities, QoS, fair share and preemption (docs/model.md "Scheduling") ----------------

// A weight of the multifactor priority: Slurm's are unsigned 32-bit integers.
OptionSpec weight_option(std::string name, std::string help, double model::SchedConfig::*field) {
  return {std::move(name), std::move(help),
          [field](const Scenario& s) { return format_double(s.model.sched.*field); },
          [field](Scenario& s, const std::string& v) {
            const double w = parse_double(v);
            if (!(w >= 0 && w <= 4294967295.0))
              throw std::invalid_argument("'" + v + "' is not a weight in 0..4294967295");
            s.model.sched.*field = w;
          }};
}

// A duration that must be positive (a priority recomputed every 0 s would never advance).
OptionSpec positive_duration(std::string name, std::string help, Time model::SchedConfig::*field) {
  return {std::move(name), std::move(help),
          [field](const Scenario& s) { return format_duration(s.model.sched.*field); },
          [field](Scenario& s, const std::string& v) {
            const Time t = parse_duration(v);
            if (t <= 0) throw std::invalid_argument("'" + v + "' is not a positive duration");
            s.model.sched.*field = t;
          }};
}

// --- jobs spanning sites (sched.oversize = span; docs/model.md "Training across sites") -------

void add_span_options(std::vector<OptionSpec>& o) {
  o.push_back(number("span.wan_gbps", "WAN bandwidth of each site to the others, Gb/s",
                     [](Scenario& s) -> double& { return s.model.span.wan_gbps; }));
  o.push_back(number("span.wan_latency_ms", "one-way WAN latency between sites, ms",
                     [](Scenario& s) -> double& { return s.model.span.wan_latency_ms; }));
  o.push_back(integer("span.sync_every",
                      "steps between cross-site synchronizations (1: every step; H > 1: DiLoCo)",
                      [](Scenario& s) -> int& { return s.model.span.sync_every; }));
  o.push_back(integer("span.wan_paths", "route-diverse WAN paths per site sharing its bandwidth",
                      [](Scenario& s) -> int& { return s.model.span.wan_paths; }));
  o.push_back(choice<bool>("span.wan_shared",
                           "spanning jobs running at a site share its WAN, max-min fair (false: "
                           "each has the whole WAN)",
                           {{"false", false}, {"true", true}},
                           [](Scenario& s) -> bool& { return s.model.span.wan_shared; }));
}

void add_priority_options(std::vector<OptionSpec>& o) {
  using model::SchedConfig;
  o.push_back(choice<model::QueueOrder>(
      "sched.priority", "order of the queue: submission, or Slurm's multifactor priority",
      {{"fifo", model::QueueOrder::kFifo}, {"multifactor", model::QueueOrder::kMultifactor}},
      [](Scenario& s) -> model::QueueOrder& { return s.model.sched.priority; }));
  o.push_back(positive_duration("sched.priority_interval",
                                "priorities recomputed this often (Slurm's PriorityCalcPeriod)",
                                &SchedConfig::priority_interval));
  o.push_back(positive_duration("sched.priority_max_age",
                                "queue time at which the age factor reaches 1 (PriorityMaxAge)",
                                &SchedConfig::priority_max_age));
  o.push_back(positive_duration("sched.fair_share_half_life",
                                "half-life of fair-share usage (PriorityDecayHalfLife)",
                                &SchedConfig::fair_share_half_life));
  o.push_back(
      weight_option("sched.weight_age", "weight of the age factor", &SchedConfig::weight_age));
  o.push_back(weight_option("sched.weight_fair_share", "weight of the fair-share factor",
                            &SchedConfig::weight_fair_share));
  o.push_back(weight_option("sched.weight_job_size", "weight of the job-size factor",
                            &SchedConfig::weight_job_size));
  o.push_back(
      weight_option("sched.weight_qos", "weight of the QoS factor", &SchedConfig::weight_qos));
  o.push_back(weight_option("sched.weight_partition", "weight of the partition factor",
                            &SchedConfig::weight_partition));
  o.push_back(
      {"sched.qos", "QoS levels NAME:PRIORITY[:PREEMPTED,...] ..., the first every job's default",
       [](const Scenario& s) { return model::format_qos_list(s.model.sched.qos); },
       [](Scenario& s, const std::string& v) { s.model.sched.qos = model::parse_qos_list(v); }});
  o.push_back({"sched.frontier_qos",
               "QoS of jobs of at least sched.frontier_gpus GPUs (empty: the default level)",
               [](const Scenario& s) { return s.model.sched.frontier_qos; },
               [](Scenario& s, const std::string& v) { s.model.sched.frontier_qos = v; }});
  o.push_back(integer("sched.frontier_gpus", "GPUs from which a job gets sched.frontier_qos",
                      [](Scenario& s) -> int& { return s.model.sched.frontier_gpus; }));
  o.push_back({"sched.partitions",
               "partitions NAME[:pods=all|A-B|A%-B%][:max_gpus=N][:max_time=D][:qos=Q,...]"
               "[:factor=N] ... (empty: one, the whole cluster)",
               [](const Scenario& s) {
                 return model::format_partition_list(s.model.sched.partitions, format_duration);
               },
               [](Scenario& s, const std::string& v) {
                 s.model.sched.partitions = model::parse_partition_list(v, parse_duration);
                 // The trace replay maps recorded names onto these (traces/trace_fit.h).
                 s.trace.fleet_partitions.clear();
                 for (const auto& p : s.model.sched.partitions)
                   s.trace.fleet_partitions.push_back(p.name);
               }});
  o.push_back(choice<model::PreemptMode>(
      "sched.preempt_mode",
      "what a queued job whose QoS may preempt does to running jobs of lower QoS",
      {{"off", model::PreemptMode::kOff},
       {"requeue", model::PreemptMode::kRequeue},
       {"checkpoint", model::PreemptMode::kCheckpoint}},
      [](Scenario& s) -> model::PreemptMode& { return s.model.sched.preempt_mode; }));
}

// --- several clusters, one scheduler above them (docs/model.md) -------------------------------

// A duration that must not be negative (a threshold or a wait).
OptionSpec route_duration(std::string name, std::string help, Time model::SchedConfig::*field) {
  return {std::move(name), std::move(help),
          [field](const Scenario& s) { return format_duration(s.model.sched.*field); },
          [field](Scenario& s, const std::string& v) {
            const Time t = parse_duration(v);
            if (t < 0) throw std::invalid_argument("'" + v + "' is a negative duration");
            s.model.sched.*field = t;
          }};
}

void add_route_options(std::vector<OptionSpec>& o) {
  using Route = model::SchedConfig::Route;
  o.push_back(choice<Route>(
      "sched.route",
      "cluster a job goes to: least queued demand, earliest expected start, or its tenant's "
      "cluster (tenant mod clusters) unless it waits there more than sched.affinity_max_wait",
      {{"least_queued", Route::kLeastQueued},
       {"earliest_start", Route::kEarliestStart},
       {"tenant_affinity", Route::kTenantAffinity}},
      [](Scenario& s) -> Route& { return s.model.sched.route; }));
  o.push_back(route_duration("sched.affinity_max_wait",
                             "tenant_affinity: longest expected wait at the tenant's cluster",
                             &model::SchedConfig::affinity_max_wait));
  o.push_back(choice<bool>(
      "sched.migrate_queued",
      "move a queued, never-started job (at most once) to a cluster with room when its expected "
      "start there is sooner by more than sched.migrate_threshold",
      {{"false", false}, {"true", true}},
      [](Scenario& s) -> bool& { return s.model.sched.migrate_queued; }));
  o.push_back(choice<bool>(
      "sched.migrate_interrupted",
      "move a started job that a failure requeues to the cluster where it is expected to start "
      "sooner by more than sched.migrate_threshold, its checkpoint copied over the WAN "
      "(span.wan_gbps, span.wan_latency_ms)",
      {{"false", false}, {"true", true}},
      [](Scenario& s) -> bool& { return s.model.sched.migrate_interrupted; }));
  o.push_back(route_duration("sched.migrate_threshold",
                             "how much sooner a moved job must be expected to start",
                             &model::SchedConfig::migrate_threshold));
  o.push_back(positive_duration("sched.migrate_interval",
                                "wait before asking again after a cluster had no job to move",
                                &model::SchedConfig::migrate_interval));
}

std::vector<OptionSpec> make_options() {
  using model::CheckpointPolicy;
  using model::Oversize;
  using model::Recovery;
  using model::RepairDistribution;
  std::vector<OptionSpec> o;
  o.push_back(integer("seed", "seed of every random stream",
                      [](Scenario& s) -> std::uint64_t& { return s.model.seed; }));
  o.push_back(duration("duration", "simulated span (e.g. 30d, 365d)",
                       [](Scenario& s) -> Time& { return s.model.end_time; }));
  o.push_back({"layouts", "layouts `compare` runs: embedded names or .ini paths",
               [](const Scenario& s) { return join(s.layouts); },
               [](Scenario& s, const std::string& v) {
                 s.layouts = split_list(v);
                 if (s.layouts.empty()) throw std::invalid_argument("the list is empty");
               }});
  o.push_back({"layout", "layout `run` uses (default: the first of layouts)",
               [](const Scenario& s) { return s.layout; },
               [](Scenario& s, const std::string& v) { s.layout = v; }});

  add_trace_file_option(o);

  o.push_back(integer("fabric.pods", "pods in the fabric",
                      [](Scenario& s) -> int& { return s.model.fabric.pods; }));
  o.push_back(integer("fabric.nodes_per_pod", "nodes per pod",
                      [](Scenario& s) -> int& { return s.model.fabric.nodes_per_pod; }));
  o.push_back(integer("fabric.gpus_per_node", "GPUs per node",
                      [](Scenario& s) -> int& { return s.model.fabric.gpus_per_node; }));
  o.push_back({"fabric.network",
               "scale-out network every cluster is built from: a preset (`fleetsim fabric "
               "list`), an .ini path, or none",
               [](const Scenario& s) { return s.model.network.name; },
               [](Scenario& s, const std::string& v) {
                 if (v.empty()) throw std::invalid_argument("is empty (a preset, a path or none)");
                 s.model.network.name = v;
               }});
  o.push_back(number("fabric.comm_share",
                     "share of a multi-node job's step in exposed communication (what a "
                     "degraded network slows)",
                     [](Scenario& s) -> double& { return s.model.network.comm_share; }));
  o.push_back(choice<bool>("fabric.contention",
                           "jobs crossing the same oversubscribed tier share its uplinks, max-min "
                           "fair (false: every job has its full bandwidth)",
                           {{"false", false}, {"true", true}},
                           [](Scenario& s) -> bool& { return s.model.network.contention; }));
  o.push_back(choice<model::NetworkConfig::Traffic>(
      "fabric.contention_traffic",
      "what a job sends across an oversubscribed tier from each block below it: ring (rings "
      "ordered by node: one node's NICs) or all (every GPU at its NIC's bandwidth)",
      {{"ring", model::NetworkConfig::Traffic::kRing},
       {"all", model::NetworkConfig::Traffic::kAll}},
      [](Scenario& s) -> model::NetworkConfig::Traffic& {
        return s.model.network.contention_traffic;
      }));

  o.push_back(choice<Oversize>(
      "sched.oversize",
      "jobs larger than every cluster: shrink into one, reject, or span several as sites joined "
      "by the WAN (span.*)",
      {{"shrink", Oversize::kShrink}, {"reject", Oversize::kReject}, {"span", Oversize::kSpan}},
      [](Scenario& s) -> Oversize& { return s.model.sched.oversize; }));
  o.push_back(number("sched.shrink_fraction",
                     "share of the largest cluster a shrunk job takes (runtime stretched), and "
                     "the most of each site a spanning job's part takes",
                     [](Scenario& s) -> double& { return s.model.sched.shrink_fraction; }));
  o.push_back(integer("sched.backfill_depth", "queued jobs EASY backfilling examines per pass",
                      [](Scenario& s) -> int& { return s.model.sched.backfill_depth; }));
  o.push_back(choice<model::Backfill>(
      "sched.backfill", "backfilling behind a blocked queue head (backfill_depth 0: none)",
      {{"easy", model::Backfill::kEasy},
       {"conservative", model::Backfill::kConservative},
       {"none", model::Backfill::kNone}},
      [](Scenario& s) -> model::Backfill& { return s.model.sched.backfill; }));
  o.push_back(choice<model::TimeLimits>(
      "sched.enforce_time_limits",
      "kill jobs still running at their time limit (auto: synthetic jobs, not replayed traces)",
      {{"auto", model::TimeLimits::kAuto},
       {"true", model::TimeLimits::kOn},
       {"false", model::TimeLimits::kOff}},
      [](Scenario& s) -> model::TimeLimits& { return s.model.sched.enforce_time_limits; }));
  o.push_back(choice<model::PlacementRule>(
      "sched.placement",
      "where gangs go: the fewest pods, or the fewest leaf groups then spine blocks (topology)",
      {{"pods", model::PlacementRule::kPods}, {"topology", model::PlacementRule::kTopology}},
      [](Scenario& s) -> model::PlacementRule& { return s.model.sched.placement; }));
  // Slurm's --switches=N@max-time for every gang (docs/model.md "Placement"): none, min (the
  // fewest leaf groups that could hold it), or min+K.
  o.push_back({"sched.switches",
               "leaf groups a gang may span (topology placement; Slurm's --switches): none, min "
               "(the fewest that could hold it) or min+K; it waits up to sched.switches_wait",
               [](const Scenario& s) {
                 const int k = s.model.sched.switches_extra;
                 return k < 0 ? std::string("none") : k == 0 ? "min" : "min+" + std::to_string(k);
               },
               [](Scenario& s, const std::string& v) {
                 int k = -1;
                 if (v == "min") {
                   k = 0;
                 } else if (v.rfind("min+", 0) == 0 && v.size() > 4 &&
                            v.find_first_not_of("0123456789", 4) == std::string::npos &&
                            v.size() <= 10) {
                   k = std::stoi(v.substr(4));
                 } else if (v != "none") {
                   throw std::invalid_argument("'" + v + "' is not none, min or min+K");
                 }
                 s.model.sched.switches_extra = k;
               }});
  o.push_back(positive_duration(
      "sched.switches_wait",
      "longest a gang waits for its sched.switches from each time it is queued (max_switch_wait)",
      &model::SchedConfig::switches_wait));
  o.push_back({"sched.tenant_clusters",
               "cluster of each tenant, in tenant order (empty: any; own: tenant t to cluster t "
               "mod clusters); a merged trace's tenants are its traces",
               [](const Scenario& s) {
                 if (s.model.sched.tenant_own_cluster) return std::string("own");
                 std::vector<std::string> v;
                 for (int c : s.model.sched.tenant_cluster) v.push_back(std::to_string(c));
                 return join(v);
               },
               [](Scenario& s, const std::string& v) {
                 s.model.sched.tenant_cluster.clear();
                 s.model.sched.tenant_own_cluster = v == "own";
                 if (v == "own") return;
                 for (const auto& t : split_list(v)) {
                   const long long c = parse_integer(t);
                   if (c < 0 || c > 1000000)
                     throw std::invalid_argument("'" + t + "' is not a cluster index");
                   s.model.sched.tenant_cluster.push_back(static_cast<int>(c));
                 }
               }});
  add_priority_options(o);
  add_route_options(o);
  add_span_options(o);

  o.push_back(number("failures.node_rate", "node failures per 1000 node-days (0: none)",
                     [](Scenario& s) -> double& { return s.model.failures.node_rate; }));
  o.push_back(choice<RepairDistribution>(
      "failures.repair", "repair time distribution",
      {{"lognormal", RepairDistribution::kLognormal},
       {"exponential", RepairDistribution::kExponential},
       {"fixed", RepairDistribution::kFixed}},
      [](Scenario& s) -> RepairDistribution& { return s.model.failures.repair; }));
  o.push_back(duration("failures.repair_median", "median repair time (lognormal)",
                       [](Scenario& s) -> Time& { return s.model.failures.repair_median; }));
  o.push_back(
      number("failures.lemon_share",
             "share of nodes that are lemons, failing lemon_factor times as often (0: none)",
             [](Scenario& s) -> double& { return s.model.failures.lemon_share; }));
  o.push_back(number("failures.lemon_factor", "failure rate of a lemon node / a normal node's",
                     [](Scenario& s) -> double& { return s.model.failures.lemon_factor; }));
  o.push_back(number("failures.repair_sigma", "sigma of log repair time (lognormal)",
                     [](Scenario& s) -> double& { return s.model.failures.repair_sigma; }));
  o.push_back(duration("failures.repair_mean", "mean repair time (exponential, fixed)",
                       [](Scenario& s) -> Time& { return s.model.failures.repair_mean; }));
  o.push_back(duration("failures.repair_max", "longest repair",
                       [](Scenario& s) -> Time& { return s.model.failures.repair_max; }));
  o.push_back(duration("failures.detect_latency", "failure to scheduler notice",
                       [](Scenario& s) -> Time& { return s.model.failures.detect_latency; }));
  o.push_back(number("failures.link_rate",
                     "hard GPU-leaf link failures per 1000 link-days (with fabric.network)",
                     [](Scenario& s) -> double& { return s.model.failures.link_rate; }));
  o.push_back(number("failures.link_flap_rate", "GPU-leaf link flaps per 1000 link-days",
                     [](Scenario& s) -> double& { return s.model.failures.link_flap_rate; }));
  o.push_back(number("failures.switch_rate", "switch failures per 1000 switch-days (every tier)",
                     [](Scenario& s) -> double& { return s.model.failures.switch_rate; }));
  o.push_back(duration("failures.switch_repair", "how long a failed switch stays down",
                       [](Scenario& s) -> Time& { return s.model.failures.switch_repair; }));
  o.push_back(duration("failures.link_repair", "how long a failed link stays down",
                       [](Scenario& s) -> Time& { return s.model.failures.link_repair; }));
  o.push_back(duration("failures.flap_duration", "how long a flapping link stays down",
                       [](Scenario& s) -> Time& { return s.model.failures.flap_duration; }));
  o.push_back(number("failures.rack_power_rate",
                     "rack power failures per 1000 rack-days, every server of the rack down "
                     "(with fabric.network; 0: none)",
                     [](Scenario& s) -> double& { return s.model.failures.rack_power_rate; }));
  o.push_back(duration("failures.rack_power_repair", "how long a rack stays without power",
                       [](Scenario& s) -> Time& { return s.model.failures.rack_power_repair; }));
  o.push_back(number("failures.maintenance_rate",
                     "planned maintenance per 1000 node-days (jobs checkpoint first; 0: none)",
                     [](Scenario& s) -> double& { return s.model.failures.maintenance_rate; }));
  o.push_back(duration("failures.maintenance_window", "how long planned maintenance takes",
                       [](Scenario& s) -> Time& { return s.model.failures.maintenance_window; }));
  o.push_back(number("failures.wan_rate",
                     "WAN path cuts per 1000 path-days (with jobs spanning sites)",
                     [](Scenario& s) -> double& { return s.model.failures.wan_rate; }));
  o.push_back(duration("failures.wan_repair", "how long a cut WAN path stays down",
                       [](Scenario& s) -> Time& { return s.model.failures.wan_repair; }));
  o.push_back(integer("failures.spare_nodes",
                      "hot spare nodes per cluster: a failed node's jobs restart on them at once",
                      [](Scenario& s) -> int& { return s.model.failures.spare_nodes; }));
  o.push_back(choice<Recovery>(
      "failures.recovery",
      "what a training gang does when a failure takes some of its nodes: restart (requeued, from "
      "its last checkpoint) or elastic (continues with fewer data-parallel replicas, grows back)",
      {{"restart", Recovery::kRestart}, {"elastic", Recovery::kElastic}},
      [](Scenario& s) -> Recovery& { return s.model.failures.recovery; }));
  o.push_back(integer("failures.log_nodes",
                      "nodes the failure log observed (0: what the log says, else its nodes)",
                      [](Scenario& s) -> std::int64_t& { return s.failure_log.log_nodes; }));
  o.push_back(number("failures.log_rate_scale", "multiply the failure log's per-node rate",
                     [](Scenario& s) -> double& { return s.failure_log.rate_scale; }));

  o.push_back(choice<CheckpointPolicy>(
      "checkpoint.policy", "checkpoint interval",
      {{"young", CheckpointPolicy::kYoung},
       {"daly", CheckpointPolicy::kDaly},
       {"fixed", CheckpointPolicy::kFixed},
       {"none", CheckpointPolicy::kNone}},
      [](Scenario& s) -> CheckpointPolicy& { return s.model.checkpoint.policy; }));
  o.push_back(duration("checkpoint.interval", "compute between checkpoints (policy fixed)",
                       [](Scenario& s) -> Time& { return s.model.checkpoint.interval; }));
  o.push_back(duration("checkpoint.cost", "stall per checkpoint",
                       [](Scenario& s) -> Time& { return s.model.checkpoint.cost; }));
  o.push_back(choice<bool>("checkpoint.from_model",
                           "a training job's checkpoint stall from its model's size and the "
                           "storage bandwidth (false: checkpoint.cost for every job)",
                           {{"false", false}, {"true", true}},
                           [](Scenario& s) -> bool& { return s.model.checkpoint.from_model; }));
  o.push_back(number("checkpoint.storage_gbps", "storage write bandwidth per GPU, Gb/s",
                     [](Scenario& s) -> double& { return s.model.checkpoint.storage_gbps; }));
  o.push_back(duration("checkpoint.restart_overhead", "paid by every restart after a failure",
                       [](Scenario& s) -> Time& { return s.model.checkpoint.restart_overhead; }));
  o.push_back(
      duration("checkpoint.reconfigure_overhead",
               "paid by every shrink or growth of a job's world (failures.recovery elastic)",
               [](Scenario& s) -> Time& { return s.model.checkpoint.reconfigure_overhead; }));

  o.push_back(duration("latency.submit", "router to cluster",
                       [](Scenario& s) -> Time& { return s.model.latency.submit; }));
  o.push_back(duration("latency.report", "cluster queue reports to the router",
                       [](Scenario& s) -> Time& { return s.model.latency.report; }));
  o.push_back(duration("latency.contention",
                       "cluster to fabric tier and back when a job starts or stops crossing it "
                       "(with fabric.contention)",
                       [](Scenario& s) -> Time& { return s.model.latency.contention; }));
  o.push_back(duration("latency.span",
                       "cluster to span coordinator and back (a spanning job's parts)",
                       [](Scenario& s) -> Time& { return s.model.latency.span; }));

  o.push_back(number("workload.offered_load", "GPU-time submitted per fleet GPU-time",
                     [](Scenario& s) -> double& { return s.workload.offered_load; }));
  const char* klass[] = {"single", "node", "gang", "large_gang"};
  const char* klass_help[] = {"1 GPU", "2-8 GPUs", "16-1024 GPUs", "2048-8192 GPUs"};
  for (int k = 0; k < 4; ++k)
    o.push_back(number(std::string("workload.share_") + klass[k],
                       std::string("count share of regular jobs of ") + klass_help[k],
                       [k](Scenario& s) -> double& { return s.workload.class_share[k]; }));
  struct Rt {
    const char* name;
    traces::LognormalRuntime traces::SyntheticConfig::*field;
  };
  for (Rt rt : {Rt{"small", &traces::SyntheticConfig::small_runtime},
                Rt{"gang", &traces::SyntheticConfig::gang_runtime},
                Rt{"large_gang", &traces::SyntheticConfig::large_gang_runtime}}) {
    const std::string base = std::string("workload.") + rt.name + "_runtime_";
    auto f = rt.field;
    o.push_back({base + "median", "median runtime of " + std::string(rt.name) + " jobs",
                 [f](const Scenario& s) {
                   return format_duration(engine::from_seconds((s.workload.*f).median_s));
                 },
                 [f](Scenario& s, const std::string& v) {
                   (s.workload.*f).median_s = engine::to_seconds(parse_duration(v));
                 }});
    o.push_back(number(base + "sigma", "sigma of log runtime of " + std::string(rt.name) + " jobs",
                       [f](Scenario& s) -> double& { return (s.workload.*f).sigma; }));
    o.push_back({base + "max", "longest runtime of " + std::string(rt.name) + " jobs",
                 [f](const Scenario& s) {
                   return format_duration(engine::from_seconds((s.workload.*f).cap_s));
                 },
                 [f](Scenario& s, const std::string& v) {
                   (s.workload.*f).cap_s = engine::to_seconds(parse_duration(v));
                 }});
  }
  o.push_back(number("workload.frontier_per_year", "frontier training runs per year",
                     [](Scenario& s) -> double& { return s.workload.frontier_per_year; }));
  o.push_back({"workload.frontier_sizes", "GPUs of a frontier run, drawn uniformly",
               [](const Scenario& s) {
                 std::vector<std::string> v;
                 for (int g : s.workload.frontier_sizes) v.push_back(std::to_string(g));
                 return join(v);
               },
               [](Scenario& s, const std::string& v) {
                 s.workload.frontier_sizes.clear();
                 for (const auto& t : split_list(v)) {
                   const long long g = parse_integer(t);
                   if (!std::in_range<int>(g))
                     throw std::invalid_argument("'" + t + "' is out of range");
                   s.workload.frontier_sizes.push_back(static_cast<int>(g));
                 }
               }});
  o.push_back(number("workload.frontier_work_min", "least work of a frontier run (GPU-days)",
                     [](Scenario& s) -> double& { return s.workload.frontier_work_min_gpu_days; }));
  o.push_back(number("workload.frontier_work_max", "most work of a frontier run (GPU-days)",
                     [](Scenario& s) -> double& { return s.workload.frontier_work_max_gpu_days; }));
  o.push_back(number("workload.limit_factor_min", "time limit / runtime, lowest",
                     [](Scenario& s) -> double& { return s.workload.limit_factor_min; }));
  o.push_back(number("workload.limit_factor_max", "time limit / runtime, highest",
                     [](Scenario& s) -> double& { return s.workload.limit_factor_max; }));
  o.push_back(integer("workload.tenants",
                      "tenants jobs are spread over (uniformly, or by workload.tenant_zipf)",
                      [](Scenario& s) -> int& { return s.workload.tenants; }));
  o.push_back(number("workload.tenant_zipf",
                     "tenant k's share of jobs ~ (k + 1)^-tenant_zipf (0: uniform)",
                     [](Scenario& s) -> double& { return s.workload.tenant_zipf; }));

  o.push_back(duration("output.timeline_period", "timeline sampling period",
                       [](Scenario& s) -> Time& { return s.model.timeline_period; }));
  const std::vector<std::pair<std::string, bool>> yes_no{{"true", true}, {"false", false}};
  o.push_back(choice<bool>("output.pod_timeline", "per-pod GPU states at every timeline sample",
                           yes_no,
                           [](Scenario& s) -> bool& { return s.model.output.pod_timeline; }));
  o.push_back(choice<bool>("output.event_log", "one row per job state transition (/job_events)",
                           yes_no, [](Scenario& s) -> bool& { return s.model.output.event_log; }));
  o.push_back(integer("output.compression", "deflate level of the HDF5 datasets, 0..9 (0: none)",
                      [](Scenario& s) -> int& { return s.model.output.compression; }));
  o.push_back(integer("output.chunk_rows", "rows per HDF5 chunk",
                      [](Scenario& s) -> int& { return s.model.output.chunk_rows; }));
  add_trace_options(o);
  add_cost_options(o);
  return o;
}

}  // namespace

const std::vector<OptionSpec>& scenario_options() {
  static const std::vector<OptionSpec> options = make_options();
  return options;
}

}  // namespace fleetsim::io
