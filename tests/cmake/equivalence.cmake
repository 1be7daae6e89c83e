# Runs one fleetsim scenario under several (ranks, threads, partitioner) variants and checks that
# every output file is identical to the first's, apart from the root attributes that name the
# variant and the synchronization windows it took (they depend on the ranks and the partition). Called by fleetsim_add_equivalence_test() in tests/CMakeLists.txt; a CODES-style
# equivalence run that any scenario can reuse. Like CODES' multirank preflight, each file's
# `ranks` root attribute must be the ranks it was launched with: a run that silently fell back
# to one rank (e.g. several singletons instead of one MPI job) fails.
#   -DFLEETSIM=... -DH5SAME=... -DMPIEXEC=... -DOUT=dir -DARGS="run;--duration;10d"
#   -DVARIANTS="1:1:block;2:1:block;4:1:round-robin" [-DNONZERO="/summary/moves;..."]
file(REMOVE_RECURSE ${OUT})
file(MAKE_DIRECTORY ${OUT})
set(first "")
foreach(variant IN LISTS VARIANTS)
  string(REPLACE ":" ";" parts ${variant})
  list(GET parts 0 ranks)
  list(GET parts 1 threads)
  list(GET parts 2 partitioner)
  set(file ${OUT}/np${ranks}-t${threads}-${partitioner}.h5)
  set(cmd ${FLEETSIM} ${ARGS} --quiet --threads ${threads} --partitioner ${partitioner} --out ${file})
  if(ranks GREATER 1)
    # Unbound: Open MPI binds each of up to 2 ranks to one core, which would leave a rank's TBB
    # threads one core between them and the threaded variants hardly threaded.
    set(cmd ${MPIEXEC} --bind-to none -n ${ranks} ${cmd})
  endif()
  execute_process(COMMAND ${cmd} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "variant ${variant} failed (${rc}):\n${out}\n${err}")
  endif()
  execute_process(COMMAND ${H5SAME} --get ${file} ranks RESULT_VARIABLE rc
                  OUTPUT_VARIABLE written_ranks ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0 OR NOT written_ranks STREQUAL ranks)
    message(FATAL_ERROR "variant ${variant}: ${file} was written by '${written_ranks}' rank(s), "
                        "not ${ranks} ${err}")
  endif()
  if(first STREQUAL "")
    set(first ${file})
    foreach(dataset IN LISTS NONZERO)
      execute_process(COMMAND ${H5SAME} --get ${file} ${dataset} RESULT_VARIABLE rc
                      OUTPUT_VARIABLE sum ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
      if(NOT rc EQUAL 0 OR sum EQUAL 0)
        message(FATAL_ERROR "variant ${variant}: ${dataset} sums to '${sum}': the run does not "
                            "exercise what it tests ${err}")
      endif()
      message(STATUS "${dataset}: ${sum}")
    endforeach()
  else()
    execute_process(COMMAND ${H5SAME} ${first} ${file} --ignore ranks --ignore threads
                            --ignore partitioner --ignore windows
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "variant ${variant} differs from the first:\n${out}")
    endif()
    message(STATUS "${out}")
  endif()
endforeach()
