// libFuzzer harness: StepFun fault_trace.json failure logs (traces/failure_log_stepfun.cc).
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = fleetsim::fuzz::input_file(data, size, "fault_trace.json");
  fleetsim::fuzz::read_failures(path, "stepfun");
  return 0;
}
