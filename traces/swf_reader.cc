#include "traces/swf_reader.h"

#include <charconv>
#include <cmath>

namespace fleetsim::traces {

const std::array<const char*, kSwfFields> kSwfFieldNames = {
    "job_number",   "submit_time",   "wait_time",       "run_time",       "allocated_procs",
    "avg_cpu_time", "used_memory",   "requested_procs", "requested_time", "requested_memory",
    "status",       "user_id",       "group_id",        "executable",     "queue",
    "partition",    "preceding_job", "think_time"};

namespace {

enum Field {
  kJob = 0,
  kSubmit = 1,
  kWait = 2,
  kRun = 3,
  kAllocProcs = 4,
  kReqProcs = 7,
  kReqTime = 8,
  kStatus = 10,
  kUser = 11,
  kGroup = 12,
  kQueue = 14,
  kPartition = 15
};

bool is_space(char c) { return c == ' ' || c == '\t'; }

// One numeric field: an integer, or a decimal (some logs record average CPU time or memory so).
bool parse_number(const char* b, const char* e, double& out) {
  long long i = 0;
  auto r = std::from_chars(b, e, i);
  if (r.ec == std::errc() && r.ptr == e) {
    out = static_cast<double>(i);
    return true;
  }
  r = std::from_chars(b, e, out);
  return r.ec == std::errc() && r.ptr == e && std::isfinite(out);
}

std::string trim(std::string_view s) {
  while (!s.empty() && (is_space(s.front()) || s.front() == ';')) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return std::string(s);
}

}  // namespace

SwfReader::SwfReader(const std::string& path, const ReadOptions& opts) : opts_(opts), in_(path) {
  // Read the header: every comment line up to the first job line, which is kept for next().
  std::string_view line;
  while (read_line(line)) {
    std::size_t i = 0;
    while (i < line.size() && is_space(line[i])) ++i;
    if (i == line.size() || line[i] == ';') {
      ++counts_.comments;
      header_line(line.substr(i));
      continue;
    }
    pending_.assign(line);
    has_pending_ = true;
    break;
  }
  auto it = header_.find("MaxProcs");
  double v = 0;
  if (it != header_.end() &&
      parse_number(it->second.data(), it->second.data() + it->second.size(), v) && v > 0)
    max_procs_ = v;
}

bool SwfReader::read_line(std::string_view& line) {
  if (!in_.next(line)) return false;
  ++counts_.lines;
  return true;
}

void SwfReader::header_line(std::string_view line) {
  // "; Key: value" -> header_[Key] = value (first occurrence kept; "Note" lines repeat).
  const std::string text = trim(line);
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0) return;
  const std::string key = trim(std::string_view(text).substr(0, colon));
  if (key.find(' ') != std::string::npos) return;
  header_.emplace(key, trim(std::string_view(text).substr(colon + 1)));
}

bool SwfReader::reject(const std::string& reason, const std::string& field,
                       const std::string& what) {
  const std::string msg =
      in_.path() + ":" + std::to_string(in_.line_number()) + ": field " + field + ": " + what;
  const bool malformed = reason == "malformed";
  if ((malformed && opts_.bad_rows == BadRows::kError) || (!malformed && opts_.unusable_is_error))
    throw TraceError(msg);
  counts_.skip(reason, msg);
  return false;
}

bool SwfReader::parse(std::string_view line, TraceJob& job) {
  double f[kSwfFields];
  const char* p = line.data();
  const char* end = p + line.size();
  int n = 0;
  for (;;) {
    while (p < end && is_space(*p)) ++p;
    if (p == end) break;
    const char* b = p;
    while (p < end && !is_space(*p)) ++p;
    if (n == kSwfFields)
      return reject("malformed", "think_time",
                    "more than " + std::to_string(kSwfFields) + " fields");
    if (!parse_number(b, p, f[n])) {
      std::string what = "'";  // built by appends: GCC 12 warns falsely on "'" + string
      what.append(b, p).append("' is not a number");
      return reject("malformed", kSwfFieldNames[n], what);
    }
    ++n;
  }
  if (n < kSwfFields)
    return reject(
        "malformed", kSwfFieldNames[n],
        "missing (" + std::to_string(n) + " of " + std::to_string(kSwfFields) + " fields)");

  using P = ReadOptions::Procs;
  const int first = opts_.procs == P::kAllocated ? kAllocProcs : kReqProcs;
  const int second = opts_.procs == P::kAllocated ? kReqProcs : kAllocProcs;
  const double procs = f[first] > 0 ? f[first] : f[second];
  if (f[kSubmit] < 0) return reject("unknown submit time", "submit_time", "unknown (-1)");
  if (f[kRun] < 0) return reject("unknown run time", "run_time", "unknown (-1)");
  if (!(procs > 0))
    return reject("no processors", kSwfFieldNames[first],
                  "no processors (allocated and requested are both <= 0)");

  job.id = static_cast<std::int64_t>(f[kJob]);
  job.submit_s = f[kSubmit];
  job.wait_s = f[kWait] >= 0 ? f[kWait] : -1;
  job.runtime_s = f[kRun];
  job.time_limit_s = f[kReqTime] > 0 ? f[kReqTime] : -1;
  job.devices = procs;
  // SWF status: 1 completed, 0 failed, 5 cancelled; 2-4 are checkpoint/swap partial records
  // (not in cleaned logs), -1 unknown.
  const int status = static_cast<int>(f[kStatus]);
  job.outcome = status == 1   ? Outcome::kCompleted
                : status == 0 ? Outcome::kFailed
                : status == 5 ? Outcome::kCancelled
                              : Outcome::kUnknown;
  using T = ReadOptions::Tenant;
  const int tf = opts_.tenant == T::kUser    ? kUser
                 : opts_.tenant == T::kGroup ? kGroup
                 : opts_.tenant == T::kQueue ? kQueue
                                             : kPartition;
  job.tenant = f[tf] >= 0 ? static_cast<std::int32_t>(f[tf]) : -1;
  job.line = in_.line_number();
  return true;
}

bool SwfReader::next(TraceJob& job) {
  if (has_pending_) {
    has_pending_ = false;
    // The look-ahead line is the reader's current line only until it reads another.
    const std::string line = std::move(pending_);
    if (parse(line, job)) {
      ++counts_.jobs;
      return true;
    }
  }
  std::string_view line;
  while (read_line(line)) {
    std::size_t i = 0;
    while (i < line.size() && is_space(line[i])) ++i;
    if (i == line.size() || line[i] == ';') {
      ++counts_.comments;
      continue;
    }
    if (parse(line, job)) {
      ++counts_.jobs;
      return true;
    }
  }
  return false;
}

}  // namespace fleetsim::traces
