# Tests that run Windows programs under Wine share one private prefix per build tree, made by a setup
# fixture; wineserver is started persistent with its output detached, or ctest hangs on its pipes
# (shared/reference/toolchain-and-wine.md). A second fixture registers imapi2fs.dll in that prefix.
set(WINE_PREFIX "${CMAKE_BINARY_DIR}/wineprefix")
set(WINE_TEST_ENV
    "WINEPREFIX=${WINE_PREFIX}" "WINEARCH=win64" "WINEDEBUG=-all" "WINEDLLOVERRIDES=mscoree,mshtml=")

add_test(NAME wine.prefix.setup
         COMMAND sh -c "mkdir -p \"$WINEPREFIX\" && wineserver -p60 >/dev/null 2>&1 </dev/null; wineboot -i >/dev/null 2>&1 </dev/null"
         )
set_tests_properties(wine.prefix.setup PROPERTIES FIXTURES_SETUP wineprefix ENVIRONMENT "${WINE_TEST_ENV}")
add_test(NAME wine.prefix.cleanup COMMAND sh -c "wineserver -k >/dev/null 2>&1; true")
set_tests_properties(wine.prefix.cleanup PROPERTIES FIXTURES_CLEANUP "wineprefix" ENVIRONMENT "${WINE_TEST_ENV}")

# add_wine_test(<name> [REGISTERED] COMMAND <exe or target> args... [PASS_REGULAR_EXPRESSION re])
# Runs under Wine in the shared prefix; REGISTERED also requires imapi2fs.dll to be registered there.
function(add_wine_test name)
  cmake_parse_arguments(W "REGISTERED" "PASS_REGULAR_EXPRESSION" "COMMAND;DEPENDS_FIXTURES" ${ARGN})
  add_test(NAME ${name} COMMAND ${W_COMMAND})
  set(fixtures wineprefix ${W_DEPENDS_FIXTURES})
  if(W_REGISTERED)
    list(APPEND fixtures imapi2fs_registered)
  endif()
  set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED "${fixtures}" ENVIRONMENT "${WINE_TEST_ENV}")
  if(W_PASS_REGULAR_EXPRESSION)
    set_tests_properties(${name} PROPERTIES PASS_REGULAR_EXPRESSION "${W_PASS_REGULAR_EXPRESSION}")
  endif()
endfunction()
