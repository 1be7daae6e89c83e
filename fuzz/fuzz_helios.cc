// libFuzzer harness: Helios CSV job logs (traces/csv_formats.cc, format helios).
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fleetsim::fuzz::read_trace(fleetsim::fuzz::input_file(data, size, "helios.csv"), "helios");
  return 0;
}
