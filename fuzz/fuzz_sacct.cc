// libFuzzer harness: sacct --parsable2 output (traces/csv_formats.cc, format sacct).
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fleetsim::fuzz::read_trace(fleetsim::fuzz::input_file(data, size, "jobs.sacct"), "sacct");
  return 0;
}
