// The normalized job record every trace reader yields, and what a reader counts while reading.
// Readers never drop a row silently: every line is a job, a comment/header, or a skipped row with
// its reason, and the counts add up to the lines read.
#pragma once
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace fleetsim::traces {

// What the trace recorded about how the job ended.
enum class Outcome : std::int8_t { kUnknown = -1, kCompleted = 0, kFailed = 1, kCancelled = 2 };
const char* outcome_name(Outcome o);

struct TraceJob {
  std::int64_t id = 0;       // the trace's own job id
  double submit_s = 0;       // seconds from the trace's time origin
  double wait_s = -1;        // recorded queue wait (start - submit); -1 unknown
  double runtime_s = 0;      // recorded run time (until it ended, whatever the outcome)
  double time_limit_s = -1;  // requested time; -1 unknown
  double devices = 0;        // processors (SWF) or GPUs, possibly fractional
  Outcome outcome = Outcome::kUnknown;
  std::int32_t tenant = -1;   // user, group, VC or queue number; -1 unknown
  bool started = true;        // false: never ran (e.g. an openb pod still Pending when deleted)
  std::int32_t attempts = 0;  // scheduling attempts (Philly); 0 unknown
  // The partition recorded: an index into the reader's partition_names(); -1 none or unknown.
  std::int16_t partition = -1;
  std::int64_t line = 0;  // line (or record index) it came from, for messages
};

// Bad input in a trace or failure log: "FILE:LINE: field NAME: what". Bad input, exit status 2.
class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class BadRows { kError, kSkip };

struct ReadCounts {
  std::int64_t lines = 0;                            // every line read
  std::int64_t comments = 0;                         // header, comment and blank lines
  std::int64_t jobs = 0;                             // rows yielded as jobs
  std::int64_t skipped = 0;                          // rows not yielded, each with a reason below
  std::map<std::string, std::int64_t> skip_reasons;  // reason -> rows
  std::vector<std::string> first_skips;              // the first few messages, FILE:LINE: ...

  void skip(const std::string& reason, const std::string& message);
  // "N lines: J jobs, C comment/header lines, S skipped (reason: n, ...)".
  std::string describe() const;
};

}  // namespace fleetsim::traces
