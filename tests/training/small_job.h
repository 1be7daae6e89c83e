// The small job the hand-worked training tests start from: 1.2B parameters, 24 layers, hidden
// 2,048, 1,024-token sequences; model FLOPs 6 P per token (attention left out so that the hand
// sums stay short). Peak 1 PFLOP/s at 50%: one sequence through all 24 layers takes
// 1024 x 7.2e9 / 5e14 = 14.7456 ms.
#pragma once
#include "training/job.h"

namespace fleetsim::training::test {

inline Job small_job() {
  Job j;
  j.model = {1.2e9, 24, 2048, 1024};
  j.model.attention_flops = false;
  j.hardware.peak_flops = 1e15;
  j.calibration.compute_efficiency = 0.5;
  j.calibration.dp_overlap = 0.9;
  j.calibration.tp_overlap = 0.5;
  j.calibration.pp_overlap = 1.0;
  return j;
}

}  // namespace fleetsim::training::test
