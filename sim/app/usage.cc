#include "sim/app/usage.h"

namespace fleetsim::app {

void usage(std::ostream& out) {
  out << "usage: fleetsim run     [--config FILE] [--out FILE.h5] [--layout NAME] [options]\n"
         "           [--snapshot-every SPAN --snapshot-dir DIR]   (docs/snapshots.md)\n"
         "       fleetsim run     --resume SNAPSHOT|DIR [--out FILE.h5] [--threads N]\n"
         "       fleetsim compare [--config FILE] [--out DIR] [options]\n"
         "       fleetsim trace stats|convert|failures|validate FILE[:FORMAT] [options]\n"
         "                                                        (fleetsim trace --help)\n"
         "       fleetsim fabric list|describe FABRIC [--fabric.KEY VALUE ...] [--json]\n"
         "                                                        (docs/fabric.md)\n"
         "       fleetsim --help | --version\n"
         "Without --config both use the embedded default scenario: a year of synthetic AI\n"
         "workload and node failures on 100,352 GPUs, giant cluster against 10 x 10k.\n"
         "`fleetsim run --help` lists every option with its default.\n"
         "Exit status: 0 done, 1 run-time failure (e.g. the output cannot be written),\n"
         "2 bad input (one line names the file and line or the option). An existing output\n"
         "file is replaced only if it is of the kind the command writes (else --force), never\n"
         "if it is an input. Limits and rules: docs/cli.md.\n";
}

}  // namespace fleetsim::app
