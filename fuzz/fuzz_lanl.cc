// libFuzzer harness: LANL failure CSV (traces/failure_log_tables.cc, format lanl).
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fleetsim::fuzz::read_failures(fleetsim::fuzz::input_file(data, size, "lanl.csv"), "lanl");
  return 0;
}
