// libFuzzer harness: SWF job traces (traces/swf_reader.cc), plain text.
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fleetsim::fuzz::read_trace(fleetsim::fuzz::input_file(data, size, "in.swf"), "swf");
  return 0;
}
