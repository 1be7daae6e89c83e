# Contention between jobs (issue 11 item 2; unit and closed-form tests are tests/model/
# test_tier_share.cc and test_contention.cc).

# The giant cluster with every GPU's traffic crossing (so that many jobs share the core tier's
# 15:1 uplinks) and spine and core failures raised: identical files on 1, 2 and 4 ranks, both
# partitioners, and 2 threads. The shares are computed in the fabric_tier LP, which the block
# partitioner puts on another rank than the cluster's.
fleetsim_add_equivalence_test(equivalence_contention
  VARIANTS 1:1:block 2:1:block 4:1:round-robin 2:2:round-robin
  ARGS run --layout giant --duration 12d --seed 3 --fabric.contention_traffic all
       --failures.switch_rate 20)

# The option is validated like any other.
fleetsim_add_error_test(bad_contention_traffic "fabric.contention_traffic"
                        run --fabric.contention_traffic some --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_contention_latency "latency.contention"
                        run --latency.contention 0s --duration 1d --out @OUT@)

# The compare table prints contention next to the network's failures, and it is zero with
# fabric.contention false.
add_test(NAME contention_off_is_zero
         COMMAND ${CMAKE_COMMAND} -DFLEETSIM=$<TARGET_FILE:fleetsim>
                 -DOUT=${test_tmp}/contention_off
                 -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/contention_off.cmake)
set_tests_properties(contention_off_is_zero PROPERTIES ENVIRONMENT "${FLEETSIM_MPI_ENV}")
