# `fleetsim trace validate` replays a log on its machine as its scheduler saw it: no failures of
# any kind (planned maintenance included) and no restarts. The trace holds the whole machine for
# 100 days, so any failure source left on would show in /failures and /clusters/interruptions.
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
execute_process(COMMAND ${FLEETSIM} trace validate ${TRACE} --sched fifo --out ${OUT}/v.h5
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "validate: exit ${rc}\n${out}\n${err}")
endif()
# Job 2 starts when job 1 ends: the recorded 8,639,990 s wait plus the 1 s submit latency.
if(NOT out MATCHES "max +8639990\\.0 +8639991\\.0")
  message(FATAL_ERROR "validate: job 2 did not start when job 1 ended as recorded\n${out}")
endif()
# Reads one dataset with h5dump; fails the test when it cannot.
function(dump dataset var)
  execute_process(COMMAND ${H5DUMP} -d ${dataset} ${OUT}/v.h5 RESULT_VARIABLE rc OUTPUT_VARIABLE text
                  ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "h5dump ${dataset}: exit ${rc}\n${err}")
  endif()
  set(${var} "${text}" PARENT_SCOPE)
endfunction()
dump(/failures/component failures)
if(NOT failures MATCHES "SIMPLE { \\( 0 \\) / \\( 0 \\) }")
  message(FATAL_ERROR "validate: /failures is not empty\n${failures}")
endif()
dump(/clusters/interruptions interruptions)
if(NOT interruptions MATCHES "\\(0\\): 0\n")
  message(FATAL_ERROR "validate: jobs were interrupted\n${interruptions}")
endif()
dump(/jobs/restarts restarts)
if(NOT restarts MATCHES "\\(0\\): 0, 0\n")
  message(FATAL_ERROR "validate: jobs restarted\n${restarts}")
endif()
message(STATUS "validate: no failures, no interruptions, no restarts; job 2 waited as recorded")
