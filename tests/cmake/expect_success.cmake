# Runs a command that must succeed: exit status 0 and REGEX matching its stdout (PASS_REGULAR_
# EXPRESSION alone would pass a command that printed the text and then failed).
#   -DCOMMAND="fleetsim;trace;stats;x.swf" -DREGEX="job_num +6"
#   -DSTDERR_EMPTY=1   nothing on stderr either
execute_process(COMMAND ${COMMAND} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT "${rc}" STREQUAL "0")
  message(FATAL_ERROR "expected exit 0, got ${rc}\nstdout: ${out}\nstderr: ${err}")
endif()
if(NOT out MATCHES "${REGEX}")
  message(FATAL_ERROR "stdout does not match '${REGEX}':\n${out}\nstderr: ${err}")
endif()
if(STDERR_EMPTY AND NOT err STREQUAL "")
  message(FATAL_ERROR "expected nothing on stderr, got:\n${err}")
endif()
message(STATUS "exit 0, stdout matches '${REGEX}'")
