// libFuzzer harness: SWF job traces gzip-compressed (.swf.gz: traces/line_reader.cc's zlib path),
// the compressed stream cut short by up to 63 bytes.
#include "fuzz/harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string gz = fleetsim::fuzz::gzip_input(data, size);
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(gz.data());
  fleetsim::fuzz::read_trace(fleetsim::fuzz::input_file(bytes, gz.size(), "in.swf.gz"), "swf");
  return 0;
}
