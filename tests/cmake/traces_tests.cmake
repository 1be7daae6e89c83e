# Tests of traces/ (issues 3, 8, 9), included by tests/CMakeLists.txt. Variables from there:
# test_tmp, trace_data, failure_data, FLEETSIM_MPI_ENV.

# traces/ on its own: unit tests that link only fleetsim_traces (no MPI, no TBB), each test its
# own ctest entry. The real-data tests among them exit 77 (skipped) when their file is absent.
add_executable(fleetsim_traces_tests
  traces/traces_main.cc traces/test_input_limits.cc traces/test_log_content.cc
  traces/test_error_text.cc traces/test_real_traces.cc traces/test_component_map.cc
  traces/test_trace_partitions.cc traces/test_ordered_jobs.cc)
target_link_libraries(fleetsim_traces_tests PRIVATE fleetsim_traces Catch2::Catch2)
target_compile_definitions(fleetsim_traces_tests PRIVATE FLEETSIM_TEST_TMP="${test_tmp}"
                           FLEETSIM_TEST_DATA="${CMAKE_CURRENT_SOURCE_DIR}/data"
                           FLEETSIM_DEFAULT_DATA_DIR="${PROJECT_SOURCE_DIR}/../shared/data")
catch_discover_tests(fleetsim_traces_tests TEST_SPEC "[traces]" TEST_PREFIX "traces:"
                     PROPERTIES SKIP_RETURN_CODE 77)

# traces_add_bad_input_test(NAME REGEX fleetsim-args...): fleetsim_add_error_test (one line
# matching REGEX, no output left at @OUT@), and the exit status must be 2 (bad input), not any
# failure: tests/cmake/expect_error.cmake ends its output with "exit RC: message" when its own
# checks pass, so nothing else matches.
function(traces_add_bad_input_test name regex)
  fleetsim_add_error_test(${name} "${regex}" ${ARGN})
  set_tests_properties(${name} PROPERTIES PASS_REGULAR_EXPRESSION "-- exit 2: ")
endfunction()

# Issue 9 item 3: numbers beyond what a replay holds, in traces and in options.
traces_add_bad_input_test(bad_trace_runtime_1e26
  "out_of_range.swf:5: field run_time: '1e26' is above 1e\\+11 s"
  run --trace ${trace_data}/out_of_range.swf --duration 1d --out @OUT@)
traces_add_bad_input_test(bad_trace_philly_runtime_1e26
  "out_of_range_philly.json: record 2: field runtime: '1e\\+26' is above"
  run --trace ${trace_data}/out_of_range_philly.json:philly --duration 1d --out @OUT@)
traces_add_bad_input_test(bad_trace_size_scale_tiny
  "command line --trace.size_scale: option trace.size_scale must be in 1e-06..1e\\+06 \\(got 1e-300\\)$"
  run --trace ${trace_data}/small.swf --trace.size_scale 1e-300 --duration 1d --out @OUT@)
traces_add_bad_input_test(bad_trace_devices_per_gpu_tiny
  "option trace.devices_per_gpu must be in 1e-06..1e\\+06 \\(got 1e-300\\)$"
  run --trace ${trace_data}/small.swf --trace.devices_per_gpu 1e-300 --duration 1d --out @OUT@)
traces_add_bad_input_test(bad_trace_big_job
  "big_job.swf:4: field devices: 2e\\+09 devices .* more than the 1073741824 one job can have$"
  run --trace ${trace_data}/big_job.swf --duration 1d --out @OUT@)
traces_add_bad_input_test(bad_trace_offered_load_stretch
  "long_run.swf: trace.offered_load 1e-06 stretches the submit span"
  run --trace ${trace_data}/long_run.swf --trace.offered_load 1e-6 --duration 1d --out @OUT@)
# Issue 9 item 4: failure logs and replay options that would exhaust memory or time.
traces_add_bad_input_test(bad_failure_time_1e26
  "out_of_range.failures.csv:4: field time_s: '1e26' is above 1e\\+11 s"
  run --failures ${failure_data}/out_of_range.failures.csv --duration 1d --out @OUT@)
traces_add_bad_input_test(bad_failure_stepfun_time_1e308
  "out_of_range_fault_trace.json: record 2: field event_time: '1e\\+308 days' is above"
  run --failures ${failure_data}/out_of_range_fault_trace.json --duration 1d --out @OUT@)
traces_add_bad_input_test(bad_failure_rate_scale_1e12
  "option failures.log_rate_scale must be in 1e-06..1e\\+06 \\(got 1e\\+12\\)$"
  run --failures ${failure_data}/small.failures.csv --failures.log_rate_scale 1e12 --duration 1d --out @OUT@)
traces_add_bad_input_test(bad_failure_rate_scale_1e-300
  "option failures.log_rate_scale must be in 1e-06..1e\\+06 \\(got 1e-300\\)$"
  run --failures ${failure_data}/small.failures.csv --failures.log_rate_scale 1e-300 --duration 1d --out @OUT@)
traces_add_bad_input_test(bad_failure_too_many
  "option failures.log_rate_scale 1e\\+06 makes about .* more than the 20000000 a replay may hold"
  run --failures ${failure_data}/small.failures.csv --failures.log_rate_scale 1e6 --duration 1d --out @OUT@)
