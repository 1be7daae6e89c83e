// Everything the fleet model is parameterised by. Plain data: sim/io fills it from options and
// INI files; the model only reads it.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/job.h"
#include "fabric/network.h"
#include "fabric/spec.h"
#include "sim/engine/event.h"

namespace fleetsim::model {

using engine::Time;

struct FabricConfig {
  int pods = 98;  // 98 x 128 x 8 = 100,352 GPUs
  int nodes_per_pod = 128;
  int gpus_per_node = 8;
  std::int64_t total_gpus() const { return std::int64_t{pods} * nodes_per_pod * gpus_per_node; }
};

// The scale-out network: a fabric description (fabric/presets/*.ini or a user's file) whose
// switches every cluster of the layout is built from, each cluster with the tiers its size needs
// (fabric/build.h). Its switches and links fail (FailureConfig) and its cost and power are
// counted (/fabric, /summary).
struct NetworkConfig {
  // Alibaba HPN (SIGCOMM'24): a 10k-GPU cluster fits in its two tiers, the 100k-GPU one needs a
  // third, which is the difference the comparison is after. "none": no network is modelled.
  std::string name = "alibaba-hpn";
  std::shared_ptr<const fabric::FabricSpec> spec;  // loaded by sim/io; null when "none"
  std::vector<fabric::Network> clusters;           // per cluster of the layout, in order
  // Share of a multi-node job's step spent in communication it cannot hide, at full bandwidth:
  // what a degraded fabric slows (sim/model/cluster/fabric_health.h). An assumption until the
  // training issue's step-time model replaces it.
  double comm_share = 0.15;
  // Jobs crossing the same oversubscribed tier share its uplinks, max-min fair, computed in the
  // tier's LP (sim/model/fabric/tier_share.h); false: every job has its full bandwidth.
  bool contention = true;
  // What a job sends across a tier it crosses, from each block below it that holds some of its
  // GPUs (sim/model/fabric/tier_share.h): kRing, collectives in rings ordered by node (NCCL's
  // rings follow the topology), which leave a block once per ring, from one node: that node's
  // NICs; kAll, every GPU of the job in the block at its NIC's bandwidth (the pessimistic end:
  // all-to-all traffic, or rings that ignore the topology).
  enum class Traffic { kRing, kAll };
  Traffic contention_traffic = Traffic::kRing;
  bool on() const { return spec != nullptr; }
};

// How the fabric's pods are cut into clusters, each with its own scheduler.
struct Layout {
  // {name, description, source, pods} builds one without options (tests and `trace validate`).
  Layout() = default;
  Layout(std::string name_, std::string description_, std::string source_,
         std::vector<int> cluster_pods_)
      : name(std::move(name_)),
        description(std::move(description_)),
        source(std::move(source_)),
        cluster_pods(std::move(cluster_pods_)) {}

