# The workshop server (`wfsim serve`): in process on loopback, and the command.
add_executable(test_serve cli_harness.cpp serve_harness.cpp test_serve.cpp test_serve_cli.cpp
                          test_serve_limits.cpp test_serve_load.cpp test_serve_hostile.cpp
                          test_serve_levers.cpp test_serve_room.cpp)
target_link_libraries(test_serve PRIVATE wfsim_catch_main wfsim::server ZLIB::ZLIB wfsim_warnings)
target_compile_definitions(test_serve PRIVATE
  WFSIM_EXE="$<TARGET_FILE:wfsim>"
  WFSIM_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
add_dependencies(test_serve wfsim)
if(WFSIM_SANITIZE MATCHES "address")
  # Without ASan's fake stacks for use-after-return (off by default under gcc,
  # on under clang 16): on the server's hundred-odd threads they take about a
  # GiB, which the load test's memory bound is not about.
  catch_discover_tests(test_serve PROPERTIES ENVIRONMENT "ASAN_OPTIONS=detect_stack_use_after_return=0")
else()
  catch_discover_tests(test_serve)
endif()
