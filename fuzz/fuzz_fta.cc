// libFuzzer harness: FTA event_trace.tab failure logs (traces/failure_log_tables.cc, format fta).
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fleetsim::fuzz::input_file(data, size, "event_trace.tab");
  fleetsim::fuzz::read_failures(path, "fta");
  return 0;
}