  std::string name;
  std::string description;
  std::string source;             // where it was read from, for error messages
  std::vector<int> cluster_pods;  // pods per cluster, in fabric order
  // Scenario options the layout sets for its own runs (any other key of its file, e.g.
  // `sched.oversize = span`): over the config file's, under the command line's (sim/io/
  // scenario.h, scenario_for). As (key, value, line).
  struct Option {
    std::string key, value;
    int line = 0;
  };
  std::vector<Option> options;
};

// sched.oversize: a job larger than every cluster is rejected, shrunk into one cluster, or
// spans several clusters as sites joined by the WAN (SpanConfig; sim/model/span/).
enum class Oversize { kReject, kShrink, kSpan };
// sched.backfill: which jobs behind a blocked queue head may start (sim/model/cluster/).
enum class Backfill { kEasy, kConservative, kNone };
// sched.enforce_time_limits: kill a job still running at its time limit (state timeout).
// kAuto: for synthetic jobs, not for replayed trace jobs (their recorded run times already carry
// their outcomes; trace.over_limit decides those recorded past their request).
enum class TimeLimits { kAuto, kOn, kOff };
// sched.placement: where a gang's nodes go (sim/model/node_pool.h): spread over the fewest
// pods, or over the fewest blocks of the network (leaf groups, then spine blocks, ...).
enum class PlacementRule { kPods, kTopology };
// sched.priority and sched.preempt_mode (sim/model/cluster/priority.h, preemption.h).
enum class QueueOrder { kFifo, kMultifactor };
enum class PreemptMode { kOff, kRequeue, kCheckpoint };
// A QoS level (Slurm's sacctmgr QOS): its Priority (the QoS factor is it over the largest of all
// levels) and the levels whose running jobs its queued jobs may preempt (indexes into
// SchedConfig::qos; each of lower priority, so preemption never cycles).
struct QosLevel {
  std::string name;
  int priority = 0;
  std::vector<int> preempts;
};
// A partition (Slurm's PartitionName, https://slurm.schedmd.com/slurm.conf.html "PARTITION
// CONFIGURATION"): a contiguous range of each cluster's pods and the limits of the jobs it takes
// (sim/model/cluster/partitions.h has the syntax and the rule that gives a job its partition).
struct PartitionSpec {
  std::string name;
  // Pods [first, last] of each cluster; with `shares`, pods [round(first% x pods), round(last% x
  // pods) - 1]: the same partition fits clusters of every size.
  double first = 0, last = 100;
  bool shares = true;
  std::int32_t max_gpus = 0;     // MaxNodes, in GPUs; 0: no limit
  Time max_time = 0;             // MaxTime; 0: no limit
  std::vector<std::string> qos;  // AllowQos: names of SchedConfig::qos levels; empty: every level
  int job_factor = 1;            // PriorityJobFactor (the multifactor priority's partition factor)
};
enum class RepairDistribution { kLognormal, kExponential, kFixed };
enum class CheckpointPolicy { kYoung, kDaly, kFixed, kNone };
// What a training gang does when a failure takes some of its nodes (docs/model.md, "Recovery
// policies"): go back to the queue and restart from its last checkpoint, or continue on its
// remaining nodes with fewer data-parallel replicas (sim/model/cluster/elastic.h).
enum class Recovery { kRestart, kElastic };

struct SchedConfig {
  Oversize oversize = Oversize::kShrink;
  // A shrunk job takes this share of the largest cluster, so a few failed nodes do not keep it
  // from ever starting; a spanning job takes at most this share of each of its sites.
  double shrink_fraction = 0.9;
  // Queue entries EASY backfilling examines per pass (Slurm's bf_max_job_test plays this role).
  int backfill_depth = 100;
  // FIFO and EASY resume a pass from the last one when nothing it read has changed (fifo_easy.h):
  // the same starts, less work. No option sets it; tests turn it off to check just that.
  bool resume_passes = true;
  Backfill backfill = Backfill::kEasy;
  TimeLimits enforce_time_limits = TimeLimits::kAuto;
  PlacementRule placement = PlacementRule::kPods;
  // sched.switches (issue 12 item 6): Slurm's --switches=N@max-time
  // (https://slurm.schedmd.com/sbatch.html#OPT_switches) for every gang of whole nodes, with
  // N = the fewest leaf groups that could hold it (ceil(nodes / nodes per leaf group)) + this;
  // -1 (`none`): no gang asks (today's runs, byte for byte). Needs sched.placement topology.
  // sched.switches_wait: the most a gang waits for them, from each time it is queued (Slurm's
  // SchedulerParameters=max_switch_wait, default 300 s,
  // https://slurm.schedmd.com/slurm.conf.html#OPT_max_switch_wait). sim/model/cluster/switches.h.
  int switches_extra = -1;
  Time switches_wait = 300 * engine::kSecond;
  // Tenant t's jobs go only to cluster tenant_cluster[t] (tenants past the list: any cluster);
  // with a merged trace each trace is a tenant (docs/traces.md).
  std::vector<int> tenant_cluster;
  // Instead: tenant t goes to cluster t mod clusters ("own"): on a one-cluster layout, no pinning.
  bool tenant_own_cluster = false;

  // Priorities, QoS, fair share and preemption (issue 12 items 2-3; docs/model.md "Scheduling").
  // sched.priority: the queue's order. kFifo: submission order, interrupted jobs at the head
  // (today's). kMultifactor: Slurm's priority/multifactor (sim/model/cluster/priority.h).
  QueueOrder priority = QueueOrder::kFifo;
  // Slurm's defaults (slurm.conf(5)): PriorityCalcPeriod 5 min, PriorityMaxAge 7-0,
  // PriorityDecayHalfLife 7-0.
  Time priority_interval = 5 * engine::kMinute;
  Time priority_max_age = 7 * engine::kDay;
  Time fair_share_half_life = 7 * engine::kDay;
  // PriorityWeight{Age,FairShare,JobSize,QOS}. Slurm's own default is 0 for each; ASSUMPTION:
  // 1000 each, as a production site publishes its configuration (VSC, wiki.vsc.ac.at, "Slurm
  // scheduler": PriorityWeightAge = FairShare = JobSize = Partition = QOS = 1000).
  double weight_age = 1000;
  double weight_fair_share = 1000;
  double weight_job_size = 1000;
  double weight_qos = 1000;
  // PriorityWeightPartition (the same assumption; it counts only when partitions are set).
  double weight_partition = 1000;
  // Partitions (issue 12 item 1; sim/model/cluster/partitions.h). Empty: one partition, every
  // node of the cluster, no limits (today's runs, byte for byte).
  std::vector<PartitionSpec> partitions;
  // QoS levels, the first the default of every job. ASSUMPTION (no operator publishes theirs):
  // one level, "normal"; the default scenario adds none.
  std::vector<QosLevel> qos{QosLevel{"normal", 0, {}}};
  // Jobs asking for at least frontier_gpus GPUs get QoS frontier_qos (empty: none does).
  std::string frontier_qos;
  int frontier_gpus = 16384;
  PreemptMode preempt_mode = PreemptMode::kOff;

