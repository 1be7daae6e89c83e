# `fleetsim compare` with its layouts run at once on groups of ranks (sim/app/layout_groups.h):
# every layout's file is the same as when the layouts run one after another on one rank. The
# 2-rank run must say it ran 2 layouts at once and print every layout's statistics (gathered from
# the other group's leader); the 4-rank run, 2 groups of 2, must have written each file on 2
# ranks, so that a launch that fell back to singletons fails (CODES-style preflight).
#   -DFLEETSIM=... -DH5SAME=... -DMPIEXEC=... -DOUT=dir
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
set(args compare --duration 2d --seed 7 --layouts "giant 10x10k giant-fifo")
set(layouts giant 10x10k giant-fifo)
execute_process(COMMAND ${FLEETSIM} ${args} --layouts-at-once 1 -q --out ${OUT}/one
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "one rank failed (${rc}):\n${out}\n${err}")
endif()
execute_process(COMMAND ${MPIEXEC} --bind-to none -n 2 ${FLEETSIM} ${args} --out ${OUT}/two
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "2 ranks failed (${rc}):\n${out}\n${err}")
endif()
if(NOT out MATCHES "2 layouts at once")
  message(FATAL_ERROR "2 ranks did not run 2 layouts at once:\n${out}")
endif()
foreach(layout IN LISTS layouts)
  if(NOT out MATCHES "-> ${OUT}/two/${layout}.h5")
    message(FATAL_ERROR "2 ranks: no statistics of ${layout}:\n${out}")
  endif()
endforeach()
# Dealt in order: layout i on group i mod 2, each group running its own.
foreach(pair "giant:1" "10x10k:2" "giant-fifo:1")
  string(REPLACE ":" ";" pair ${pair})
  list(GET pair 0 layout)
  list(GET pair 1 group)
  if(NOT out MATCHES "layout ${layout} \\([^\n]*, group ${group} of 2\n")
    message(FATAL_ERROR "2 ranks: ${layout} did not run on group ${group} of 2:\n${out}")
  endif()
endforeach()
if(NOT out MATCHES "time to train largest job")
  message(FATAL_ERROR "2 ranks: no results table:\n${out}")
endif()
execute_process(COMMAND ${MPIEXEC} --bind-to none -n 4 ${FLEETSIM} ${args} --layouts-at-once 2 -q
                        --out ${OUT}/four
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "4 ranks failed (${rc}):\n${out}\n${err}")
endif()
foreach(layout IN LISTS layouts)
  execute_process(COMMAND ${H5SAME} --get ${OUT}/four/${layout}.h5 ranks
                  OUTPUT_VARIABLE ranks OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT ranks STREQUAL "2")
    message(FATAL_ERROR "4 ranks, 2 at once: ${layout} was written by '${ranks}' rank(s), not 2")
  endif()
  foreach(run two four)
    execute_process(COMMAND ${H5SAME} ${OUT}/one/${layout}.h5 ${OUT}/${run}/${layout}.h5
                            --ignore ranks --ignore windows
                    RESULT_VARIABLE rc OUTPUT_VARIABLE same)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "${run} ranks: ${layout} differs from one rank's:\n${same}")
    endif()
    message(STATUS "${same}")
  endforeach()
endforeach()
