# The distributed layer's tests (docs/cluster.md).
# In every build: chunked ensembles and the work farm on one process.
add_executable(wfsim_distributed_tests
  ${CMAKE_CURRENT_LIST_DIR}/test_ensembles.cpp
  ${CMAKE_CURRENT_LIST_DIR}/test_messages.cpp
  ${CMAKE_CURRENT_LIST_DIR}/../model_harness.cpp)
target_link_libraries(wfsim_distributed_tests PRIVATE wfsim_catch_main wfsim::models
  wfsim::distributed wfsim_warnings)
catch_discover_tests(wfsim_distributed_tests)

# With MPI: results files identical for 1, 2 and 3 ranks and without mpirun,
# resume after a killed job equal to an uninterrupted run, bad input ending
# every rank (tests/mpi/ranks_agree.sh).
set(mpi_cases run compare sweep calibrate resume_sweep resume_calibrate bad_input)
if(WFSIM_MPI)
  foreach(case ${mpi_cases})
    add_test(NAME mpi_${case}
             COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/../mpi/ranks_agree.sh $<TARGET_FILE:wfsim>
                     ${MPIEXEC_EXECUTABLE} ${case})
    # mpirun refuses root without these (CI containers run as root); shared
    # memory without the single-copy mechanism that containers often forbid.
    set_tests_properties(mpi_${case} PROPERTIES
      LABELS mpi TIMEOUT 300 RUN_SERIAL TRUE
      ENVIRONMENT "OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1;OMPI_MCA_btl_vader_single_copy_mechanism=none")
  endforeach()
elseif(WFSIM_MPI_WANTED)
  # MPI was asked for (the default) but not found: the MPI tests fail rather
  # than vanish. A build configured with -DWFSIM_MPI=OFF has no MPI by choice.
  foreach(case ${mpi_cases})
    wfsim_add_cannot_run_test(mpi_${case}
      "Open MPI was not found (Debian: openmpi-bin libopenmpi-dev); run tools/install-deps.sh, or configure with -DWFSIM_MPI=OFF to build without MPI")
  endforeach()
endif()