  // Several clusters, one scheduler above them (issue 12 item 7; sim/model/routing_policy.h,
  // docs/model.md "Several clusters, one scheduler above them").
  // sched.route: the cluster a job goes to. kLeastQueued: the least queued demand relative to
  // size (then the least busy, the lowest index). kEarliestStart: the soonest expected start
  // (routing_policy.h's estimator). kTenantAffinity: the tenant's home cluster, tenant mod
  // clusters, unless its expected wait there exceeds affinity_max_wait (then earliest start).
  enum class Route { kLeastQueued, kEarliestStart, kTenantAffinity };
  Route route = Route::kLeastQueued;
  Time affinity_max_wait = engine::kHour;
  // sched.migrate_queued: the router may move a queued, never-started job (at most once) to a
  // cluster with room now when its expected start where it waits is later than that by more
  // than migrate_threshold; after a cluster says no, it asks again after migrate_interval.
  bool migrate_queued = false;
  Time migrate_threshold = engine::kHour;
  Time migrate_interval = 10 * engine::kMinute;
  // sched.migrate_interrupted: a started job that a failure sends back to its queue (restart,
  // or elastic's fallback to it) is offered to the router, which moves it to the cluster where
  // it would start earliest when that beats staying by more than migrate_threshold; its
  // checkpoint crosses the WAN (span.wan_gbps, span.wan_latency_ms) meanwhile
  // (sim/model/cluster_migrate.cc; docs/model.md, "Recovery policies").
  bool migrate_interrupted = false;
  // Whether clusters report the estimator's profile (any of the above needs it).
  bool routes_by_estimate() const {
    return route != Route::kLeastQueued || migrate_queued || migrate_interrupted;
  }
};

// Jobs spanning sites (sched.oversize = span; sim/model/span/, docs/model.md "Training across
// sites"): each cluster of the layout is a site; a site reaches the others over its WAN.
struct SpanConfig {
  // ASSUMPTION: 12.8 Tb/s of WAN per site (32 x 400G waves), the figure with which the step
  // model reproduces NVIDIA's two-site Nemotron-4 340B run (tests/training/test_published.cc).
  double wan_gbps = 12800;
  // One way: 1,000 km of straight fibre (training::fiber_latency_s), as NVIDIA's two sites.
  double wan_latency_ms = 4.9;
  // 1: a hierarchical gradient all-reduce every step; H > 1: DiLoCo, the sites average every H
  // steps (training::Sites; its cost in model quality is not modelled).
  int sync_every = 1;
  // Route-diverse WAN paths per site, sharing its bandwidth. ASSUMPTION: 2 (a protected pair).
  int wan_paths = 2;
  // The spanning jobs running at a site share its WAN, max-min fair (span_lp.h); false: each
  // sees the whole of it.
  bool wan_shared = true;
};

struct FailureConfig {
  // Node failures per 1000 node-days: 6.50 on Meta RSC-1 (16k A100), "Revisiting Reliability in
  // Large-Scale ML Research Clusters", HPCA'25.
  double node_rate = 6.5;
  // Lemon nodes: a share of nodes that fail again and again, at lemon_factor times the rate of
  // the others (Meta HPCA'25 describes them, without a share or factor to reuse: off by default;
  // the factor is an assumption). Which nodes are lemons is drawn per global node id from the
  // stream "node.lemon", so they are the same nodes in every layout. The fleet's mean rate is
  // then node_rate x (1 - share + share x factor).
  double lemon_share = 0;
  double lemon_factor = 10;
  RepairDistribution repair = RepairDistribution::kLognormal;
  // Median 20.4 h and mean 132.8 h of the 584 repairs (fault_start to fault_end) in the StepFun
  // GPU fault trace (SIGCOMM'25); a lognormal with that median and mean has
  // sigma = sqrt(2 ln(132.8 / 20.4)) = 1.94. Measured with ../shared/data, see docs/model.md.
  Time repair_median = static_cast<Time>(20.4 * engine::kHour);
  double repair_sigma = 1.94;
  Time repair_mean = static_cast<Time>(132.8 * engine::kHour);  // exponential and fixed use this
  Time repair_max = 60 * engine::kDay;
  Time detect_latency = 30 * engine::kSecond;

