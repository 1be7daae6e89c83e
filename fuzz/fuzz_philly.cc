// libFuzzer harness: Philly JSON job logs (traces/philly_reader.cc).
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fleetsim::fuzz::read_trace(fleetsim::fuzz::input_file(data, size, "philly.json"), "philly");
  return 0;
}
