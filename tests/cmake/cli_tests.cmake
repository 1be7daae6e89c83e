# Command-line defects of issue 9: each test runs fleetsim as a user would and checks the exit
# status, the one line on stderr, and what is (not) left on disk (tests/cmake/expect_error.cmake).
# Every test works in its own directory, tmp/cli/NAME; @TMP@ in ARGS stands for it.
set(cli_data ${CMAKE_CURRENT_SOURCE_DIR}/data/cli)
set(cli_traces ${CMAKE_CURRENT_SOURCE_DIR}/data/traces)

# fleetsim_cli_error_test(NAME RC 2 REGEX "..." [NP 2] [FSIZE_KB k] [TIMEOUT s] [STDOUT_EMPTY]
#   [STDOUT_REGEX "..."] [SETUP_DIRS d ...] [COPY src dst ...] [UNCHANGED f ...] [KEPT p ...]
#   [ABSENT p ...] [ENV VAR=value ...] [SHELL "command line for bash -c"] ARGS fleetsim args...)
function(fleetsim_cli_error_test name)
  cmake_parse_arguments(T "STDOUT_EMPTY" "RC;REGEX;NP;FSIZE_KB;TIMEOUT;STDOUT_REGEX;SHELL"
                        "SETUP_DIRS;COPY;UNCHANGED;KEPT;ABSENT;ENV;ARGS" ${ARGN})
  set(dir ${test_tmp}/cli/${name})
  set(defs -DWORKDIR=${dir} -DRC=${T_RC} -DREGEX=${T_REGEX})
  if(T_SHELL)
    string(REPLACE "@TMP@" "${dir}" shell "${T_SHELL}")
    string(REPLACE "@FLEETSIM@" "$<TARGET_FILE:fleetsim>" shell "${shell}")
    list(APPEND defs "-DSHELL=${shell}")
  else()
    set(cmd $<TARGET_FILE:fleetsim> ${T_ARGS})
    string(REPLACE "@TMP@" "${dir}" cmd "${cmd}")
    string(REPLACE ";" "\\;" cmd "${cmd}")
    list(APPEND defs "-DCOMMAND=${cmd}")
  endif()
  foreach(list_arg SETUP_DIRS COPY UNCHANGED KEPT ABSENT)
    if(T_${list_arg})
      string(REPLACE ";" "\\;" value "${T_${list_arg}}")
      list(APPEND defs "-D${list_arg}=${value}")
    endif()
  endforeach()
  foreach(single NP FSIZE_KB TIMEOUT STDOUT_REGEX)
    if(DEFINED T_${single})
      list(APPEND defs "-D${single}=${T_${single}}")
    endif()
  endforeach()
  if(T_STDOUT_EMPTY)
    list(APPEND defs -DSTDOUT_EMPTY=1)
  endif()
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} ${defs} -DMPIEXEC=${MPIEXEC_EXECUTABLE}
                   -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/expect_error.cmake)
  set(timeout 120)
  if(T_TIMEOUT)
    math(EXPR timeout "${T_TIMEOUT} + 30")
  endif()
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${FLEETSIM_MPI_ENV};${T_ENV}"
                       TIMEOUT ${timeout})
endfunction()


# Under `ulimit -f` a singleton's PMIx writes its own shared-memory store past the limit: the
# hash store keeps it in memory instead.
set(fsize_env PMIX_MCA_gds=hash)

# --- 9.1 a full disk: one line naming the file and the cause, exit 1, nothing left ----------
fleetsim_cli_error_test(cli_full_disk_run RC 1 FSIZE_KB 2048 ENV ${fsize_env}
                        REGEX "^fleetsim: error: .*/o\\.h5: cannot write the output: File too large"
                        ABSENT o.h5
                        ARGS run -q --duration 30d --out @TMP@/o.h5)
