// libFuzzer harness: Alibaba openb pod lists (traces/csv_formats.cc, format openb).
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fleetsim::fuzz::read_trace(fleetsim::fuzz::input_file(data, size, "openb.csv"), "openb");
  return 0;
}
