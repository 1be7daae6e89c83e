# The training step-time model (issue 11, items 1 and 3): its own Catch2 program without MPI.
# It links the fabric too, only to take a Clos network's bisection bandwidth per GPU.
add_executable(fleetsim_training_tests
  training/main.cc training/test_collectives.cc training/test_step.cc
  training/test_published.cc training/test_sites_resize.cc training/test_validation.cc)
target_link_libraries(fleetsim_training_tests PRIVATE fleetsim_training fleetsim_fabric
                      Catch2::Catch2)
catch_discover_tests(fleetsim_training_tests TEST_PREFIX "training: ")
