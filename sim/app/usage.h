// The top-level usage text of `fleetsim`.
#pragma once
#include <ostream>

namespace fleetsim::app {

void usage(std::ostream& out);

}  // namespace fleetsim::app
