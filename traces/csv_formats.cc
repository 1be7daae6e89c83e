// The delimited-text trace formats and how each row becomes a TraceJob. Schemas:
// ../shared/data/SOURCES.md; conventions: docs/traces.md.
#include <algorithm>
#include <cctype>
#include <charconv>

#include "traces/csv_trace_reader.h"
#include "traces/datetime.h"
#include "traces/limits.h"
#include "traces/text.h"

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

// Checked values of a row (traces/limits.h): each throws FieldError naming the column.
double time_of(const CsvRow& r, const std::string& name) {
  return time_field(r.number(name), r.str(name), name);
}
double duration_of(const CsvRow& r, const std::string& name) {
  return duration_field(r.number(name), r.str(name), name);
}
double devices_of(const CsvRow& r, const std::string& name) {
  return devices_field(r.number(name), r.str(name), name);
}
// A difference of two checked times as a duration; negative: `field` is before `earlier`.
double elapsed(double from, double to, const std::string& field, const char* earlier) {
  if (to < from) throw FieldError{field, std::string("before ") + earlier};
  // The text for a message is made only for one (this runs on every row).
  const double d = to - from;
  return d <= kMaxSeconds ? d : duration_field(d, std::to_string(d) + " s", field);
}

// Alibaba cluster-trace-gpu-v2023 (openb) pod list: seconds from the trace start; gpu_milli is
// the share of each GPU (1000 = whole). Pods never scheduled were Pending when deleted.
void parse_openb(const CsvRow& r, TraceJob& j, TenantIds& tenants) {
  j.id = id_digits(r.str("name"), true);
  j.submit_s = time_of(r, "creation_time");
  if (j.submit_s < 0) throw FieldError{"creation_time", "negative"};
  const double gpus = devices_of(r, "num_gpu");
  const double milli = r.empty("gpu_milli") ? 0 : r.number("gpu_milli");
  if (milli < 0 || milli > 1000) throw FieldError{"gpu_milli", "not in 0..1000"};
  j.devices = gpus > 0 ? gpus * (milli > 0 ? milli : 1000) / 1000.0 : 0;
  const std::string phase = r.str("pod_phase");
  j.outcome = phase == "Succeeded" ? Outcome::kCompleted
              : phase == "Failed"  ? Outcome::kFailed
              : phase == "Pending" ? Outcome::kCancelled
                                   : Outcome::kUnknown;  // Running at the trace's end
  const double deleted = time_of(r, "deletion_time");
  if (r.empty("scheduled_time")) {
    j.started = false;
    j.runtime_s = 0;
  } else {
    const double start = time_of(r, "scheduled_time");
    j.wait_s = elapsed(j.submit_s, start, "scheduled_time", "creation_time");
    j.runtime_s = elapsed(start, deleted, "deletion_time", "scheduled_time");
  }
  j.tenant = tenants(r.str("qos"));
}

// Helios (SC'21) and Acme (NSDI'24): Slurm states; Helios' times carry no zone, Acme's do.
void parse_slurm_csv(const CsvRow& r, TraceJob& j, TenantIds& tenants, const char* tenant) {
  j.id = id_digits(r.str("job_id"), false);
  j.submit_s = r.time("submit_time");
  j.devices = devices_of(r, "gpu_num");
  j.outcome = slurm_outcome(r.str("state"));
  j.runtime_s = r.empty("duration") ? 0 : duration_of(r, "duration");
  if (r.empty("start_time"))
    j.started = false;
  else
    j.wait_s = elapsed(j.submit_s, r.time("start_time"), "start_time", "submit_time");
  j.tenant = tenants(r.str(tenant));
}

