// libFuzzer harness: Acme CSV job logs (traces/csv_formats.cc, format acme).
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fleetsim::fuzz::read_trace(fleetsim::fuzz::input_file(data, size, "acme.csv"), "acme");
  return 0;
}
