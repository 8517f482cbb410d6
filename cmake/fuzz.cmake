# Fuzzing the readers of existing sessions (issue 6). make_seeds (native, from our writer) writes the seed
# images; tests/fuzz is a sub-build with clang (libFuzzer is clang's; the main build is gcc) whose ctest
# tests, fuzz.<target> and fuzz.<target>.regressions, run with the rest. Without clang the tests of the
# same names fail, saying what to install, and everything else builds as before.
option(OPENIMAPI2FS_FUZZ "build the libFuzzer targets with clang and run them in ctest" ON)
if(NOT OPENIMAPI2FS_FUZZ)
  return()
endif()

add_executable(make_seeds tests/fuzz/make_seeds.c)
target_link_libraries(make_seeds PRIVATE fsicore)
target_include_directories(make_seeds PRIVATE "${CMAKE_SOURCE_DIR}/tests/core")
set(fuzz_seeds "${CMAKE_BINARY_DIR}/fuzz/seeds")
add_custom_command(OUTPUT "${fuzz_seeds}/made"
                   COMMAND "${CMAKE_COMMAND}" -E rm -rf "${fuzz_seeds}"
                   COMMAND make_seeds "${fuzz_seeds}"
                   COMMAND "${CMAKE_COMMAND}" -E touch "${fuzz_seeds}/made"
                   DEPENDS make_seeds
                   COMMENT "fuzz seeds: images of our writer")
add_custom_target(fuzz-seeds ALL DEPENDS "${fuzz_seeds}/made")

# Seconds per fuzz.<target> run; FSI_FUZZ_SECONDS at test time overrides it (set it here too when it is
# more than the default, for the tests' timeouts).
if(DEFINED ENV{FSI_FUZZ_SECONDS})
  set(fuzz_seconds_default "$ENV{FSI_FUZZ_SECONDS}")
else()
  set(fuzz_seconds_default 60)
endif()
set(FUZZ_SECONDS "${fuzz_seconds_default}" CACHE STRING "seconds each fuzz.<target> test runs")

find_program(FUZZ_CLANG NAMES clang-14 clang)
if(FUZZ_CLANG)
  include(ExternalProject)
  ExternalProject_Add(fuzz
    SOURCE_DIR "${CMAKE_SOURCE_DIR}/tests/fuzz"
    BINARY_DIR "${CMAKE_BINARY_DIR}/fuzz"
    CMAKE_ARGS -DCMAKE_C_COMPILER=${FUZZ_CLANG}
               -DCMAKE_BUILD_TYPE=RelWithDebInfo
               -DFUZZ_SEEDS=${fuzz_seeds}
               -DFUZZ_SECONDS=${FUZZ_SECONDS}
    INSTALL_COMMAND ""
    BUILD_ALWAYS ON
    DEPENDS fuzz-seeds
    USES_TERMINAL_BUILD ON)
  file(WRITE "${CMAKE_BINARY_DIR}/fuzz-tests.cmake"
       "if(EXISTS \"${CMAKE_BINARY_DIR}/fuzz/CTestTestfile.cmake\")\n  subdirs(\"${CMAKE_BINARY_DIR}/fuzz\")\nendif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${CMAKE_BINARY_DIR}/fuzz-tests.cmake")
else()
  set(fuzz_targets identify)
  if(EXISTS "${CMAKE_SOURCE_DIR}/src/core/import_iso9660.c")
    list(APPEND fuzz_targets iso9660)
  endif()
  if(EXISTS "${CMAKE_SOURCE_DIR}/src/core/import_udf.c")
    list(APPEND fuzz_targets udf)
  endif()
  foreach(target ${fuzz_targets})
    foreach(test fuzz.${target} fuzz.${target}.regressions)
      add_test(NAME ${test} COMMAND sh -c "echo 'no clang-14 (nor clang) found, so no fuzzers were built: bash scripts/deps.sh installs clang-14 and libclang-rt-14-dev' >&2; exit 1")
    endforeach()
  endforeach()
endif()
