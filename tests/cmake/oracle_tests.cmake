# Scheduler oracle (issue 8 item 6, issue 12 item 5): fleetsim's FIFO, EASY and conservative
# backfilling against an independent textbook implementation in Python
# (tests/oracle/easy_oracle.py), start time for start time, on real SWF logs replayed on their
# own machines. Skipped (77) without the logs in ../shared/data (or $FLEETSIM_DATA_DIR) or without
# h5py/numpy.
if(SYSTEM_PYTHON3)
  set(oracle_dir ${CMAKE_CURRENT_SOURCE_DIR}/oracle)
  set(oracle_check ${SYSTEM_PYTHON3} ${oracle_dir}/check_scheduler.py)

  # The oracle alone on hand-made logs whose schedules are worked out by hand in their comments.
  add_test(NAME oracle_selftest COMMAND ${oracle_check} --self-test)
  set_tests_properties(oracle_selftest PROPERTIES TIMEOUT 60)
  # fleetsim on the same hand-made logs (needs no data): among them, running jobs that end at
  # the EASY shadow time together.
  add_test(NAME oracle_handmade
           COMMAND ${oracle_check} --self-test --fleetsim $<TARGET_FILE:fleetsim>
                   --out ${test_tmp}/oracle_handmade)
  set_tests_properties(oracle_handmade PROPERTIES ENVIRONMENT "${FLEETSIM_MPI_ENV}"
                       SKIP_RETURN_CODE 77 TIMEOUT 120)

  foreach(log kth:KTH-SP2-1996-2.1-cln curie:CEA-Curie-2011-2.1-cln)
    string(REPLACE ":" ";" log ${log})
    list(GET log 0 short)
    list(GET log 1 file)
    foreach(sched easy fifo conservative)
      add_test(NAME oracle_${sched}_${short}
               COMMAND ${oracle_check} --fleetsim $<TARGET_FILE:fleetsim>
                       --log traces/swf/${file}.swf.gz --sched ${sched}
                       --out ${test_tmp}/oracle_${sched}_${short}.h5)
      # The conservative oracle on Curie takes 1.5 min under PyPy (check_scheduler.py runs the
      # oracle's simulation in pypy3 when it is installed), 10-13 min under CPython on a loaded
      # 2-core machine.
      if(sched STREQUAL "conservative")
        set(timeout 1800)
      else()
        set(timeout 300)
      endif()
      set_tests_properties(oracle_${sched}_${short} PROPERTIES ENVIRONMENT "${FLEETSIM_MPI_ENV}"
                           SKIP_RETURN_CODE 77 TIMEOUT ${timeout})
    endforeach()
  endforeach()
endif()