  // The network's components (with fabric.network set), per 1000 component-days.
  // Alibaba HPN (Qian et al., SIGCOMM'24, section 2): 0.057% of NIC-ToR links and 0.051% of ToR
  // switches fail per month: 0.057e-2 / 30.44 d x 1000 = 0.0187 and 0.0168.
  double link_rate = 0.0187;
  double switch_rate = 0.0168;  // leaf; spine and core too (assumption: HPN gives ToRs only)
  // Transient link flaps: Llama 3's "Network Switch/Cable" row, 35 interruptions in 54 days on
  // 16,384 GPUs (one NIC link each) = 0.0396 per 1000 link-days, less HPN's hard failures
  // (assumption: the rest of that row are flaps).
  double link_flap_rate = 0.0209;
  // Repairs (assumptions, docs/model.md): a spare switch swapped in, a cable or optic replaced,
  // a flap that clears by itself.
  Time switch_repair = 6 * engine::kHour;
  Time link_repair = 2 * engine::kHour;
  Time flap_duration = engine::kMinute;
  // A rack's power feed (PDU, busway), per 1000 rack-days, taking every server of the rack
  // (fabric's gpus_per_rack) down. No published rate found for AI racks: off by default.
  double rack_power_rate = 0;
  Time rack_power_repair = 4 * engine::kHour;  // assumption
  // Planned maintenance: Llama 3 had 47 planned interruptions in 54 days on 2,048 nodes
  // (automated maintenance) = 0.425 per 1000 node-days. A node's jobs checkpoint first, then
  // the node is down for the window (assumption: 2 h). 0 turns it off.
  double maintenance_rate = 0.425;
  Time maintenance_window = 2 * engine::kHour;
  // Node failures draw their cause (core::Component) from Llama 3's mix (core/component.h).
  // Hot spares: nodes per cluster kept idle to replace failed ones at once (0: none).
  int spare_nodes = 0;
  // Recovery policy of training gangs (jobs with a step model): restart (back to the queue) or
  // elastic (continue shrunk, grow back when nodes are free; sim/model/cluster/elastic.h).
  Recovery recovery = Recovery::kRestart;
  // WAN path cuts (with jobs spanning sites, SpanConfig), per 1000 path-days, and how long a cut
  // path stays down. ASSUMPTION built on one published figure: WAN links had 1.2-2.7 days of
  // downtime a year (Turner et al., "California Fault Lines", SIGCOMM'10, Table 4); 2 days a year
  // over a 12 h repair (assumption: buried fibre is spliced in 6 h or more) is 4 cuts a year =
  // 10.96 per 1000 path-days.
  double wan_rate = 10.96;
  Time wan_repair = 12 * engine::kHour;
};

struct CheckpointConfig {
  CheckpointPolicy policy = CheckpointPolicy::kYoung;
  Time interval = engine::kHour;  // for kFixed
  Time cost = engine::kMinute;    // stall per checkpoint (assumption; see docs/model.md)
  // With `from_model`, a job that trains a catalog model (training/catalog.h) stalls for its
  // checkpoint's size over the storage bandwidth its GPUs share instead: 14 bytes per parameter
  // (mixed-precision Adam keeps 16 per parameter, Rajbhandari et al., ZeRO, SC'20, section 3.1:
  // 2 of half-precision weights, 2 of gradients, 12 of fp32 weights, momentum and variance; a
  // checkpoint keeps all but the gradients) at `storage_gbps` per GPU: Llama 3's storage
  // sustained 2 TB/s for 16,384 GPUs (Dubey et al. 2024, section 3.3.1), 2e12 x 8 / 16,384 =
  // 0.98 Gb/s per GPU.
  bool from_model = true;
  double storage_gbps = 0.98;
  // Meta HPCA'25 reports restart overheads of 5-20 min; 10 min is the middle.
  Time restart_overhead = 10 * engine::kMinute;
  // failures.recovery = elastic: the stall of each reconfiguration (shrink or growth) of a
  // running job's world. ASSUMPTION: 1 min. TrainMover (Lao et al., arXiv 2412.12636, 2024)
  // measures ~20 s of downtime to rebuild a 1,024-GPU job's communication groups with standby
  // machines; a frontier job's survivors also reload their last checkpoint.
  Time reconfigure_overhead = engine::kMinute;
};

struct LatencyConfig {
  Time submit = engine::kSecond;  // router -> cluster
  Time report = engine::kSecond;  // cluster -> router queue reports
  // Cluster -> fabric tier (a job starts or stops crossing it) and back (its new share): the
  // time the network's congestion control takes to settle on new shares. ASSUMPTION: 1 s, the
  // order of DCQCN's convergence plus the scheduler's notice; it is also the engine's lookahead.
  Time contention = engine::kSecond;
  // Cluster <-> span coordinator (a spanning job's parts: ready, go, down, stop). ASSUMPTION: 1 s,
  // a co-allocating scheduler's round, far above the WAN's few milliseconds.
  Time span = engine::kSecond;
  Time min() const;
};

// What the output file holds beyond the per-job and per-cluster tables, and how it is stored.
struct OutputConfig {
  bool pod_timeline = true;  // per-pod busy/idle/failed GPUs at every timeline sample
  bool event_log = false;    // one row per job state transition (submit, start, interrupt, end)
  // Deflate level 0..9; 0 (default) stores chunks unfiltered. Level 1 (within 3% of 4's size,
  // the fastest) makes a 100k-GPU year's file 3x smaller (28 MiB instead of 90-97 MiB) but
  // its single-threaded filters cost 0.35-0.7 s, 12-18% of a 3-5 s simulated year: over the
  // 10% budget of issue 4. Both sizes are far under the 1 GiB target (bench/run-output-bench).
  int compression = 0;
  int chunk_rows = 65536;  // rows per HDF5 chunk: 512 KiB of float64
};

// What a layout costs to own and run, and what renting the same work would cost (/summary,
// /fabric; docs/output.md). Capex and IT power come from the network's counts and the fabric's
// prices (fabric/costing.cc); these turn them into money over the simulated span.
struct CostConfig {
  // Power usage effectiveness, facility / IT power: 1.10, Google's fleet-wide trailing
  // twelve-month PUE (Google 2023 Environmental Report; Meta reports 1.08-1.10 likewise).
  double pue = 1.10;
  // 80 USD/MWh = 8.0 cents/kWh: average US industrial retail price of electricity in 2023 (US EIA,
  // Electric Power Monthly, table 5.6.A).
  double electricity_usd_per_mwh = 80;
  // Straight-line depreciation over 6 years: Microsoft's and Alphabet's useful life of servers
  // and network equipment since 2022-23 (Microsoft FY2023 10-K: 4 -> 6 years).
  double depreciation_years = 6;
  // 2.99 USD per GPU-hour: Lambda's on-demand list price of an 8 x H100 SXM instance, per GPU
  // (lambdalabs.com/service/gpu-cloud, 2024); hyperscalers listed more (AWS p5.48xlarge
  // 98.32 USD/h = 12.29 per GPU-hour in 2024).
  double cloud_usd_per_gpu_hour = 2.99;
  // Share of failures that need a person: 3 significant manual interventions in 466 job
  // interruptions of Llama 3 405B's 54-day pre-training snapshot (Dubey et al., "The Llama 3
  // Herd of Models", 2024, section 3.3.4).
  double manual_share = 3.0 / 466;
  // ASSUMPTION: 2,000 USD per manual incident, about one engineer-day fully loaded (no
  // published figure; parts are in the capex, the rest of operations staff is not counted).
  double usd_per_manual_incident = 2000;
};

struct ModelConfig {
  FabricConfig fabric;
  NetworkConfig network;
  Layout layout;
  SchedConfig sched;
  SpanConfig span;
  FailureConfig failures;
  CheckpointConfig checkpoint;
  LatencyConfig latency;
  Time timeline_period = engine::kHour;
  OutputConfig output;
  Time end_time = engine::kYear;
  std::uint64_t seed = 1;
  CostConfig cost;
};

// Whether a job of class `c` is killed at its time limit (sched.enforce_time_limits): kAuto
// enforces synthetic jobs' limits, not replayed traces'.
bool enforces_time_limit(const SchedConfig& sched, core::JobClass c);

// Throws std::invalid_argument naming the offending field when the configuration is impossible.
void validate(const ModelConfig& cfg);

}  // namespace fleetsim::model
