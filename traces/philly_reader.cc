#include "traces/philly_reader.h"

#include <cmath>

#include "traces/datetime.h"
#include "traces/json_array.h"
#include "traces/limits.h"
#include "traces/row_error.h"
#include "traces/text.h"

namespace fleetsim::traces {

namespace {

using json = nlohmann::json;

double time_of(const json& obj, const char* name) {
  auto it = obj.find(name);
  if (it == obj.end()) throw FieldError{name, "missing"};
  if (!it->is_string()) throw FieldError{name, "not a string"};
  const auto& text = it->get_ref<const std::string&>();
  double t = 0;
  if (!parse_datetime(text, t))
    throw FieldError{name, quote(text) + " is not a time (YYYY-MM-DD HH:MM:SS)"};
  return time_field(t, text, name);
}

// A non-negative JSON number, converted by `scale` (minutes to s) and checked by `check`
// (row_error.h) against traces/limits.h.
double number_of(const json& v, const char* name, const char* unit, double scale,
                 double (*check)(double, std::string_view, std::string_view)) {
  if (!v.is_number() || v.get<double>() < 0)
    throw FieldError{name, std::string("not a non-negative number") + unit};
  return check(v.get<double>() * scale, v.dump(), name);
}

void parse_job(const json& r, std::int64_t record, TraceJob& job,
               std::map<std::string, std::int32_t>& tenants) {
  if (!r.is_object()) throw FieldError{"(record)", "not an object"};
  job = TraceJob{};
  job.line = record;
  job.id = record - 1;
  job.submit_s = time_of(r, "submitted_time");
  auto at = r.find("attempts");
  if (at == r.end() || !at->is_array()) throw FieldError{"attempts", "missing or not an array"};
  if (!count_ok(static_cast<double>(at->size())))
    throw FieldError{"attempts", "more attempts than an int32 counts"};
  job.attempts = static_cast<std::int32_t>(at->size());
  double ran = 0, first_start = -1;
  std::size_t detail_gpus = 0;
  for (const auto& a : *at) {
    if (!a.is_object()) throw FieldError{"attempts", "an attempt is not an object"};
    const double s = time_of(a, "start_time");
    // An attempt still running when the log was cut has no end: it ran until the cut.
    const auto e = a.find("end_time");
    if (e != a.end() && e->is_string()) {
      const double end = time_of(a, "end_time");
      if (end < s) throw FieldError{"end_time", "before start_time"};
      ran += end - s;
    }
    if (first_start < 0) first_start = s;
    if (auto d = a.find("detail"); d != a.end() && d->is_array()) {
      std::size_t g = 0;
      for (const auto& m : *d)
        if (auto gp = m.find("gpus"); m.is_object() && gp != m.end() && gp->is_array())
          g += gp->size();
      detail_gpus = std::max(detail_gpus, g);
    }
  }
  if (first_start >= 0) job.wait_s = first_start - job.submit_s;
  job.started = first_start >= 0;
  if (auto n = r.find("num_gpus"); n != r.end())
    job.devices = number_of(*n, "num_gpus", "", 1, devices_field);
  else
    job.devices = static_cast<double>(detail_gpus);
  // The subset records the run time (minutes); the full log only the attempts.
  if (auto rt = r.find("runtime"); rt != r.end())
    job.runtime_s = number_of(*rt, "runtime", " of minutes", 60, duration_field);
  else
    job.runtime_s = ran <= kMaxSeconds ? ran : duration_field(ran, std::to_string(ran), "attempts");
  if (auto st = r.find("status"); st != r.end() && st->is_string()) {
    const auto& s = st->get_ref<const std::string&>();
    job.outcome = s == "Pass"     ? Outcome::kCompleted
                  : s == "Killed" ? Outcome::kCancelled
                  : s == "Failed" ? Outcome::kFailed
                                  : Outcome::kUnknown;
  }
  if (auto vc = r.find("vc"); vc != r.end() && vc->is_string())
    job.tenant = tenants.emplace(vc->get<std::string>(), static_cast<std::int32_t>(tenants.size()))
                     .first->second;
}

}  // namespace

PhillyReader::PhillyReader(const std::string& path, const ReadOptions& opts)
    : path_(path), opts_(opts), doc_(std::make_unique<json>(read_json_array(path, "jobs"))) {}

PhillyReader::~PhillyReader() = default;

std::string PhillyReader::where(std::int64_t line) const { return at_record(path_, line); }

bool PhillyReader::next(TraceJob& job) {
  while (index_ < doc_->size()) {
    const auto record = static_cast<std::int64_t>(++index_);  // 1-based, as line numbers
    ++counts_.lines;
    try {
      const json& r = (*doc_)[index_ - 1];
      parse_job(r, record, job, tenants_);
      // The virtual cluster is Philly's partition as well as its tenant.
      job.partition = -1;
      if (auto vc = r.find("vc"); vc != r.end() && vc->is_string())
        job.partition = partitions_.intern(vc->get_ref<const std::string&>(), "vc");
    } catch (const FieldError& e) {
      reject_row(counts_, opts_.bad_rows, opts_.unusable_is_error, at_record(path_, record), e);
      continue;
    } catch (const json::exception& e) {
      // A value of an unexpected JSON type where the reader did not check it first.
      reject_row(counts_, opts_.bad_rows, opts_.unusable_is_error, at_record(path_, record),
                 {"(record)", quote(e.what())});
      continue;
    }
    ++counts_.jobs;
    return true;
  }
  return false;
}

}  // namespace fleetsim::traces
