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