fleetsim_cli_error_test(cli_full_disk_compare RC 1 FSIZE_KB 2048 ENV ${fsize_env}
                        REGEX "^fleetsim: error: .*/cmp/giant\\.h5: cannot write the output: File too large"
                        ABSENT cmp/giant.h5 cmp/10x10k.h5
                        ARGS compare -q --duration 30d --layouts "giant 10x10k" --out @TMP@/cmp)
# --- 9.2 ... on one rank of two: every rank ends, one message, no .partial left --------------
# TCP between the ranks: the shared-memory transport's segment file is over the size limit.
fleetsim_cli_error_test(cli_full_disk_run_np2 RC 1 NP 2 FSIZE_KB 256 TIMEOUT 120
                        ENV ${fsize_env} OMPI_MCA_btl=self,tcp
                        REGEX "^fleetsim: error: .*/o\\.h5: cannot write the output: File too large"
                        STDOUT_REGEX "2 rank\\(s\\)" ABSENT o.h5
                        ARGS run --duration 3d --out @TMP@/o.h5)

# --- 9.5 options that would exhaust memory: refused before the run, naming option and estimate
fleetsim_cli_error_test(cli_duration_beyond_reason RC 2 STDOUT_EMPTY
                        REGEX "^fleetsim: error: command line --duration: option duration must be at most 1000y"
                        ARGS run --duration 290000y --out @TMP@/o.h5)
fleetsim_cli_error_test(cli_memory_timeline_period RC 2 STDOUT_EMPTY
                        REGEX "^fleetsim: error: command line --output.timeline_period: option output.timeline_period: the run would need about [0-9.]+ PiB of memory, .* pod timeline samples .*; more than any machine holds"
                        ARGS run --duration 30d --output.timeline_period 1us --out @TMP@/o.h5)
fleetsim_cli_error_test(cli_memory_over_max_memory RC 2 STDOUT_EMPTY
                        REGEX "^fleetsim: error: command line --duration: option duration: the run would need about [0-9.]+ MiB of memory, [0-9.]+ MiB of it for [0-9]+ job records .*more than --max-memory 100MiB$"
                        ARGS run --duration 365d --max-memory 100MiB --out @TMP@/o.h5)
fleetsim_cli_error_test(cli_memory_huge_fleet RC 2 STDOUT_EMPTY
                        REGEX "^fleetsim: error: command line --fabric.nodes_per_pod: option fabric.nodes_per_pod: the run would need about [0-9.]+ GiB of memory, [0-9.]+ GiB of it for 1.28e\\+08 node states"
                        ARGS run --duration 1d --fabric.nodes_per_pod 1306123 --max-memory 16GiB --out @TMP@/o.h5)
fleetsim_cli_error_test(cli_fleet_beyond_count RC 2 STDOUT_EMPTY
                        REGEX "^fleetsim: error: command line --fabric.nodes_per_pod: option fabric.nodes_per_pod makes 7.84e\\+11 GPUs .*more than the 2147483647 the model can count$"
                        ARGS run --duration 1d --fabric.nodes_per_pod 1000000000 --out @TMP@/o.h5)
fleetsim_cli_error_test(cli_load_beyond_reason RC 2 STDOUT_EMPTY
                        REGEX "^fleetsim: error: command line --workload.offered_load: option workload.offered_load must be at most 10"
                        ARGS run --duration 1d --workload.offered_load 1e300 --out @TMP@/o.h5)
fleetsim_cli_error_test(cli_sigma_beyond_reason RC 2 STDOUT_EMPTY
                        REGEX "^fleetsim: error: command line --workload.small_runtime_sigma: option workload.small_runtime_sigma must be in 0..10"
                        ARGS run --duration 1d --workload.small_runtime_sigma 700 --out @TMP@/o.h5)
fleetsim_cli_error_test(cli_bad_max_memory RC 2 STDOUT_EMPTY
                        REGEX "^fleetsim: error: command line --max-memory: 'lots' is not a size"
                        ARGS run --duration 1d --max-memory lots --out @TMP@/o.h5)

