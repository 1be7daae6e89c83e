// libFuzzer harness: Alibaba PAI task tables (traces/csv_formats.cc, format pai).
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fleetsim::fuzz::read_trace(fleetsim::fuzz::input_file(data, size, "pai.csv"), "pai");
  return 0;
}
