#include "sim/io/columns.h"

namespace fleetsim::io {
namespace {

using engine::to_seconds;
using model::ClusterRow;
using model::EventRecord;
using model::FailureRecord;
using model::JobRecord;
using model::PodSample;
using model::TimelineSample;

// Continuous float64 measurements whose low bytes are close to random: deflate gained them
// 1.1-1.6x at a cost that dominated the write, so they are stored unfiltered (docs/output.md).
constexpr bool kRaw = false;

double seconds_or_missing(engine::Time t) { return t < 0 ? -1.0 : to_seconds(t); }

template <class R>
std::vector<FieldInfo> info(const GroupDef<R>& g) {
  std::vector<FieldInfo> out;
  for (const auto& c : g.columns)
    out.push_back({c.name, type_name(c.type()), c.units, c.description});
  return out;
}
template <class R>
GroupInfo group_info(const GroupDef<R>& g) {
  return {g.name, g.description, g.written, info(g)};
}

}  // namespace

std::string_view type_name(FieldType t) {
  switch (t) {
    case FieldType::kInt8:
      return "int8";
    case FieldType::kInt32:
      return "int32";
    case FieldType::kInt64:
      return "int64";
    case FieldType::kFloat64:
      return "float64";
    case FieldType::kString:
      return "string";
  }
  return "?";
}

const GroupDef<RootAttributes>& root_attributes_def() {
  using A = RootAttributes;
  static const GroupDef<A> def{
      "/",
      "root attributes: how to reproduce the run",
      "always",
      {
          member<&A::fleetsim_version>("fleetsim_version", "text",
                                       "version of the simulator that wrote the file"),
          member<&A::schema_version>("schema_version", "1",
                                     "version of this schema (docs/output.md)"),
          member<&A::seed>("seed", "1", "seed of every random stream"),
          member<&A::layout>("layout", "text", "the layout's name"),
          member<&A::layout_description>("layout_description", "text", "the layout's description"),
          member<&A::ranks>("ranks", "1", "MPI ranks that ran it (never changes a result)"),
          member<&A::threads>("threads", "1", "threads per rank (never changes a result)"),
          member<&A::partitioner>("partitioner", "text", "LP partitioner (never changes a result)"),
          member<&A::duration>("duration", "s", "simulated span"),
          member<&A::total_gpus>("total_gpus", "GPU", "GPUs in the fabric"),
          member<&A::clusters>("clusters", "1", "clusters in the layout"),
          member<&A::events>("events", "1", "events the engine processed"),
          member<&A::windows>("windows", "1", "synchronization windows"),
          member<&A::config>(
              "config", "text",
              "the complete resolved configuration, as an INI file that reproduces the run"),
      }};
  return def;
}

const GroupDef<JobRecord>& jobs_def() {
  using J = JobRecord;
  static const GroupDef<J> def{
      "jobs",
      "one row per submitted job, row = id",
      "always",
      {
          computed(
              "id", "1", "job number, in order of submission; also the row",
              +[](const J& j) -> std::int64_t { return static_cast<std::int64_t>(j.job.id); }),
          computed(
              "cluster", "1", "cluster index; -1 when rejected",
              +[](const J& j) -> std::int32_t { return j.cluster; }),
          computed(
              "tenant", "1", "tenant (user, VC or queue) index",
              +[](const J& j) -> std::int32_t { return j.job.tenant; }),
          computed(
              "job_class", "enum", "0 single, 1 node, 2 gang, 3 large gang, 4 frontier, 5 trace",
              +[](const J& j) -> std::int8_t { return static_cast<std::int8_t>(j.job.job_class); }),
          computed(
              "gpus_requested", "GPU", "GPUs the job asked for",
              +[](const J& j) -> std::int32_t { return j.job.gpus_requested; }),
          computed(
              "gpus", "GPU", "GPUs it ran on (less when shrunk)",
              +[](const J& j) -> std::int32_t { return j.job.gpus; }),
          computed(
              "gpus_allocated", "GPU", "GPUs held: whole nodes for gangs",
              +[](const J& j) -> std::int32_t { return j.gpus_allocated; }),
          computed(
              "shrunk", "bool", "1 when shrunk to fit the largest cluster",
              +[](const J& j) -> std::int8_t { return j.job.shrunk ? 1 : 0; }),
          computed(
              "state", "enum",
              "at the end: 0 completed, 1 running, 2 queued, 3 rejected, 4 failed and 5 "
              "cancelled as recorded (trace.replay_outcomes), 6 timeout (killed at its time "
              "limit: sched.enforce_time_limits)",
              +[](const J& j) -> std::int8_t { return static_cast<std::int8_t>(j.state); }),
          computed(
              "recorded_outcome", "enum",
              "how the trace says the job ended: -1 unknown or synthetic, 0 completed, 1 "
              "failed, 2 cancelled",
              +[](const J& j) -> std::int8_t { return j.job.recorded_outcome; }),
          computed(
              "restarts", "1", "interruptions by node failures",
              +[](const J& j) -> std::int32_t { return j.restarts; }),
          computed(
              "submit_time", "s", "submission time",
              +[](const J& j) -> double { return to_seconds(j.job.submit); }, kRaw),
          computed(
              "start_time", "s", "first start; -1 if never started",
              +[](const J& j) -> double { return seconds_or_missing(j.start); }, kRaw),
          computed(
              "end_time", "s", "completion; -1 if not completed",
              +[](const J& j) -> double { return seconds_or_missing(j.end); }, kRaw),
          computed(
              "runtime", "s", "compute time at `gpus` without failures or checkpoints",
              +[](const J& j) -> double { return to_seconds(j.job.runtime); }, kRaw),
          computed(
              "time_limit", "s", "requested time limit at `gpus`",
              +[](const J& j) -> double { return to_seconds(j.job.time_limit); }),
          // The record keeps time per allocated GPU; GPU-time = gpus_allocated x that time.
          computed(
              "useful_gpu_seconds", "GPU*s", "GPU-time of work kept",
              +[](const J& j) -> double {
                return static_cast<double>(j.gpus_allocated) * to_seconds(j.useful);
              },
              kRaw),
          computed(
              "lost_gpu_seconds", "GPU*s",
              "GPU-time lost to failures: work since the last checkpoint, restart "
              "overheads, time on a failed node before detection; and to preemptions "
              "(preempted_gpu_seconds, restart overheads)",
              +[](const J& j) -> double {
                return static_cast<double>(j.gpus_allocated) * to_seconds(j.lost);
              }),
          computed(
              "checkpoint_gpu_seconds", "GPU*s", "GPU-time stalled in checkpoints",
              +[](const J& j) -> double {
                return static_cast<double>(j.gpus_allocated) * to_seconds(j.checkpoint);
              }),
          computed(
              "degraded", "s",
              "per GPU held: time the job ran slowed by a degraded fabric, beyond its time at "
              "full speed (since 5)",
              +[](const J& j) -> double { return to_seconds(j.degraded); }),
          computed(
              "contended", "s",
              "per GPU held: time the job ran slowed by jobs sharing an oversubscribed tier "
              "with it (fabric.contention), beyond its time at the rate the fabric's failures "
              "left it (since 6)",
              +[](const J& j) -> double { return to_seconds(j.contended); }),
          computed(
              "model", "enum",
              "the model it trains (training/catalog.h): 0 none, 1 llama2-7b, 2 llama2-70b, 3 "
              "gpt3-175b, 4 llama3-405b (since 5)",
              +[](const J& j) -> std::int8_t { return j.model; }),
          computed(
              "step_time", "s",
              "seconds per optimizer step at full network bandwidth (step-time model); 0 "
              "without a model (since 5)",
              +[](const J& j) -> double { return j.step_s; }),
          computed(
              "mfu", "1",
              "model FLOPS utilization at full bandwidth: model FLOPs per step / (step_time "
              "x GPUs x peak); 0 without a model (since 5)",
              +[](const J& j) -> double { return j.mfu; }),
          computed(
              "exposed_comm_share", "1",
              "share of a step in communication not hidden behind compute; 0 without a "
              "model (since 5)",
              +[](const J& j) -> double { return j.exposed_comm_share; }),
          computed(
              "qos", "enum", "QoS level: index into the resolved sched.qos list (since 6)",
              +[](const J& j) -> std::int8_t { return j.qos; }),
          computed(
              "preemptions", "1",
              "times a job of a higher QoS preempted it (sched.preempt_mode; since 6)",
              +[](const J& j) -> std::int32_t { return j.preemptions; }),
          computed(
              "preempted_gpu_seconds", "GPU*s",
              "GPU-time its preemptions lost: the attempt's time since its last checkpoint "
              "(with sched.preempt_mode checkpoint only a restart overhead or checkpoint "
              "under way); part of lost_gpu_seconds (since 6)",
              +[](const J& j) -> double {
                return static_cast<double>(j.gpus_allocated) * to_seconds(j.preempted);
              }),
          computed(
              "sites", "1",
              "clusters it ran across as sites joined by the WAN (sched.oversize span); 1 on "
              "one cluster, whose `cluster` is then its first site (since 7)",
              +[](const J& j) -> std::int32_t { return j.sites; }),
          computed(
              "held_gpu_seconds", "GPU*s",
              "GPU-time its sites' parts held their nodes idle waiting for the other sites "
              "(co-allocation); busy in /clusters, not part of allocated_gpu_seconds (since 7)",
              +[](const J& j) -> double {
                return static_cast<double>(j.gpus_allocated) * to_seconds(j.held);
              }),
          computed(
              "moves", "1",
              "times the router moved it, queued and never started, to another cluster "
              "(sched.migrate_queued; at most once; since 7)",
              +[](const J& j) -> std::int32_t { return j.moves; }),
          computed(
              "partition", "enum",
              "its partition: index into the resolved sched.partitions list; -1 without "
              "partitions (since 8)",
              +[](const J& j) -> std::int8_t { return j.partition; }),
          computed(
              "switch_wait", "s",
              "time it waited for the leaf groups it asked for (sched.switches): queued with "
              "enough free nodes, but only over more leaf groups, until it started or its wait "
              "ended; summed over its queueings (since 9)",
              +[](const J& j) -> double { return to_seconds(j.switch_wait); }),
          computed(
              "elastic_shrinks", "1",
              "times a failure shrank its world and it ran on with fewer data-parallel "
              "replicas (failures.recovery elastic; since 10)",
              +[](const J& j) -> std::int32_t { return j.shrinks; }),
          computed(
              "elastic_grows", "1",
              "times it grew back onto free nodes after a shrink (failures.recovery "
              "elastic; since 10)",
              +[](const J& j) -> std::int32_t { return j.grows; }),
          computed(
              "elastic_shrunk_gpu_seconds", "GPU*s",
              "GPU-time held while shrunk (on fewer GPUs than gpus_allocated); part of "
              "allocated_gpu_seconds (failures.recovery elastic; since 10)",
              +[](const J& j) -> double {
                return static_cast<double>(j.gpus_allocated) * to_seconds(j.ran_shrunk);
              }),
          computed(
              "migrations", "1",
              "times it moved, interrupted by a failure after it had started, to another "
              "cluster (sched.migrate_interrupted; since 11)",
              +[](const J& j) -> std::int32_t { return j.migrations; }),
          computed(
              "migrate_seconds", "s",
              "wall time its checkpoints spent crossing the WAN to those clusters: waiting, "
              "not part of allocated_gpu_seconds (sched.migrate_interrupted; since 11)",
              +[](const J& j) -> double { return to_seconds(j.migrate_time); }),
          computed(
              "allocated_gpu_seconds", "GPU*s",
              "GPU-time held: useful + lost + checkpoint + gpus_allocated * (degraded + "
              "contended)",
              +[](const J& j) -> double {
                return static_cast<double>(j.gpus_allocated) * to_seconds(j.allocated);
              },
              kRaw),
      }};
  return def;
}

const GroupDef<FailureRecord>& failures_def() {
  using F = FailureRecord;
  static const GroupDef<F> def{
      "failures",
      "one row per node failure, by cluster then detection order",
      "always",
      {
          computed(
              "time", "s", "when the node failed",
              +[](const F& f) -> double { return to_seconds(f.time); }, kRaw),
          computed(
              "detected_time", "s", "when its cluster learned of it",
              +[](const F& f) -> double { return to_seconds(f.detected); }, kRaw),
          computed(
              "repair_duration", "s", "how long the node stayed down",
              +[](const F& f) -> double { return to_seconds(f.repair); }, kRaw),
          member<&F::node>("node", "1", "global node index"),
          member<&F::pod>("pod", "1", "pod index"),
          member<&F::cluster>("cluster", "1", "cluster index"),
          member<&F::jobs_interrupted>("jobs_interrupted", "1", "jobs running on the node"),
          member<&F::gpu_seconds_lost>("lost_gpu_seconds", "GPU*s", "GPU-time those jobs lost",
                                       kRaw),
          computed(
              "component", "enum",
              "what failed (core::Component): 0 gpu, 1 hbm, 2 gpu_sram, 3 gpu_system, 4 nic, 5 "
              "host, 6 software, 7 other, 8 link, 9 link_flap, 10 leaf_switch, 11 spine_switch, "
              "12 core_switch, 13 maintenance, 14 uplink, 15 rack_power (since 5)",
              +[](const F& f) -> std::int8_t { return static_cast<std::int8_t>(f.component); }),
          member<&F::tier>("tier", "1",
                           "where in the network: 0 node or its link, 1 leaf, 2 spine, 3 core, -1 "
                           "the site's WAN (since 5)"),
          member<&F::leaf_group>("leaf_group", "1",
                                 "leaf group of the component for tiers 0-1; -1 none (since 5)"),
          member<&F::nodes_down>("nodes_down", "1", "nodes it took out of service (since 5)"),
          member<&F::gpus_hit>("gpus_hit", "GPU", "GPUs held by the jobs it interrupted (since 5)"),
          member<&F::jobs_slowed>("jobs_slowed", "1",
                                  "jobs it slowed without stopping them (since 5)"),
      }};
  return def;
}

const GroupDef<TimelineSample>& timeline_def() {
  using T = TimelineSample;
  static const GroupDef<T> def{
      "timeline",
      "per-cluster samples every output.timeline_period",
      "always",
      {
          computed(
              "time", "s", "sample time", +[](const T& s) -> double { return to_seconds(s.time); }),
          member<&T::cluster>("cluster", "1", "cluster index"),
          member<&T::busy>("busy_gpus", "GPU", "GPUs allocated to jobs"),
          member<&T::idle>("idle_gpus", "GPU", "GPUs up and free"),
          member<&T::failed>("failed_gpus", "GPU", "GPUs on failed nodes"),
          member<&T::queued_gpus>("queued_gpus", "GPU", "GPU demand of queued jobs"),
          member<&T::queued_jobs>("queued_jobs", "1", "jobs waiting"),
          member<&T::running_jobs>("running_jobs", "1", "jobs running"),
          member<&T::fragmented>("fragmented_gpus", "GPU",
                                 "idle GPUs no queued job could use by its size: a partly used "
                                 "node's free GPUs below the smallest queued sub-node job, whole "
                                 "free nodes when only gangs wait and they are fewer than the "
                                 "smallest needs; 0 with an empty queue (since 8)"),
      }};
  return def;
}

const GroupDef<PodSample>& pod_timeline_def() {
  using P = PodSample;
  static const GroupDef<P> def{
      "pod_timeline",
      "per-pod samples every output.timeline_period, by cluster, then time, then pod",
      "unless output.pod_timeline = false",
      {
          computed(
              "time", "s", "sample time", +[](const P& s) -> double { return to_seconds(s.time); }),
          member<&P::pod>("pod", "1", "global pod index"),
          member<&P::cluster>("cluster", "1", "cluster index"),
          member<&P::busy>("busy_gpus", "GPU", "GPUs allocated to jobs"),
          member<&P::idle>("idle_gpus", "GPU", "GPUs up and free"),
          member<&P::failed>("failed_gpus", "GPU", "GPUs on failed nodes"),
      }};
  return def;
}

const GroupDef<EventRecord>& job_events_def() {
  using E = EventRecord;
  static const GroupDef<E> def{
      "job_events",
      "job state transitions, by cluster then the order the cluster made them",
      "with output.event_log = true",
      {
          computed(
              "time", "s", "when the cluster made the transition",
              +[](const E& e) -> double { return to_seconds(e.time); }),
          computed(
              "job", "1", "job id (row of /jobs)",
              +[](const E& e) -> std::int64_t { return static_cast<std::int64_t>(e.job); }),
          member<&E::cluster>("cluster", "1", "cluster index"),
          computed(
              "kind", "enum", "0 submit, 1 start, 2 interrupt, 3 complete",
              +[](const E& e) -> std::int8_t { return static_cast<std::int8_t>(e.kind); }),
          member<&E::gpus>("gpus", "GPU", "GPUs the job holds when running"),
      }};
  return def;
}

const GroupDef<ClusterRow>& clusters_def() {
  using C = ClusterRow;
  static const GroupDef<C> def{
      "clusters",
      "one row per cluster: totals over the run",
      "always",
      {
          member<&C::cluster>("cluster", "1", "cluster index"),
          member<&C::pods>("pods", "1", "pods in the cluster"),
          computed(
              "gpus", "GPU", "GPUs in the cluster",
              +[](const C& c) -> std::int64_t { return c.totals.gpus; }),
          computed(
              "busy_gpu_seconds", "GPU*s", "integral of busy GPUs",
              +[](const C& c) -> double { return c.totals.busy_gpu_seconds; }),
          computed(
              "failed_gpu_seconds", "GPU*s", "integral of failed GPUs",
              +[](const C& c) -> double { return c.totals.failed_gpu_seconds; }),
          computed(
              "interruptions", "1", "job interruptions",
              +[](const C& c) -> std::int64_t { return c.totals.interruptions; }),
          computed(
              "node_failures", "1",
              "failures of nodes' own parts (not the network, not maintenance)",
              +[](const C& c) -> std::int64_t { return c.totals.node_failures; }),
      }};
  return def;
}

// The summary groups hold a handful of values: nothing to gain from filters.
constexpr bool kSmall = false;

const GroupDef<SummaryFigures>& summary_def() {
  using S = SummaryFigures;
  static const GroupDef<S> def{
      "summary",
      "the run's headline figures, one row (sim/io/summary_figures.cc)",
      "always",
      {
          member<&S::jobs>("jobs", "1", "jobs submitted: rows of /jobs", kSmall),
          member<&S::jobs_completed>("jobs_completed", "1", "jobs with state 0", kSmall),
          member<&S::jobs_running>("jobs_running", "1", "jobs with state 1", kSmall),
          member<&S::jobs_queued>("jobs_queued", "1", "jobs with state 2", kSmall),
          member<&S::jobs_rejected>("jobs_rejected", "1", "jobs with state 3", kSmall),
          member<&S::jobs_ended_as_recorded>(
              "jobs_ended_as_recorded", "1",
              "jobs with state 4 or 5: ended failed or cancelled as traced", kSmall),
          member<&S::jobs_shrunk>("jobs_shrunk", "1", "jobs with shrunk = 1", kSmall),
          member<&S::jobs_started>("jobs_started", "1",
                                   "jobs with start_time >= 0: the sample of the waits", kSmall),
          member<&S::utilization>(
              "utilization", "1",
              "sum of /clusters/busy_gpu_seconds / (total_gpus * duration); NaN if that is 0",
              kSmall),
          member<&S::goodput>("goodput", "1",
                              "sum of /jobs/useful_gpu_seconds / sum of allocated_gpu_seconds; "
                              "NaN if nothing was allocated",
                              kSmall),
          member<&S::useful_gpu_hours>("useful_gpu_hours", "GPU*h",
                                       "sum of /jobs/useful_gpu_seconds / 3600", kSmall),
          member<&S::lost_gpu_hours>("lost_gpu_hours", "GPU*h",
                                     "sum of /jobs/lost_gpu_seconds / 3600", kSmall),
          member<&S::wait_mean_h>("wait_mean_h", "h",
                                  "mean queue wait (start_time - submit_time) / 3600 over "
                                  "started jobs; NaN if none started",
                                  kSmall),
          member<&S::wait_p50_h>("wait_p50_h", "h", "median queue wait, nearest rank; NaN if none",
                                 kSmall),
          member<&S::wait_p90_h>("wait_p90_h", "h",
                                 "90th percentile wait, nearest rank; NaN if none", kSmall),
          member<&S::wait_p99_h>("wait_p99_h", "h",
                                 "99th percentile wait, nearest rank; NaN if none", kSmall),
          member<&S::wait_max_h>("wait_max_h", "h", "longest queue wait; NaN if none", kSmall),
          member<&S::bounded_slowdown_mean>(
              "bounded_slowdown_mean", "1",
              "mean over completed jobs of max(1, (end - submit) / max(end - start, 10 s)); NaN "
              "if none completed",
              kSmall),
          member<&S::ettr_gangs_mean>(
              "ettr_gangs_mean", "1",
              "mean ETTR, (useful_gpu_seconds / gpus_allocated) / (end - start), over completed "
              "jobs of gpus >= 16 with end > start; NaN if none",
              kSmall),
          member<&S::interruptions>("interruptions", "1", "sum of /jobs/restarts", kSmall),
          member<&S::node_failures>("node_failures", "1", "sum of /clusters/node_failures", kSmall),
          member<&S::largest_cluster_gpus>("largest_cluster_gpus", "GPU", "max of /clusters/gpus",
                                           kSmall),
          member<&S::largest_job_id>("largest_job_id", "1",
                                     "the largest job (row 0 of /summary_largest_jobs); -1 if "
                                     "no job",
                                     kSmall),
          member<&S::largest_job_gpus>("largest_job_gpus", "GPU", "GPUs it requested; 0 if no job",
                                       kSmall),
          member<&S::largest_job_state>("largest_job_state", "enum",
                                        "its /jobs/state; -1 if no job", kSmall),
          member<&S::largest_job_progress>("largest_job_progress", "1",
                                           "its share of work done; NaN if no job", kSmall),
          member<&S::largest_job_days>("largest_job_days", "d",
                                       "its time to train, projected unless completed; NaN if "
                                       "no progress or no job",
                                       kSmall),
          member<&S::largest_job_projected>("largest_job_projected", "bool",
                                            "1 when largest_job_days is projected", kSmall),
          member<&S::largest_jobs_days_mean>(
              "largest_jobs_days_mean", "d",
              "mean of /summary_largest_jobs/days over its rows that have one; NaN if none",
              kSmall),
          member<&S::network_modelled>(
              "network_modelled", "bool",
              "1 with a network (fabric.network), 0 with none: network counts 0, its capex and "
              "power NaN (since 5)",
              kSmall),
          member<&S::servers>("servers", "1", "sum of /fabric/servers (since 5)", kSmall),
          member<&S::leaf_switches>("leaf_switches", "1", "sum of /fabric/leaf_switches (since 5)",
                                    kSmall),
          member<&S::spine_switches>("spine_switches", "1",
                                     "sum of /fabric/spine_switches (since 5)", kSmall),
          member<&S::core_switches>("core_switches", "1", "sum of /fabric/core_switches (since 5)",
                                    kSmall),
          member<&S::tier4_switches>("tier4_switches", "1",
                                     "sum of /fabric/tier4_switches (since 5)", kSmall),
          member<&S::switches>("switches", "1", "sum of /fabric/switches (since 5)", kSmall),
          member<&S::links>("links", "1", "sum of /fabric/links (since 5)", kSmall),
          member<&S::optical_links>("optical_links", "1", "sum of /fabric/optical_links (since 5)",
                                    kSmall),
          member<&S::transceivers>("transceivers", "1", "sum of /fabric/transceivers (since 5)",
                                   kSmall),
          member<&S::capex_usd>("capex_usd", "USD",
                                "sum of /fabric/capex_usd: GPUs, servers and network (since 5)",
                                kSmall),
          member<&S::network_capex_usd>(
              "network_capex_usd", "USD",
              "sum of /fabric/network_capex_usd; NaN without a network (since 5)", kSmall),
          member<&S::it_power_mw>("it_power_mw", "MW", "sum of /fabric/it_power_mw (since 5)",
                                  kSmall),
          member<&S::network_power_mw>(
              "network_power_mw", "MW",
              "sum of /fabric/network_power_mw; NaN without a network (since 5)", kSmall),
          member<&S::facility_power_mw>("facility_power_mw", "MW",
                                        "it_power_mw * cost.pue (since 5)", kSmall),
          member<&S::energy_mwh>("energy_mwh", "MWh",
                                 "facility_power_mw * duration / 3600 (since 5)", kSmall),
          member<&S::failures>("failures", "1", "rows of /failures (since 5)", kSmall),
          member<&S::manual_incidents>("manual_incidents", "1",
                                       "failures * cost.manual_share (since 5)", kSmall),
          member<&S::manual_incidents_per_day>(
              "manual_incidents_per_day", "1/d",
              "manual_incidents / (duration / 86400); NaN if duration is 0 (since 5)", kSmall),
          member<&S::capex_amortized_usd>(
              "capex_amortized_usd", "USD",
              "capex_usd * (duration / (365 * 86400)) / cost.depreciation_years (since 5)", kSmall),
          member<&S::energy_usd>("energy_usd", "USD",
                                 "energy_mwh * cost.electricity_usd_per_mwh (since 5)", kSmall),
          member<&S::operations_usd>("operations_usd", "USD",
                                     "manual_incidents * cost.usd_per_manual_incident (since 5)",
                                     kSmall),
          member<&S::own_cost_usd>("own_cost_usd", "USD",
                                   "capex_amortized_usd + energy_usd + operations_usd (since 5)",
                                   kSmall),
          member<&S::usd_per_useful_gpu_hour>(
              "usd_per_useful_gpu_hour", "USD/(GPU*h)",
              "own_cost_usd / useful_gpu_hours; NaN if no useful work (since 5)", kSmall),
          member<&S::own_usd_per_gpu_hour>(
              "own_usd_per_gpu_hour", "USD/(GPU*h)",
              "own_cost_usd / (total_gpus * duration / 3600); NaN if that is 0 (since 5)", kSmall),
          member<&S::rent_usd>("rent_usd", "USD",
                               "cost.cloud_usd_per_gpu_hour * useful_gpu_hours (since 5)", kSmall),
          member<&S::break_even_utilization>(
              "break_even_utilization", "1",
              "own_usd_per_gpu_hour / cost.cloud_usd_per_gpu_hour: the share of GPU-hours that "
              "must be useful for owning to cost what renting does (since 5)",
              kSmall),
          member<&S::degraded_gpu_hours>(
              "degraded_gpu_hours", "GPU*h",
              "sum of /jobs gpus_allocated * degraded / 3600: GPU-time jobs ran slowed by a "
              "degraded network (since 5)",
              kSmall),
          member<&S::jobs_timed_out>(
              "jobs_timed_out", "1",
              "jobs with state 6: killed at their time limit (sched.enforce_time_limits; since 5)",
              kSmall),
          member<&S::contention_gpu_hours>(
              "contention_gpu_hours", "GPU*h",
              "sum of /jobs gpus_allocated * contended / 3600: GPU-time jobs ran slowed by "
              "others sharing an oversubscribed tier (since 6)",
              kSmall),
          member<&S::preemptions>("preemptions", "1",
                                  "sum of /jobs preemptions (sched.preempt_mode; since 6)", kSmall),
          member<&S::preempted_gpu_hours>(
              "preempted_gpu_hours", "GPU*h",
              "sum of /jobs preempted_gpu_seconds / 3600: GPU-time preemptions lost, part of "
              "lost_gpu_hours (since 6)",
              kSmall),
          member<&S::jobs_spanning>("jobs_spanning", "1",
                                    "jobs with sites > 1: run across sites (since 7)", kSmall),
          member<&S::held_gpu_hours>(
              "held_gpu_hours", "GPU*h",
              "sum of /jobs held_gpu_seconds / 3600: GPU-time held idle for co-allocation "
              "across sites (since 7)",
              kSmall),
          member<&S::jobs_moved>("jobs_moved", "1",
                                 "sum of /jobs moves (sched.migrate_queued; since 7)", kSmall),
          member<&S::jobs_waited_for_switches>(
              "jobs_waited_for_switches", "1",
              "jobs with switch_wait > 0 (sched.switches; since 9)", kSmall),
          member<&S::switch_wait_hours>(
              "switch_wait_hours", "h",
              "sum of /jobs switch_wait / 3600: queue time spent waiting for leaf groups "
              "(sched.switches; since 9)",
              kSmall),
          member<&S::elastic_shrinks>(
              "elastic_shrinks", "1",
              "sum of /jobs elastic_shrinks (failures.recovery elastic; since 10)", kSmall),
          member<&S::elastic_grows>(
              "elastic_grows", "1",
              "sum of /jobs elastic_grows (failures.recovery elastic; since 10)", kSmall),
          member<&S::elastic_shrunk_gpu_hours>(
              "elastic_shrunk_gpu_hours", "GPU*h",
              "sum of /jobs elastic_shrunk_gpu_seconds / 3600: GPU-time jobs ran shrunk "
              "(failures.recovery elastic; since 10)",
              kSmall),
          member<&S::migrations>("migrations", "1",
                                 "sum of /jobs migrations (sched.migrate_interrupted; since 11)",
                                 kSmall),
          member<&S::migrate_hours>(
              "migrate_hours", "h",
              "sum of /jobs migrate_seconds / 3600: wall time checkpoints of migrating jobs "
              "spent crossing the WAN (sched.migrate_interrupted; since 11)",
              kSmall),
      }};
  return def;
}

const GroupDef<ClassFigures>& summary_by_class_def() {
  using C = ClassFigures;
  static const GroupDef<C> def{
      "summary_by_class",
      "figures per job class, one row per class 0..5 (row = job_class)",
      "always",
      {
          member<&C::job_class>("job_class", "enum",
                                "0 single, 1 node, 2 gang, 3 large gang, 4 frontier, 5 trace",
                                kSmall),
          member<&C::jobs>("jobs", "1", "jobs of the class", kSmall),
          member<&C::jobs_completed>("jobs_completed", "1", "of which state 0", kSmall),
          member<&C::lost_gpu_hours>("lost_gpu_hours", "GPU*h",
                                     "sum of their lost_gpu_seconds / 3600", kSmall),
          member<&C::ettr_mean>("ettr_mean", "1",
                                "mean ETTR of its completed jobs with end > start; NaN if none",
                                kSmall),
      }};
  return def;
}

const GroupDef<LargestJob>& summary_largest_jobs_def() {
  using L = LargestJob;
  static const GroupDef<L> def{
      "summary_largest_jobs",
      "the 5 jobs requesting the most GPUs (lower id first among equals), largest first",
      "always",
      {
          member<&L::job>("job", "1", "job id (row of /jobs)", kSmall),
          member<&L::gpus_requested>("gpus_requested", "GPU", "GPUs it requested", kSmall),
          member<&L::state>("state", "enum", "its /jobs/state", kSmall),
          member<&L::progress>("progress", "1",
                               "share of work done: 1 if completed, else min(1, "
                               "useful_gpu_seconds / (gpus_allocated * runtime)), 0 if that "
                               "work is 0",
                               kSmall),
          member<&L::days>("days", "d",
                           "time to train: completed, (end - submit) / 86400; else projected, "
                           "(duration - submit) / progress / 86400, NaN if progress is 0",
                           kSmall),
          member<&L::projected>("projected", "bool", "1 when days is projected (not completed)",
                                kSmall),
          // Where its time went: per GPU it held (the /jobs times / gpus_allocated), in days
          // from submission to its end (to the run's end if it has none).
          member<&L::goodput>("goodput", "1",
                              "useful_gpu_seconds / allocated_gpu_seconds; NaN if 0 (since 7)",
                              kSmall),
          member<&L::waiting_days>("waiting_days", "d",
                                   "queued (first start and between attempts): the time from "
                                   "submission less the six below (since 7)",
                                   kSmall),
          member<&L::held_days>("held_days", "d",
                                "held_gpu_seconds / gpus_allocated: nodes held for "
                                "co-allocation across sites (since 7)",
                                kSmall),
          member<&L::computing_days>("computing_days", "d",
                                     "useful time x (1 - exposed_comm_share) (since 7)", kSmall),
          member<&L::communicating_days>(
              "communicating_days", "d",
              "useful time x exposed_comm_share: communication the step cannot hide (since 7)",
              kSmall),
          member<&L::checkpointing_days>("checkpointing_days", "d",
                                         "checkpoint_gpu_seconds / gpus_allocated (since 7)",
                                         kSmall),
          member<&L::lost_days>("lost_days", "d",
                                "lost_gpu_seconds / gpus_allocated: work lost to failures and "
                                "preemptions, and restart overheads (since 7)",
                                kSmall),
          member<&L::slowed_days>("slowed_days", "d",
                                  "degraded + contended: slowed by the network (since 7)", kSmall),
      }};
  return def;
}

const GroupDef<FabricRow>& fabric_def() {
  using R = FabricRow;
  static const GroupDef<R> def{
      "fabric",
      "one row per cluster: its network, capex and power (since 5; sim/io/cost_figures.cc)",
      "always",
      {
          member<&R::cluster>("cluster", "1", "cluster index", kSmall),
          member<&R::gpus>("gpus", "GPU", "GPUs in the cluster", kSmall),
          member<&R::servers>("servers", "1", "servers: ceil(gpus / GPUs per server)", kSmall),
          member<&R::tiers>("tiers", "1", "switch tiers of its network; 0 without one", kSmall),
          member<&R::leaf_switches>("leaf_switches", "1", "switches of tier 1 (leaf)", kSmall),
          member<&R::spine_switches>("spine_switches", "1", "switches of tier 2 (spine)", kSmall),
          member<&R::core_switches>("core_switches", "1", "switches of tier 3 (core)", kSmall),
          member<&R::tier4_switches>("tier4_switches", "1", "switches of tiers 4 and up", kSmall),
          member<&R::switches>("switches", "1",
                               "switches of every tier, and optical circuit switches", kSmall),
          member<&R::links>("links", "1", "links of the network, GPU-leaf included", kSmall),
          member<&R::optical_links>("optical_links", "1", "of which optical", kSmall),
          member<&R::transceivers>("transceivers", "1", "optical transceivers, every speed",
                                   kSmall),
          member<&R::bisection_gbps_per_gpu>("bisection_gbps_per_gpu", "Gb/s",
                                             "bisection bandwidth per GPU; NaN without a network",
                                             kSmall),
          member<&R::capex_usd>("capex_usd", "USD",
                                "GPUs, servers and network at the fabric's prices", kSmall),
          member<&R::network_capex_usd>("network_capex_usd", "USD",
                                        "switches, optics, copper and OCS; NaN without a network",
                                        kSmall),
          member<&R::it_power_mw>("it_power_mw", "MW", "rated power of GPUs, servers and network",
                                  kSmall),
          member<&R::network_power_mw>("network_power_mw", "MW",
                                       "switches, optics and OCS; NaN without a network", kSmall),
          member<&R::failures>("failures", "1", "rows of /failures of the cluster", kSmall),
          member<&R::manual_incidents_per_day>("manual_incidents_per_day", "1/d",
                                               "failures * cost.manual_share / (duration / 86400)",
                                               kSmall),
      }};
  return def;
}

const GroupDef<ComponentFigures>& failures_by_component_def() {
  using C = ComponentFigures;
  static const GroupDef<C> def{
      "failures_by_component",
      "/failures summed per component kind over the layout, one row per kind 0..13 (row = "
      "component; since 5)",
      "always",
      {
          member<&C::component>("component", "enum", "as /failures/component", kSmall),
          member<&C::failures>("failures", "1", "rows of /failures of the kind", kSmall),
          member<&C::lost_gpu_hours>("lost_gpu_hours", "GPU*h",
                                     "sum of their lost_gpu_seconds / 3600", kSmall),
          member<&C::jobs_interrupted>("jobs_interrupted", "1", "sum of their jobs_interrupted",
                                       kSmall),
          member<&C::jobs_slowed>("jobs_slowed", "1", "sum of their jobs_slowed", kSmall),
          member<&C::nodes_down>("nodes_down", "1", "sum of their nodes_down", kSmall),
      }};
  return def;
}

std::vector<FieldInfo> root_attributes_info() {
  std::vector<FieldInfo> out = info(root_attributes_def());
  // Not a RootAttributes member: H5Writer::commit() writes it last, after everything else.
  out.push_back({kCompleteAttribute, type_name(FieldType::kInt64), "bool",
                 "1, written last, just before the file is closed and renamed into place: a file "
                 "without it is not complete and every reader refuses it (schema version 6 on)"});
  return out;
}

std::vector<GroupInfo> groups_info() {
  return {group_info(jobs_def()),
          group_info(failures_def()),
          group_info(timeline_def()),
          group_info(pod_timeline_def()),
          group_info(job_events_def()),
          group_info(clusters_def()),
          group_info(summary_def()),
          group_info(summary_by_class_def()),
          group_info(summary_largest_jobs_def()),
          group_info(fabric_def()),
          group_info(failures_by_component_def())};
}

}  // namespace fleetsim::io
