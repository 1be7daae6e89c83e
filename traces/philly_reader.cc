#include "traces/philly_reader.h"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "traces/datetime.h"

namespace fleetsim::traces {

namespace {

struct RecordError {
  std::string field, what;
  std::string reason = "malformed";
};

double time_of(const nlohmann::json& obj, const char* name) {
  auto it = obj.find(name);
  if (it == obj.end()) throw RecordError{name, "missing"};
  if (!it->is_string()) throw RecordError{name, "not a string"};
  double t = 0;
  if (!parse_datetime(it->get<std::string>(), t))
    throw RecordError{name, "'" + it->get<std::string>() + "' is not a time (YYYY-MM-DD HH:MM:SS)"};
  return t;
}

}  // namespace

PhillyReader::PhillyReader(const std::string& path, const ReadOptions& opts)
    : path_(path), opts_(opts), doc_(std::make_unique<nlohmann::json>()) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw TraceError(path + ": cannot open file");
  try {
    *doc_ = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw TraceError(path + ": byte " + std::to_string(e.byte) + ": not valid JSON (" + e.what() +
                     ")");
  }
  if (!doc_->is_array()) throw TraceError(path + ": record 0: expected a JSON array of jobs");
}

PhillyReader::~PhillyReader() = default;

bool PhillyReader::next(TraceJob& job) {
  while (index_ < doc_->size()) {
    const std::size_t i = index_++;
    ++counts_.lines;
    const auto& r = (*doc_)[i];
    try {
      if (!r.is_object()) throw RecordError{"(record)", "not an object"};
      job = TraceJob{};
      job.line = static_cast<std::int64_t>(i);
      job.id = static_cast<std::int64_t>(i);
      job.submit_s = time_of(r, "submitted_time");
      auto at = r.find("attempts");
      if (at == r.end() || !at->is_array())
        throw RecordError{"attempts", "missing or not an array"};
      job.attempts = static_cast<std::int32_t>(at->size());
      double ran = 0, first_start = -1;
      std::size_t detail_gpus = 0;
      for (const auto& a : *at) {
        const double s = time_of(a, "start_time");
        // An attempt still running when the log was cut has no end: it ran until the cut.
        const auto e = a.find("end_time");
        if (e != a.end() && e->is_string()) ran += time_of(a, "end_time") - s;
        if (first_start < 0) first_start = s;
        if (auto d = a.find("detail"); d != a.end() && d->is_array()) {
          std::size_t g = 0;
          for (const auto& m : *d)
            if (auto gp = m.find("gpus"); gp != m.end() && gp->is_array()) g += gp->size();
          detail_gpus = std::max(detail_gpus, g);
        }
      }
      if (first_start >= 0) job.wait_s = first_start - job.submit_s;
      job.started = first_start >= 0;
      if (auto n = r.find("num_gpus"); n != r.end()) {
        if (!n->is_number() || n->get<double>() < 0)
          throw RecordError{"num_gpus", "not a non-negative number"};
        job.devices = n->get<double>();
      } else {
        job.devices = static_cast<double>(detail_gpus);
      }
      // The subset records the run time (minutes); the full log only the attempts.
      if (auto rt = r.find("runtime"); rt != r.end()) {
        if (!rt->is_number() || !std::isfinite(rt->get<double>()) || rt->get<double>() < 0)
          throw RecordError{"runtime", "not a non-negative number of minutes"};
        job.runtime_s = rt->get<double>() * 60;
      } else {
        job.runtime_s = ran;
      }
      if (auto st = r.find("status"); st != r.end() && st->is_string()) {
        const auto s = st->get<std::string>();
        job.outcome = s == "Pass"     ? Outcome::kCompleted
                      : s == "Killed" ? Outcome::kCancelled
                      : s == "Failed" ? Outcome::kFailed
                                      : Outcome::kUnknown;
      }
      if (auto vc = r.find("vc"); vc != r.end() && vc->is_string())
        job.tenant =
            tenants_.emplace(vc->get<std::string>(), static_cast<std::int32_t>(tenants_.size()))
                .first->second;
    } catch (const RecordError& e) {
      const std::string msg =
          path_ + ": record " + std::to_string(i) + ": field " + e.field + ": " + e.what;
      if (opts_.bad_rows == BadRows::kError) throw TraceError(msg);
      counts_.skip(e.reason, msg);
      continue;
    } catch (const nlohmann::json::exception& e) {
      const std::string msg =
          path_ + ": record " + std::to_string(i) + ": field (record): " + e.what();
      if (opts_.bad_rows == BadRows::kError) throw TraceError(msg);
      counts_.skip("malformed", msg);
      continue;
    }
    ++counts_.jobs;
    return true;
  }
  return false;
}

}  // namespace fleetsim::traces
