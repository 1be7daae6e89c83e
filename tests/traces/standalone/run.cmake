# Configures, builds and runs tests/traces/standalone (see its CMakeLists.txt).
#   cmake -DFLEETSIM_SOURCE_DIR=... -DBINARY_DIR=... -DSAMPLE=small.swf -DLINES=N -P run.cmake
function(step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()
file(REMOVE_RECURSE ${BINARY_DIR})
step(configure ${CMAKE_COMMAND} -S ${CMAKE_CURRENT_LIST_DIR} -B ${BINARY_DIR} -G Ninja
     -DFLEETSIM_SOURCE_DIR=${FLEETSIM_SOURCE_DIR})
# Two jobs: the machines this runs on have two cores, shared with the rest of the suite.
step(build ${CMAKE_COMMAND} --build ${BINARY_DIR} -j 2)
step(run ${BINARY_DIR}/swf_parse_bench ${SAMPLE} 1)
if(NOT out MATCHES "^${LINES} ")
  message(FATAL_ERROR "swf_parse_bench read '${out}', expected ${LINES} lines")
endif()
message(STATUS "traces/ built and ran without MPI and TBB: ${out}")
