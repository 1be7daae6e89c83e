// Reading a fixture whole, and the message of the error it raises, for the tests of bad input.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "traces/trace_reader.h"

namespace fleetsim::test {

inline const std::string kTraceData = FLEETSIM_TEST_DATA "/traces/";
inline const std::string kFailureData = FLEETSIM_TEST_DATA "/failures/";

// What `f` throws, or "(no error)": tests compare whole messages, so they fail when the
// message or the location changes.
inline std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

struct TraceRows {
  std::vector<traces::TraceJob> jobs;
  traces::ReadCounts counts;
};

inline TraceRows read_trace(const std::string& path, const std::string& format,
                            traces::BadRows bad = traces::BadRows::kSkip) {
  traces::ReadOptions opts;
  opts.bad_rows = bad;
  auto r = traces::open_trace({path, format}, opts);
  TraceRows out;
  traces::TraceJob j;
  while (r->next(j)) out.jobs.push_back(j);
  out.counts = r->counts();
  return out;
}

}  // namespace fleetsim::test
