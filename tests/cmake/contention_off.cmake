# fleetsim compare on the giant layout, contention on (every GPU's traffic crossing) and off: the
# table's contention row is positive with it and 0 without it, and the run succeeds.
foreach(mode on off)
  if(mode STREQUAL "on")
    set(flag true)
  else()
    set(flag false)
  endif()
  execute_process(COMMAND ${FLEETSIM} compare --layouts giant --duration 10d --seed 3
                          --fabric.contention ${flag} --fabric.contention_traffic all
                          --out ${OUT}/${mode} --force
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "contention ${mode}: exit ${rc}\n${out}\n${err}")
  endif()
  string(REGEX MATCH "GPU-hours slowed by contention +([0-9.e+]+)" row "${out}")
  if(row STREQUAL "")
    message(FATAL_ERROR "contention ${mode}: no contention row in\n${out}")
  endif()
  set(value ${CMAKE_MATCH_1})
  if(mode STREQUAL "on" AND value STREQUAL "0")
    message(FATAL_ERROR "contention on: the row is 0\n${out}")
  endif()
  if(mode STREQUAL "off" AND NOT value STREQUAL "0")
    message(FATAL_ERROR "contention off: the row is ${value}, not 0\n${out}")
  endif()
  message(STATUS "contention ${mode}: ${value} GPU-hours")
endforeach()
