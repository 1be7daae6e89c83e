// The delimited-text trace formats and how each row becomes a TraceJob. Schemas:
// ../shared/data/SOURCES.md; conventions: docs/traces.md.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "traces/csv_trace_reader.h"
#include "traces/datetime.h"

namespace fleetsim::traces {

namespace {

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Slurm-style states (Helios, Acme, sacct). TIMEOUT, NODE_FAIL, OUT_OF_MEMORY and the like
// count as failed, as the Helios and Acme summaries count them.
Outcome slurm_outcome(const std::string& state) {
  std::string s = upper(state);
  s = s.substr(0, s.find(' '));  // "CANCELLED by 1234"
  if (s == "COMPLETED") return Outcome::kCompleted;
  if (s == "CANCELLED") return Outcome::kCancelled;
  if (s == "FAILED" || s == "TIMEOUT" || s == "NODE_FAIL" || s == "OUT_OF_MEMORY" ||
      s == "BOOT_FAIL" || s == "DEADLINE" || s == "PREEMPTED")
    return Outcome::kFailed;
  return Outcome::kUnknown;
}

// The integer at the start (or, with `trailing`, the end) of an id such as "1234_5" or
// "openb-pod-0042"; -1 when there is none.
std::int64_t id_digits(const std::string& s, bool trailing) {
  std::size_t b = 0, e = s.size();
  if (trailing) {
    b = e;
    while (b > 0 && std::isdigit(static_cast<unsigned char>(s[b - 1]))) --b;
  } else {
    e = 0;
    while (e < s.size() && std::isdigit(static_cast<unsigned char>(s[e]))) ++e;
  }
  std::int64_t v = -1;
  if (b < e) std::from_chars(s.data() + b, s.data() + e, v);
  return v;
}

void non_negative(double v, const char* field) {
  if (v < 0) throw RowError{field, "negative (" + std::to_string(v) + ")"};
}

// Alibaba cluster-trace-gpu-v2023 (openb) pod list: seconds from the trace start; gpu_milli is
// the share of each GPU (1000 = whole). Pods never scheduled were Pending when deleted.
void parse_openb(const CsvRow& r, TraceJob& j, TenantIds& tenants) {
  j.id = id_digits(r.str("name"), true);
  j.submit_s = r.number("creation_time");
  non_negative(j.submit_s, "creation_time");
  const double gpus = r.number("num_gpu");
  const double milli = r.empty("gpu_milli") ? 0 : r.number("gpu_milli");
  non_negative(gpus, "num_gpu");
  if (milli < 0 || milli > 1000) throw RowError{"gpu_milli", "not in 0..1000"};
  j.devices = gpus > 0 ? gpus * (milli > 0 ? milli : 1000) / 1000.0 : 0;
  const std::string phase = r.str("pod_phase");
  j.outcome = phase == "Succeeded" ? Outcome::kCompleted
              : phase == "Failed"  ? Outcome::kFailed
              : phase == "Pending" ? Outcome::kCancelled
                                   : Outcome::kUnknown;  // Running at the trace's end
  const double deleted = r.number("deletion_time");
  if (r.empty("scheduled_time")) {
    j.started = false;
    j.runtime_s = 0;
  } else {
    const double start = r.number("scheduled_time");
    if (start < j.submit_s) throw RowError{"scheduled_time", "before creation_time"};
    if (deleted < start) throw RowError{"deletion_time", "before scheduled_time"};
    j.wait_s = start - j.submit_s;
    j.runtime_s = deleted - start;
  }
  j.tenant = tenants(r.str("qos"));
}

// Helios (SC'21) and Acme (NSDI'24): Slurm states; Helios' times carry no zone, Acme's do.
void parse_slurm_csv(const CsvRow& r, TraceJob& j, TenantIds& tenants, const char* tenant) {
  j.id = id_digits(r.str("job_id"), false);
  j.submit_s = r.time("submit_time");
  j.devices = r.number("gpu_num");
  non_negative(j.devices, "gpu_num");
  j.outcome = slurm_outcome(r.str("state"));
  j.runtime_s = r.empty("duration") ? 0 : r.number("duration");
  non_negative(j.runtime_s, "duration");
  if (r.empty("start_time")) {
    j.started = false;
  } else {
    j.wait_s = r.time("start_time") - j.submit_s;
    if (j.wait_s < 0) throw RowError{"start_time", "before submit_time"};
  }
  j.tenant = tenants(r.str(tenant));
}

// sacct --parsable2: '|' separated; job steps ("123.batch", "123.0") are not jobs.
void parse_sacct(const CsvRow& r, TraceJob& j, TenantIds& tenants) {
  j.id = id_digits(r.str("JobID"), false);
  j.submit_s = r.time("Submit");
  j.outcome = slurm_outcome(r.str("State"));
  const std::string& start = r.str("Start");
  double start_s = 0;
  if (!parse_datetime(start, start_s)) {
    if (start != "Unknown" && start != "None" && !start.empty())
      throw RowError{"Start", "'" + start + "' is not a time"};
    j.started = false;
  } else {
    j.wait_s = start_s - j.submit_s;
  }
  if (r.has("Elapsed") && !r.empty("Elapsed")) {
    if (!parse_slurm_duration(r.str("Elapsed"), j.runtime_s))
      throw RowError{"Elapsed", "'" + r.str("Elapsed") + "' is not a duration ([D-]HH:MM:SS)"};
  } else if (j.started) {
    double end_s = 0;
    if (!parse_datetime(r.str("End"), end_s))
      throw RowError{"End", "no end time and no Elapsed column", "unknown run time"};
    j.runtime_s = end_s - start_s;
  }
  if (r.has("Timelimit")) {
    double limit = 0;
    if (parse_slurm_duration(r.str("Timelimit"), limit)) j.time_limit_s = limit;
  }
  // AllocTRES "cpu=8,mem=64G,node=1,gres/gpu=4" (or gres/gpu:a100=4): GPUs, 0 when none.
  const std::string& tres = r.str("AllocTRES");
  for (std::size_t pos = 0; pos < tres.size();) {
    const auto comma = std::min(tres.find(',', pos), tres.size());
    const std::string item = tres.substr(pos, comma - pos);
    if (item.rfind("gres/gpu", 0) == 0 && item.find('=') != std::string::npos &&
        item.find(':') == std::string::npos) {
      const std::string v = item.substr(item.find('=') + 1);
      auto res = std::from_chars(v.data(), v.data() + v.size(), j.devices);
      if (res.ec != std::errc() || res.ptr != v.data() + v.size())
        throw RowError{"AllocTRES", "'" + item + "' has no GPU count"};
    }
    pos = comma + 1;
  }
  j.tenant = tenants(r.has("Account") ? r.str("Account") : r.has("User") ? r.str("User") : "");
}

// Alibaba PAI 2020 task table (headerless): plan_gpu in percent of one GPU per instance;
// times in seconds. The table has no submit time: the task's start stands in (wait unknown).
void parse_pai(const CsvRow& r, TraceJob& j, TenantIds&) {
  j.id = -1;
  const std::string status = r.str("status");
  j.outcome = status == "Terminated" ? Outcome::kCompleted
              : status == "Failed"   ? Outcome::kFailed
                                     : Outcome::kUnknown;
  if (r.empty("start_time") || r.number("start_time") <= 0)
    throw RowError{"start_time", "no start time (task " + status + ")", "unknown submit time"};
  j.submit_s = r.number("start_time");
  if (r.empty("end_time") || r.number("end_time") <= 0)
    throw RowError{"end_time", "no end time (task " + status + ")", "unknown run time"};
  j.runtime_s = r.number("end_time") - j.submit_s;
  non_negative(j.runtime_s, "end_time");
  const double inst = r.empty("inst_num") ? 1 : r.number("inst_num");
  const double gpu = r.empty("plan_gpu") ? 0 : r.number("plan_gpu");
  non_negative(gpu, "plan_gpu");
  j.devices = inst * gpu / 100.0;
}

// fleetsim's normalized form (`fleetsim trace convert`, normalized_trace.h).
void parse_fleetsim(const CsvRow& r, TraceJob& j, TenantIds&) {
  j.id = static_cast<std::int64_t>(r.number("id"));
  j.submit_s = r.number("submit_s");
  j.wait_s = r.number("wait_s");
  j.runtime_s = r.number("runtime_s");
  non_negative(j.runtime_s, "runtime_s");
  j.time_limit_s = r.number("time_limit_s");
  j.devices = r.number("devices");
  non_negative(j.devices, "devices");
  const std::string& o = r.str("outcome");
  j.outcome = o == "completed"   ? Outcome::kCompleted
              : o == "failed"    ? Outcome::kFailed
              : o == "cancelled" ? Outcome::kCancelled
              : o == "unknown"   ? Outcome::kUnknown
                                 : throw RowError{"outcome", "'" + o +
                                                               "' is not completed, failed, "
                                                                 "cancelled or unknown"};
  j.tenant = static_cast<std::int32_t>(r.number("tenant"));
  const double started = r.number("started");
  if (started != 0 && started != 1) throw RowError{"started", "not 0 or 1"};
  j.started = started == 1;
  j.attempts = static_cast<std::int32_t>(r.number("attempts"));
}

const std::vector<CsvFormat>& formats() {
  static const std::vector<CsvFormat> all = {
      {"openb",
       ',',
       {},
       {"name", "num_gpu", "gpu_milli", "qos", "pod_phase", "creation_time", "deletion_time",
        "scheduled_time"},
       parse_openb,
       nullptr},
      {"helios",
       ',',
       {},
       {"job_id", "vc", "gpu_num", "state", "submit_time", "start_time", "duration"},
       [](const CsvRow& r, TraceJob& j, TenantIds& t) { parse_slurm_csv(r, j, t, "vc"); },
       nullptr},
      {"acme",
       ',',
       {},
       {"job_id", "user", "gpu_num", "state", "submit_time", "start_time", "duration"},
       [](const CsvRow& r, TraceJob& j, TenantIds& t) { parse_slurm_csv(r, j, t, "user"); },
       nullptr},
      {"sacct",
       '|',
       {},
       {"JobID", "Submit", "Start", "End", "AllocTRES", "State"},
       parse_sacct,
       [](const CsvRow& r) -> const char* {
         return r.str("JobID").find('.') != std::string::npos ? "job step" : nullptr;
       }},
      {"pai",
       ',',
       {"job_name", "task_name", "inst_num", "status", "start_time", "end_time", "plan_cpu",
        "plan_mem", "plan_gpu", "gpu_type"},
       {},
       parse_pai,
       nullptr},
      {"fleetsim",
       ',',
       {},
       {"id", "submit_s", "wait_s", "runtime_s", "time_limit_s", "devices", "outcome", "tenant",
        "started", "attempts"},
       parse_fleetsim,
       nullptr,
       true},
  };
  return all;
}

}  // namespace

const CsvFormat* find_csv_format(const std::string& name) {
  for (const auto& f : formats())
    if (name == f.name) return &f;
  return nullptr;
}

std::vector<std::string> csv_format_names() {
  std::vector<std::string> out;
  for (const auto& f : formats()) out.emplace_back(f.name);
  return out;
}

}  // namespace fleetsim::traces
