# Run by a test that this machine cannot run (see wfsim_add_cannot_run_test in
# cmake/WfsimTests.cmake): it fails and says why, so that a missing
# prerequisite shows up as a failed test instead of a test that vanished.
message(FATAL_ERROR "this test cannot run on this machine: ${WFSIM_REASON}")