# --- 9.6 a directory given as the config file ------------------------------------------------
fleetsim_cli_error_test(cli_config_is_directory RC 2 STDOUT_EMPTY SETUP_DIRS conf.d
                        REGEX "^fleetsim: error: .*/conf\\.d: is a directory, not an INI file$"
                        ARGS run --duration 1d --config @TMP@/conf.d --out @TMP@/o.h5)

# --- 9.8 unusable outputs refused before simulating ------------------------------------------
# /sys refuses new files even to root (permission bits do not stop root).
fleetsim_cli_error_test(cli_out_unwritable_dir RC 2 STDOUT_EMPTY
                        REGEX "^fleetsim: error: command line --out '/sys/o\\.h5': cannot create files in '/sys': "
                        ARGS run --duration 1d --out /sys/o.h5)
fleetsim_cli_error_test(cli_out_is_directory RC 2 STDOUT_EMPTY SETUP_DIRS o.h5 KEPT o.h5
                        REGEX "^fleetsim: error: command line --out '.*/o\\.h5': is a directory; give a file name$"
                        ARGS run --duration 1d --out @TMP@/o.h5)
fleetsim_cli_error_test(cli_out_empty RC 2 STDOUT_EMPTY
                        REGEX "^fleetsim: error: command line --out '': the output path is empty$"
                        SHELL "exec '@FLEETSIM@' run --duration 1d --out ''")
fleetsim_cli_error_test(cli_out_partial_in_the_way RC 2 STDOUT_EMPTY SETUP_DIRS o.h5.partial/x
                        KEPT o.h5.partial/x ABSENT o.h5
                        REGEX "^fleetsim: error: command line --out '.*/o\\.h5': '.*/o\\.h5\\.partial' \\(where the output is written first\\) is in the way$"
                        ARGS run --duration 1d --out @TMP@/o.h5)
fleetsim_cli_error_test(cli_compare_out_is_file RC 2 STDOUT_EMPTY COPY ${cli_data}/notes.txt cmp
                        UNCHANGED cmp
                        REGEX "^fleetsim: error: command line --out '.*/cmp': is not a directory$"
                        ARGS compare --duration 1d --out @TMP@/cmp)
fleetsim_cli_error_test(cli_compare_out_unwritable RC 2 STDOUT_EMPTY
                        REGEX "^fleetsim: error: command line --out '/sys/cmp': cannot create files in '/sys': "
                        ARGS compare --duration 1d --out /sys/cmp)
fleetsim_cli_error_test(cli_convert_out_is_directory RC 2 STDOUT_EMPTY SETUP_DIRS out
                        KEPT out ABSENT out.partial
                        REGEX "^fleetsim: error: command line OUT '.*/out': is a directory; give a file name$"
                        ARGS trace convert ${cli_traces}/small.swf @TMP@/out)
fleetsim_cli_error_test(cli_validate_out_is_directory RC 2 STDOUT_EMPTY SETUP_DIRS v.h5 KEPT v.h5
                        REGEX "^fleetsim: error: command line --out '.*/v\\.h5': is a directory; give a file name$"
                        ARGS trace validate ${cli_traces}/validate.swf --out @TMP@/v.h5)

# --- 9.9 never overwrite an input; replace other files only if fleetsim wrote them, or --force
fleetsim_cli_error_test(cli_out_is_trace_input RC 2 STDOUT_EMPTY
                        COPY ${cli_traces}/small.swf s.swf UNCHANGED s.swf
                        REGEX "^fleetsim: error: command line --out '.*/s\\.swf': is an input of this command \\(.*/s\\.swf\\); refusing to overwrite it$"
                        ARGS run --duration 1d --trace @TMP@/s.swf --out @TMP@/s.swf)
fleetsim_cli_error_test(cli_out_is_config_input RC 2 STDOUT_EMPTY
                        COPY ${cli_data}/seed.ini c.ini UNCHANGED c.ini
                        REGEX "^fleetsim: error: command line --out '.*/c\\.ini': is an input of this command \\(.*/c\\.ini\\); refusing to overwrite it$"
                        ARGS run --config @TMP@/c.ini --force --out @TMP@/c.ini)
