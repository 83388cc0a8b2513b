# `wfsim report` (viz/report): the Catch2 suite and the browser check.
# Included from tests/CMakeLists.txt.
add_executable(test_report test_report.cpp cli_harness.cpp h5_harness.cpp)
target_link_libraries(test_report PRIVATE wfsim_catch_main wfsim::report wfsim_hdf5 wfsim_warnings)
target_compile_definitions(test_report PRIVATE
  WFSIM_EXE="$<TARGET_FILE:wfsim>"
  WFSIM_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
add_dependencies(test_report wfsim)
catch_discover_tests(test_report)

# Opens a comparison report in headless Chromium: no request but the file
# itself, charts of non-zero size, a screenshot that is not blank (kept in
# test-artefacts/report/ under the build folder).
find_program(WFSIM_REPORT_NODE NAMES node nodejs)
find_program(WFSIM_REPORT_CHROMIUM NAMES chromium chromium-browser PATHS /usr/bin)
if(NOT WFSIM_REPORT_NODE OR NOT WFSIM_REPORT_CHROMIUM
   OR NOT EXISTS ${CMAKE_SOURCE_DIR}/viz/node_modules/playwright-core/package.json)
  wfsim_add_cannot_run_test(report_browser_check
    "needs node, chromium and viz/node_modules/playwright-core; run tools/install-deps.sh, then re-run cmake")
else()
  add_test(NAME report_browser_check
           COMMAND ${WFSIM_REPORT_NODE} ${CMAKE_SOURCE_DIR}/viz/tests/report_check.mjs
                   --wfsim $<TARGET_FILE:wfsim> --source ${CMAKE_SOURCE_DIR}
                   --out ${CMAKE_BINARY_DIR}/test-artefacts/report --chromium ${WFSIM_REPORT_CHROMIUM})
  set_tests_properties(report_browser_check PROPERTIES TIMEOUT 120 LABELS browser)
endif()