traces_add_bad_input_test(bad_failure_log_nodes_int64_max
  "option failures.log_nodes must be in 0..2147483647"
  run --failures ${failure_data}/small.failures.csv --failures.log_nodes 9223372036854775807 --duration 1d --out @OUT@)
# Issue 9 item 12: logs without a failure, and inconsistent ones.
traces_add_bad_input_test(bad_failure_empty_stepfun
  "empty_fault_trace.json: record 1: field event_type: no failure in the log"
  run --failures ${failure_data}/empty_fault_trace.json --duration 1d --out @OUT@)
traces_add_bad_input_test(bad_failure_header_only
  "header_only.failures.csv:3: field time_s: no failure in the log"
  run --failures ${failure_data}/header_only.failures.csv --duration 1d --out @OUT@)
traces_add_bad_input_test(bad_failure_dev_null_fta
  "/dev/null:1: field event_type: no failure in the log"
  run --failures /dev/null:fta --duration 1d --out @OUT@)
traces_add_bad_input_test(bad_failure_fta_time_1e26
  "out_of_range_event_trace.tab:3: field event_start_time: '1e26' is outside"
  trace failures ${failure_data}/out_of_range_event_trace.tab)
traces_add_bad_input_test(bad_failure_stepfun_reversed
  "reversed_fault_trace.json: record 2: field event_time: fault_end before its fault_start \\(record 1\\)$"
  trace failures ${failure_data}/reversed_fault_trace.json)
# Issue 9 items 7 and 13: what a message shows of bad input.
traces_add_bad_input_test(bad_failure_directory
  "failures: cannot open file: it is a directory$"
  run --failures ${failure_data}:stepfun --duration 1d --out @OUT@)
traces_add_bad_input_test(bad_trace_json_number_overflow
  "number_overflow_philly.json: record 2: field runtime: not valid JSON: number overflow parsing '1e400'$"
  trace stats ${trace_data}/number_overflow_philly.json:philly)
traces_add_bad_input_test(bad_trace_binary_bytes
  "binary.swf:3: field run_time: '\\\\x00\\\\x01\\\\x1B\\[31m' is not a number$"
  trace stats ${trace_data}/binary.swf)
# Real FTA files as published: '#' header, event_stop_time, padded fields.
add_test(NAME cli_trace_failures_fta_published
         COMMAND $<TARGET_FILE:fleetsim> trace failures ${failure_data}/published_event_trace.tab)
set_tests_properties(cli_trace_failures_fta_published PROPERTIES ENVIRONMENT "${FLEETSIM_MPI_ENV}"
                     PASS_REGULAR_EXPRESSION "failures +2\n")

# Issue 10 item 4: the component mix of the real StepFun and LANL logs, as `trace failures`
# prints it, against counts Python makes from the raw files by another route (skipped without
# the data); and an unknown native component is a bad row naming file, line and field.
add_test(NAME traces_component_mix_real
         COMMAND ${SYSTEM_PYTHON3} ${CMAKE_CURRENT_SOURCE_DIR}/traces/check_component_mix.py
                 $<TARGET_FILE:fleetsim>)
set_tests_properties(traces_component_mix_real PROPERTIES SKIP_RETURN_CODE 77
                     ENVIRONMENT "${FLEETSIM_MPI_ENV}")
traces_add_bad_input_test(bad_failure_unknown_component
  "unknown_component.failures.csv:4: field component: unknown component 'GPUs' \\(one of: gpu, hbm, .*, maintenance, uplink, rack_power, wan_path\\)$"
  run --failures ${failure_data}/unknown_component.failures.csv --duration 1d --out @OUT@)
add_test(NAME cli_trace_failures_unknown_component_skip
         COMMAND $<TARGET_FILE:fleetsim> trace failures
                 ${failure_data}/unknown_component.failures.csv --bad-rows skip)
set_tests_properties(cli_trace_failures_unknown_component_skip PROPERTIES
                     ENVIRONMENT "${FLEETSIM_MPI_ENV}"
                     PASS_REGULAR_EXPRESSION "1 skipped \\(malformed: 1\\).*kind +2  gpu .*kind +1  nic .*unmapped +1 of 4 \\(replayed as other\\)\n  unmapped_value +1  \\(none\\)")

# Issue 8 item 5: traces/ builds and runs without MPI and TBB, as a project of its own whose
# include path has every MPI and TBB header replaced by an #error (tests/traces/standalone).
# About a minute on two cores (unoptimised build of core/ and traces/ only).
add_test(NAME traces_without_mpi_tbb
         COMMAND ${CMAKE_COMMAND} -DFLEETSIM_SOURCE_DIR=${PROJECT_SOURCE_DIR}
                 -DBINARY_DIR=${test_tmp}/traces_standalone -DSAMPLE=${trace_data}/small.swf
                 -DLINES=18 -P ${CMAKE_CURRENT_SOURCE_DIR}/traces/standalone/run.cmake)
set_tests_properties(traces_without_mpi_tbb PROPERTIES TIMEOUT 600)