fleetsim_cli_error_test(cli_out_is_input_by_another_name RC 2 STDOUT_EMPTY
                        COPY ${cli_data}/seed.ini c.ini UNCHANGED c.ini
                        REGEX "is an input of this command"
                        ARGS run --config @TMP@/c.ini --out @TMP@/./c.ini)
fleetsim_cli_error_test(cli_out_not_fleetsim_output RC 2 STDOUT_EMPTY
                        COPY ${cli_data}/notes.txt notes.txt UNCHANGED notes.txt
                        REGEX "^fleetsim: error: command line --out '.*/notes\\.txt': exists and is not an HDF5 file this command wrote; give --force to replace it$"
                        ARGS run --duration 1d --out @TMP@/notes.txt)
fleetsim_cli_error_test(cli_convert_out_is_input RC 2 STDOUT_EMPTY
                        COPY ${cli_traces}/small.swf s.swf UNCHANGED s.swf
                        REGEX "^fleetsim: error: command line OUT '.*/s\\.swf': is an input of this command"
                        ARGS trace convert @TMP@/s.swf @TMP@/s.swf --force)
fleetsim_cli_error_test(cli_validate_out_is_input RC 2 STDOUT_EMPTY
                        COPY ${cli_traces}/validate.swf v.swf UNCHANGED v.swf
                        REGEX "^fleetsim: error: command line --out '.*/v\\.swf': is an input of this command"
                        ARGS trace validate @TMP@/v.swf --out @TMP@/v.swf)
# --force replaces a file that is not fleetsim's; an HDF5 file (an earlier run's) needs none.
add_test(NAME cli_out_force_replaces
         COMMAND ${CMAKE_COMMAND} -E copy ${cli_data}/notes.txt ${test_tmp}/cli/force_notes.txt)
fleetsim_add_success_test(cli_out_force_replaces_run "jobs submitted"
                          run -q --duration 1d --force --out ${test_tmp}/cli/force_notes.txt)
fleetsim_add_success_test(cli_out_rerun_replaces_hdf5 "jobs submitted"
                          run -q --duration 1d --out ${test_tmp}/cli/force_notes.txt)
set_tests_properties(cli_out_force_replaces_run PROPERTIES FIXTURES_REQUIRED cli_force
                     FIXTURES_SETUP cli_force_done)
set_tests_properties(cli_out_force_replaces PROPERTIES FIXTURES_SETUP cli_force)
set_tests_properties(cli_out_rerun_replaces_hdf5 PROPERTIES FIXTURES_REQUIRED cli_force_done)
# An HDF5 file without the root attribute `complete` (a fleetsim run that never finished, or
# another program's file; data/cli/incomplete.h5 has schema_version 6 and no `complete`) is not
# fleetsim's output: replaced only with --force.
fleetsim_cli_error_test(cli_out_incomplete_needs_force RC 2 STDOUT_EMPTY
                        COPY ${cli_data}/incomplete.h5 o.h5 UNCHANGED o.h5
                        REGEX "^fleetsim: error: command line --out '.*/o\\.h5': exists and is not a complete fleetsim output \\(no root attribute 'complete': the run that wrote it did not finish, or another program wrote it\\); give --force to replace it$"
                        ARGS run --duration 1d --out @TMP@/o.h5)
fleetsim_cli_error_test(cli_compare_out_incomplete_needs_force RC 2 STDOUT_EMPTY
                        COPY ${cli_data}/incomplete.h5 cmp/giant.h5 UNCHANGED cmp/giant.h5
                        REGEX "^fleetsim: error: command line --out '.*/cmp/giant\\.h5': exists and is not a complete fleetsim output \\(no root attribute 'complete'"
                        ARGS compare --duration 1d --out @TMP@/cmp)
