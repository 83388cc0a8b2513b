# A test whose prerequisites are missing is still registered, under its own
# name, and fails with the reason and the fix: a fresh machine never passes by
# silently running fewer tests than this one.
function(wfsim_add_cannot_run_test name reason)
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} "-DWFSIM_REASON=${reason}" -P ${PROJECT_SOURCE_DIR}/cmake/cannot_run.cmake)
  message(WARNING "${name} cannot run here and will fail: ${reason}")
endfunction()

# A test run by Debian's /usr/bin/python3 (the project's Python helpers use
# only Debian's packages): `script` and its arguments; without that Python,
# a test that fails and says why.
function(wfsim_add_python_test name script)
  if(EXISTS /usr/bin/python3)
    add_test(NAME ${name} COMMAND /usr/bin/python3 ${script} ${ARGN})
  else()
    wfsim_add_cannot_run_test(${name} "needs Debian's /usr/bin/python3; run tools/install-deps.sh")
  endif()
endfunction()
