// Parsing speed of the SWF reader on one core: reads FILE through SwfReader (every field parsed,
// every row checked, nothing kept) and prints "lines seconds lines_per_second".
//   swf_parse_bench FILE [REPEATS]
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "traces/swf_reader.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: swf_parse_bench FILE [REPEATS]\n");
    return 2;
  }
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 3;
  double best = 1e30;
  long long lines = 0;
  double checksum = 0;
  for (int r = 0; r < repeats; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    fleetsim::traces::SwfReader reader(argv[1], fleetsim::traces::ReadOptions{});
    fleetsim::traces::TraceJob j;
    while (reader.next(j)) checksum += j.runtime_s;  // keeps the loop from being optimised out
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    lines = reader.counts().lines;
    best = std::min(best, s);
  }
  std::printf("%lld %.3f %.0f (best of %d; checksum %.0f)\n", lines, best, lines / best, repeats,
              checksum);
  return 0;
}