// A Slurm duration column ([D-]HH:MM:SS); false when it holds none (UNLIMITED, Partition_Limit).
bool slurm_duration_of(const CsvRow& r, const std::string& name, double& seconds) {
  if (!parse_slurm_duration(r.str(name), seconds)) return false;
  duration_field(seconds, r.str(name), name);
  return true;
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
      throw FieldError{"Start", quote(start) + " is not a time"};
    j.started = false;
  } else {
    start_s = time_field(start_s, start, "Start");
    j.wait_s = start_s - j.submit_s;
  }
  if (r.has("Elapsed") && !r.empty("Elapsed")) {
    if (!slurm_duration_of(r, "Elapsed", j.runtime_s))
      throw FieldError{"Elapsed", quote(r.str("Elapsed")) + " is not a duration ([D-]HH:MM:SS)"};
  } else if (j.started) {
    double end_s = 0;
    if (!parse_datetime(r.str("End"), end_s))
      throw FieldError{"End", "no end time and no Elapsed column", "unknown run time"};
    j.runtime_s = elapsed(start_s, time_field(end_s, r.str("End"), "End"), "End", "Start");
  }
  if (r.has("Timelimit")) {
    double limit = 0;
    if (slurm_duration_of(r, "Timelimit", limit)) j.time_limit_s = limit;
  }
  // AllocTRES "cpu=8,mem=64G,node=1,gres/gpu=4" (or gres/gpu:a100=4): GPUs, 0 when none.
  const std::string& tres = r.str("AllocTRES");
  for (std::size_t pos = 0; pos < tres.size();) {
    const auto comma = std::min(tres.find(',', pos), tres.size());
    const std::string item = tres.substr(pos, comma - pos);
    if (item.rfind("gres/gpu", 0) == 0 && item.find('=') != std::string::npos &&
        item.find(':') == std::string::npos) {
      const std::string v = item.substr(item.find('=') + 1);
      if (!parse_number(v, j.devices))
        throw FieldError{"AllocTRES", quote(item) + " has no GPU count"};
      devices_field(j.devices, item, "AllocTRES");
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
    throw FieldError{"start_time", "no start time (task " + quote(status) + ")",
                     "unknown submit time"};
  j.submit_s = time_of(r, "start_time");
  if (r.empty("end_time") || r.number("end_time") <= 0)
    throw FieldError{"end_time", "no end time (task " + quote(status) + ")", "unknown run time"};
  j.runtime_s = elapsed(j.submit_s, time_of(r, "end_time"), "end_time", "start_time");
  const double inst = r.empty("inst_num") ? 1 : devices_of(r, "inst_num");
  const double gpu = r.empty("plan_gpu") ? 0 : devices_of(r, "plan_gpu");
  j.devices = devices_field(inst * gpu / 100.0, r.str("plan_gpu"), "plan_gpu");
}

// fleetsim's normalized form (`fleetsim trace convert`, normalized_trace.h).
void parse_fleetsim(const CsvRow& r, TraceJob& j, TenantIds&) {
  auto integer = [&](const char* name, bool (*ok)(double)) {
    const double v = r.number(name);
    if (!ok(v)) throw FieldError{name, quote(r.str(name)) + " is out of range"};
    return v;
  };
  j.id = static_cast<std::int64_t>(integer("id", id_ok));
  j.submit_s = time_of(r, "submit_s");
  j.wait_s = r.number("wait_s") == -1 ? -1 : duration_of(r, "wait_s");
  j.runtime_s = duration_of(r, "runtime_s");
  j.time_limit_s = r.number("time_limit_s") == -1 ? -1 : duration_of(r, "time_limit_s");
  j.devices = devices_of(r, "devices");
  const std::string& o = r.str("outcome");
  j.outcome = o == "completed"   ? Outcome::kCompleted
              : o == "failed"    ? Outcome::kFailed
              : o == "cancelled" ? Outcome::kCancelled
              : o == "unknown"   ? Outcome::kUnknown
                                 : throw FieldError{"outcome", quote(o) +
                                                                 " is not completed, failed, "
                                                                   "cancelled or unknown"};
  j.tenant = static_cast<std::int32_t>(integer("tenant", tenant_ok));
  const double started = r.number("started");
  if (started != 0 && started != 1) throw FieldError{"started", "not 0 or 1"};
  j.started = started == 1;
  j.attempts = static_cast<std::int32_t>(integer("attempts", count_ok));
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
       nullptr,
       false,
       "vc"},
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
       },
       false,
       "Partition"},
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

}  // namespace fleetsim::traces
