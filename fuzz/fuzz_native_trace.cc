// libFuzzer harness: fleetsim's normalized trace CSV (traces/normalized_trace.cc, format fleetsim).
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fleetsim::fuzz::input_file(data, size, "t.fleetsim.csv");
  fleetsim::fuzz::read_trace(path, "fleetsim");
  return 0;
}