add_test(NAME cli_out_incomplete_force
         COMMAND ${CMAKE_COMMAND} -E copy ${cli_data}/incomplete.h5 ${test_tmp}/cli/force_incomplete.h5)
fleetsim_add_success_test(cli_out_incomplete_force_run "jobs submitted"
                          run -q --duration 1d --force --out ${test_tmp}/cli/force_incomplete.h5)
set_tests_properties(cli_out_incomplete_force PROPERTIES FIXTURES_SETUP cli_incomplete)
set_tests_properties(cli_out_incomplete_force_run PROPERTIES FIXTURES_REQUIRED cli_incomplete)

# --- 9.10 a stray word on the command line ---------------------------------------------------
fleetsim_cli_error_test(cli_stray_argument RC 2 STDOUT_EMPTY
                        REGEX "^fleetsim: error: command line: unexpected argument 'extra' \\(options are --name value\\)$"
                        ARGS run -q --duration 1d extra --out @TMP@/o.h5)
fleetsim_cli_error_test(cli_trace_stats_stray_argument RC 2 STDOUT_EMPTY
                        REGEX "^fleetsim: error: command line: trace stats: unexpected argument 'extra'$"
                        ARGS trace stats ${cli_traces}/small.swf extra)

# --- 9.11 integers that do not fit are refused, not truncated --------------------------------
fleetsim_cli_error_test(cli_integer_out_of_range RC 2 STDOUT_EMPTY
                        REGEX "^fleetsim: error: command line --workload.frontier_sizes: option 'workload.frontier_sizes': '4294967297' is out of range$"
                        ARGS run --duration 1d --workload.frontier_sizes 4294967297 --out @TMP@/o.h5)
fleetsim_cli_error_test(cli_integer_beyond_64_bits RC 2 STDOUT_EMPTY
                        REGEX "^fleetsim: error: command line --seed: option 'seed': '99999999999999999999' is out of range$"
                        ARGS run --duration 1d --seed 99999999999999999999 --out @TMP@/o.h5)

# --- 9.14 trace validate's machine size; trace convert's write errors are exit 1 -------------
fleetsim_cli_error_test(cli_validate_negative_machine RC 2 STDOUT_EMPTY
                        REGEX "^fleetsim: error: command line --machine: -4 is not a machine size"
                        ARGS trace validate ${cli_traces}/validate.swf --machine -4 --out @TMP@/v.h5)
fleetsim_cli_error_test(cli_convert_full_disk RC 1 FSIZE_KB 16 ENV ${fsize_env}
                        REGEX "^fleetsim: error: .*/e\\.fleetsim\\.csv: cannot write"
                        ABSENT e.fleetsim.csv
                        ARGS trace convert ${cli_traces}/equiv.swf @TMP@/e.fleetsim.csv)

# A config file that starts with a UTF-8 byte-order mark (an editor's) reads as without it.
fleetsim_add_success_test(cli_config_with_bom "seed 3,"
                          run --config ${CMAKE_CURRENT_SOURCE_DIR}/data/cli/bom.ini --duration 1d
                              --out @TMP@/o.h5)
fleetsim_add_error_test(bad_lemon_share "option failures.lemon_share must be in 0..1"
                        run --failures.lemon_share 1.5 --duration 1d --out @OUT@)

# Progress on stderr (sim/app/progress_line.h): one line redrawn on a terminal, nothing in a log.
# `script` (util-linux, essential in Debian) gives the run a terminal.
add_test(NAME cli_progress_on_a_terminal
         COMMAND script -qec "$<TARGET_FILE:fleetsim> run --layout giant --duration 30d --out ${test_tmp}/progress_tty.h5 --force" /dev/null)
set_tests_properties(cli_progress_on_a_terminal PROPERTIES
  ENVIRONMENT "${FLEETSIM_MPI_ENV};FLEETSIM_PROGRESS_DELAY=0"
  PASS_REGULAR_EXPRESSION "giant: [0-9.]+ of 30.0 days simulated \\([0-9]+%\\), [0-9.]+M events/s")
