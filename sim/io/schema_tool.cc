// fleetsim_schema: prints every dataset and root attribute of a fleetsim output file (name,
// type, units, description) as JSON, from the declarations the writer itself uses.
#include <cstdio>
#include <cstring>

#include "sim/io/schema_json.h"

int main(int argc, char** argv) {
  if (argc > 1) {
    const bool help = std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0;
    std::fprintf(help ? stdout : stderr,
                 "usage: fleetsim_schema\nPrints the output file schema (docs/output.md) as "
                 "JSON.\n");
    return help ? 0 : 2;
  }
  std::fputs(fleetsim::io::schema_json().c_str(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}
