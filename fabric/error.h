// Bad fabric input. The message already names where (FILE:LINE and the key, or the command-line
// option), so the command prints it as one line and exits 2.
#pragma once
#include <stdexcept>

namespace fleetsim::fabric {

struct FabricError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace fleetsim::fabric
