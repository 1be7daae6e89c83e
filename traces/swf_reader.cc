#include "traces/swf_reader.h"

#include "traces/limits.h"
#include "traces/row_error.h"
#include "traces/text.h"

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

// A blank line or a ';' comment: true, with `text` from its ';' on.
bool comment_line(std::string_view line, std::string_view& text) {
  std::size_t i = 0;
  while (i < line.size() && is_space(line[i])) ++i;
  text = line.substr(i);
  return text.empty() || text.front() == ';';
}

std::string trim_header(std::string_view s) {
  while (!s.empty() && (is_space(s.front()) || s.front() == ';')) s.remove_prefix(1);
  return std::string(trim(s));
}

}  // namespace

SwfReader::SwfReader(const std::string& path, const ReadOptions& opts) : opts_(opts), in_(path) {
  // Read the header: every comment line up to the first job line, which is kept for next().
  std::string_view line;
  std::string_view text;
  while (read_line(line)) {
    if (comment_line(line, text)) {
      ++counts_.comments;
      header_line(text);
      continue;
    }
    pending_.assign(line);
    has_pending_ = true;
    break;
  }
  auto it = header_.find("MaxProcs");
  double v = 0;
  if (it != header_.end() && parse_number(it->second, v) && v > 0 && devices_ok(v)) max_procs_ = v;
}

std::string SwfReader::where(std::int64_t line) const { return at_line(in_.path(), line); }

bool SwfReader::read_line(std::string_view& line) {
  if (!in_.next(line)) return false;
  ++counts_.lines;
  return true;
}

void SwfReader::header_line(std::string_view line) {
  // "; Key: value" -> header_[Key] = value (first occurrence kept; "Note" lines repeat).
  const std::string text = trim_header(line);
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0) return;
  const std::string key = trim_header(std::string_view(text).substr(0, colon));
  if (key.find(' ') != std::string::npos) return;
  header_.emplace(key, trim_header(std::string_view(text).substr(colon + 1)));
}

void SwfReader::parse(std::string_view line, TraceJob& job) {
  double f[kSwfFields];
  std::string_view text[kSwfFields];
  const char* p = line.data();
  const char* end = p + line.size();
  int n = 0;
  for (;;) {
    while (p < end && is_space(*p)) ++p;
    if (p == end) break;
    const char* b = p;
    while (p < end && !is_space(*p)) ++p;
    if (n == kSwfFields)
      throw FieldError{"think_time", "more than " + std::to_string(kSwfFields) + " fields"};
    text[n] = std::string_view(b, static_cast<std::size_t>(p - b));
    if (!parse_number(text[n], f[n])) number_field(text[n], kSwfFieldNames[n]);  // throws
    ++n;
  }
  if (n < kSwfFields)
    throw FieldError{kSwfFieldNames[n], "missing (" + std::to_string(n) + " of " +
                                            std::to_string(kSwfFields) + " fields)"};

  using P = ReadOptions::Procs;
  const int first = opts_.procs == P::kAllocated ? kAllocProcs : kReqProcs;
  const int second = opts_.procs == P::kAllocated ? kReqProcs : kAllocProcs;
  const int pf = f[first] > 0 ? first : second;
  if (f[kSubmit] < 0) throw FieldError{"submit_time", "unknown (-1)", "unknown submit time"};
  if (f[kRun] < 0) throw FieldError{"run_time", "unknown (-1)", "unknown run time"};
  if (!(f[pf] > 0))
    throw FieldError{kSwfFieldNames[first], "no processors (allocated and requested are both <= 0)",
                     "no processors"};

  // Every number that becomes a time, a size or an id is checked against traces/limits.h: a
  // value such as 1e26 must not wrap around into a negative run time or a 1-GPU job.
  if (!id_ok(f[kJob])) throw FieldError{"job_number", quote(text[kJob]) + " is not a job id"};
  job.id = static_cast<std::int64_t>(f[kJob]);
  job.submit_s = time_field(f[kSubmit], text[kSubmit], "submit_time");
  job.wait_s = f[kWait] >= 0 ? duration_field(f[kWait], text[kWait], "wait_time") : -1;
  job.runtime_s = duration_field(f[kRun], text[kRun], "run_time");
  job.time_limit_s =
      f[kReqTime] > 0 ? duration_field(f[kReqTime], text[kReqTime], "requested_time") : -1;
  job.devices = devices_field(f[pf], text[pf], kSwfFieldNames[pf]);
  // SWF status: 1 completed, 0 failed, 5 cancelled; 2-4 are checkpoint/swap partial records
  // (not in cleaned logs), -1 unknown.
  const double status = f[kStatus];
  job.outcome = status == 1   ? Outcome::kCompleted
                : status == 0 ? Outcome::kFailed
                : status == 5 ? Outcome::kCancelled
                              : Outcome::kUnknown;
  using T = ReadOptions::Tenant;
  const int tf = opts_.tenant == T::kUser    ? kUser
                 : opts_.tenant == T::kGroup ? kGroup
                 : opts_.tenant == T::kQueue ? kQueue
                                             : kPartition;
  if (f[tf] >= 0 && !tenant_ok(f[tf]))
    throw FieldError{kSwfFieldNames[tf], quote(text[tf]) + " is not a number up to 2^31-1"};
  job.tenant = f[tf] >= 0 ? static_cast<std::int32_t>(f[tf]) : -1;
  // A partition number is a name to fleetsim, "1" however written ("1.0", "01"); a value that
  // is no whole number stays as written. Negative (-1) is unknown.
  const double part = f[kPartition];
  job.partition =
      part < 0 ? -1
      : tenant_ok(part)
          ? partitions_.intern(std::to_string(static_cast<std::int32_t>(part)), "partition")
          : partitions_.intern(text[kPartition], "partition");
  job.line = in_.line_number();
}

bool SwfReader::take(std::string_view line, TraceJob& job) {
  try {
    parse(line, job);
  } catch (const FieldError& e) {
    reject_row(counts_, opts_.bad_rows, opts_.unusable_is_error,
               at_line(in_.path(), in_.line_number()), e);
    return false;
  }
  ++counts_.jobs;
  return true;
}

bool SwfReader::next(TraceJob& job) {
  if (has_pending_) {
    has_pending_ = false;
    // The look-ahead line is the reader's current line only until it reads another.
    const std::string line = std::move(pending_);
    if (take(line, job)) return true;
  }
  std::string_view line, text;
  while (read_line(line)) {
    if (comment_line(line, text))
      ++counts_.comments;
    else if (take(line, job))
      return true;
  }
  return false;
}

}  // namespace fleetsim::traces
