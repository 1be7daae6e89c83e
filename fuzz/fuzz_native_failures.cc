// libFuzzer harness: fleetsim's native failure CSV (traces/failure_log_native.cc).
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fleetsim::fuzz::input_file(data, size, "f.failures.csv");
  fleetsim::fuzz::read_failures(path, "native");
  return 0;
}
