# A test whose prerequisites are missing is still registered, under its own
# name, and fails with the reason and the fix: a fresh machine never passes by
# silently running fewer tests than this one.
function(wfsim_add_cannot_run_test name reason)
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} "-DWFSIM_REASON=${reason}" -P ${PROJECT_SOURCE_DIR}/cmake/cannot_run.cmake)
  message(WARNING "${name} cannot run here and will fail: ${reason}")
endfunction()
