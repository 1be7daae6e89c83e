// libFuzzer harness: a snapshot (`fleetsim run --resume FILE`, sim/engine/snapshot_format.cc).
// Parsed once as fleetsim does, CRC included, and once without the CRC check, which a fuzzer
// cannot forge (with it nearly every mutation is refused at once): then every LP record is
// decoded too. SnapshotError is the documented answer to a bad file; the LP states inside a
// record are the model's (cereal) and are only reached through a matching CRC.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sim/engine/snapshot_format.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fleetsim::engine;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    parse_snapshot(bytes, "fuzz.fss");
  } catch (const SnapshotError&) {
  }
  try {
    const SnapshotView v = parse_snapshot(bytes, "fuzz.fss", false);
    for (const auto record : v.records) decode_record(record, "fuzz.fss");
  } catch (const SnapshotError&) {
  }
  return 0;
}
