# The fabric (issue 10, items 1-3): its own Catch2 program without MPI, and `fleetsim_fabric`
# (the standalone `fleetsim fabric`) end to end, including bad input through expect_error.cmake.
add_executable(fleetsim_fabric_tests
  fabric/main.cc fabric/test_superpod.cc fabric/test_fat_tree.cc fabric/test_scaling.cc
  fabric/test_torus.cc fabric/test_spec.cc fabric/test_costing.cc fabric/test_presets.cc
  fabric/test_cli.cc)
target_link_libraries(fleetsim_fabric_tests PRIVATE fleetsim_fabric Catch2::Catch2)
catch_discover_tests(fleetsim_fabric_tests TEST_PREFIX "fabric: ")

set(fabric_data ${CMAKE_CURRENT_SOURCE_DIR}/fabric/data)

# fabric_add_error_test(NAME REGEX args...): fleetsim_fabric must fail with one line matching REGEX.
# It writes no file; expect_error.cmake still wants an OUT_PATH to check, so it gets one.
function(fabric_add_error_test name regex)
  set(cmd $<TARGET_FILE:fleetsim_fabric_cli> ${ARGN})
  string(REPLACE ";" "\\;" cmd "${cmd}")
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} -DCOMMAND=${cmd} -DREGEX=${regex} -DOUT_PATH=${test_tmp}/${name}.out
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/expect_error.cmake)
endfunction()

fabric_add_error_test(fabric_bad_unknown_key
  "^fleetsim_fabric: error: .*unknown_key.ini:7: unknown key 'spine.radixx'$"
  describe ${fabric_data}/unknown_key.ini)
fabric_add_error_test(fabric_bad_oversubscription
  "^fleetsim_fabric: error: .*oversubscription_below_one.ini:6: key 'oversubscription': must be at least 1 \\(got 0.5\\)$"
  describe ${fabric_data}/oversubscription_below_one.ini)
fabric_add_error_test(fabric_bad_negative
  "^fleetsim_fabric: error: .*negative_gpus.ini:3: key 'gpus': must be positive \\(got -100\\)$"
  describe ${fabric_data}/negative_gpus.ini)
fabric_add_error_test(fabric_bad_radix_for_tiers
  "^fleetsim_fabric: error: .*radix_too_small.ini:4: key 'tiers': 10000 GPUs do not fit in 2 tier\\(s\\) of these switches \\(at most 512 GPUs per plane\\)$"
  describe ${fabric_data}/radix_too_small.ini)
fabric_add_error_test(fabric_bad_cli_radix_for_tiers
  "^fleetsim_fabric: error: command line --fabric.radix: radix 1 is too small for 3 tiers"
  describe fat-tree --fabric.radix 1 --fabric.tiers 3)
fabric_add_error_test(fabric_bad_cli_unknown_key
  "^fleetsim_fabric: error: command line --fabric.radixx: unknown key 'radixx'$"
  describe fat-tree --fabric.radixx 8)
fabric_add_error_test(fabric_bad_cli_negative
  "^fleetsim_fabric: error: command line --fabric.scalable_units: must be positive \\(got -2\\)$"
  describe dgx-superpod-h100 --fabric.scalable_units -2)
fabric_add_error_test(fabric_bad_unknown_fabric
  "^fleetsim_fabric: error: unknown fabric 'giant-pod': neither a preset \\(.*\\) nor a file$"
  describe giant-pod)

# It works end to end: list, and NVIDIA's 16-SU row (128 leaf, 128 spine, 64 core).
add_test(NAME fabric_cli_list COMMAND $<TARGET_FILE:fleetsim_fabric_cli> list)
set_tests_properties(fabric_cli_list PROPERTIES
  PASS_REGULAR_EXPRESSION "dgx-superpod-h100 +NVIDIA DGX SuperPOD, DGX H100.*\nfairwater +.*tpu-v5p +Google")
add_test(NAME fabric_cli_describe_superpod
         COMMAND $<TARGET_FILE:fleetsim_fabric_cli> describe dgx-superpod-b200 --fabric.scalable_units 16)
set_tests_properties(fabric_cli_describe_superpod PROPERTIES
  PASS_REGULAR_EXPRESSION "leaf +128 .*\n +spine +128 .*\n +core +64 ")

# The same through the main command (sim/app/main.cc dispatches `fleetsim fabric`).
fleetsim_add_success_test(cli_fabric_list "dgx-superpod-h100 .*\nfat-tree " fabric list)
fleetsim_add_success_test(cli_fabric_describe_json
                          "\"tiers\":\\[\\{\"name\":\"leaf\",\"switches\":32,.*\\{\"name\":\"spine\",\"switches\":16,"
                          fabric describe dgx-superpod-h100 --fabric.scalable_units 4 --json)
fleetsim_add_error_test(bad_fabric_unknown "unknown fabric|no fabric" fabric describe no-such-fabric)

# A run's network (fabric.network): a fabric that cannot hold a layout's clusters, or whose
# servers differ from the fleet's, stops before simulating, naming the option and the file's key.
fleetsim_add_error_test(bad_network_unknown
  "fabric.network: 'nosuch': unknown fabric 'nosuch'"
  run --fabric.network nosuch --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_network_does_not_fit
  "'fat-tree' cannot hold cluster 0 of layout 'giant' \\(100352 GPUs\\): fabric/presets/fat-tree.ini:[0-9]+: key 'tiers'"
  run --fabric.network fat-tree --layout giant --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_network_server_size
  "'aws-rainier' has 16 GPUs per server but fabric.gpus_per_node is 8"
  run --fabric.network aws-rainier --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_network_switch_rate "failures.switch_rate must be in 0..1e6"
  run --failures.switch_rate -1 --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_network_comm_share "fabric.comm_share must be in \\[0, 1\\)"
  run --fabric.comm_share 1 --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_spare_nodes "failures.spare_nodes \\(20000\\) leaves no node"
  run --failures.spare_nodes 20000 --layout 10x10k --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_flap_duration "failures.flap_duration must exceed failures.detect_latency"
  run --failures.flap_duration 10s --duration 1d --out @OUT@)

# The fabric's failure domains spread over ranks by either partitioner: the same file. A
# single-plane network (Colossus) so that leaf and link failures take nodes down, rates raised
# so that every kind happens in 20 days, spares and maintenance on.
fleetsim_add_equivalence_test(equivalence_fabric_failures
  VARIANTS 1:1:block 2:1:block 4:1:round-robin 2:2:round-robin
  ARGS run --layout 4x25k --duration 20d --seed 7 --fabric.network xai-colossus
       --failures.switch_rate 20 --failures.link_rate 0.5 --failures.link_flap_rate 0.5
       --failures.spare_nodes 8 --failures.maintenance_rate 5)