add_test(NAME cli_progress_silent_in_a_log
         COMMAND $<TARGET_FILE:fleetsim> run --layout giant --duration 30d --out ${test_tmp}/progress_log.h5 --force)
set_tests_properties(cli_progress_silent_in_a_log PROPERTIES
  ENVIRONMENT "${FLEETSIM_MPI_ENV};FLEETSIM_PROGRESS_DELAY=0"
  FAIL_REGULAR_EXPRESSION "days simulated" PASS_REGULAR_EXPRESSION "job interruptions")
add_test(NAME cli_progress_quiet_on_a_terminal
         COMMAND script -qec "$<TARGET_FILE:fleetsim> run --quiet --layout giant --duration 30d --out ${test_tmp}/progress_quiet.h5 --force" /dev/null)
set_tests_properties(cli_progress_quiet_on_a_terminal PROPERTIES
  ENVIRONMENT "${FLEETSIM_MPI_ENV};FLEETSIM_PROGRESS_DELAY=0"
  FAIL_REGULAR_EXPRESSION "days simulated" PASS_REGULAR_EXPRESSION "job interruptions")
fleetsim_add_error_test(bad_backfill
                        "option 'sched.backfill': 'aggressive' is not one of easy, conservative, none"
                        run --sched.backfill aggressive --duration 1d --out @OUT@)

# Priorities, QoS and preemption (issue 12 items 2-3): bad values name the option, or the
# config file's line and key.
fleetsim_add_error_test(bad_priority_interval
                        "option 'sched.priority_interval': '0s' is not a positive duration"
                        run --sched.priority_interval 0s --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_priority_weight
                        "option 'sched.weight_age': '-5' is not a weight in 0..4294967295"
                        run --sched.weight_age -5 --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_partition_too_large
                        "partition 'big' pods 0-120 is larger than cluster 0 \\(98 pods, 0-97\\)"
                        run --sched.partitions "big:pods=0-120" --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_partition_qos
                        "partition 'f' qos 'gold' is not a level of sched.qos"
                        run --sched.partitions "f:qos=gold" --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_partition_key
                        "option 'sched.partitions': partition 'f' has no key 'size'"
                        run --sched.partitions "f:size=3" --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_partition_factor
                        "option 'sched.partitions': partition 'f' factor '-1' is not a whole number"
                        run --sched.partitions "f:factor=-1" --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_partition_conservative
                        "sched.partitions needs sched.backfill easy or none"
                        run --sched.partitions "a:pods=all" --sched.backfill conservative
                            --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_weight_partition
                        "option 'sched.weight_partition': '-1' is not a weight in 0..4294967295"
                        run --sched.weight_partition -1 --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_frontier_qos
                        "option sched.frontier_qos 'gold' is not a level of sched.qos"
                        run --sched.frontier_qos gold --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_qos_preempts_unknown
                        "option 'sched.qos': QoS 'high' preempts unknown QoS 'low'"
                        run --sched.qos "normal:0 high:10:low" --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_qos_in_config
                        "bad_qos.ini:3: .*sched.weight_qos.*'-1' is not a weight"
                        run --config ${cli_data}/bad_qos.ini --duration 1d --out @OUT@)

# Several clusters, one scheduler above them (issue 12 item 7): a route that does not exist, a
# negative threshold or wait.
fleetsim_add_error_test(bad_route
                        "option 'sched.route': 'random' is not one of least_queued, earliest_start, tenant_affinity"
                        run --sched.route random --duration 1d --out @OUT@)
fleetsim_add_error_test(bad_migrate_threshold
                        "option 'sched.migrate_threshold': '-1h' is a negative duration"
                        run --sched.migrate_queued true --sched.migrate_threshold -1h --duration 1d
                            --out @OUT@)
fleetsim_add_error_test(bad_affinity_max_wait
                        "option 'sched.affinity_max_wait': '-5min' is a negative duration"
                        run --sched.affinity_max_wait -5min --duration 1d --out @OUT@)
