# Native half: core + posix platform, sanitized unit tests, oracle readers; then the two Windows sub-builds.
option(OPENIMAPI2FS_SANITIZE "build the native core and its tests with ASan/UBSan" ON)
option(OPENIMAPI2FS_WINDOWS "also cross-build the Windows half (x64 and x86)" ON)

if(OPENIMAPI2FS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()

add_subdirectory(src/platform)
add_subdirectory(src/core)
add_subdirectory(tests/core)
add_subdirectory(tests/oracle)
add_subdirectory(tests/property)
add_subdirectory(bench)
include(cmake/fuzz.cmake)

if(OPENIMAPI2FS_WINDOWS)
  include(ExternalProject)
  foreach(arch x86_64 i686)
    set(sub "${CMAKE_BINARY_DIR}/${arch}")
    ExternalProject_Add(win-${arch}
      SOURCE_DIR "${CMAKE_SOURCE_DIR}"
      BINARY_DIR "${sub}"
      CMAKE_ARGS -DCMAKE_TOOLCHAIN_FILE=${CMAKE_SOURCE_DIR}/cmake/${arch}-w64-mingw32.cmake
                 -DCMAKE_BUILD_TYPE=${CMAKE_BUILD_TYPE}
                 -DSHARED_DIR=${SHARED_DIR}
                 -DORACLE_DIR=${CMAKE_BINARY_DIR}/tests/oracle
                 -DOPENIMAPI2FS_RUN_TESTS=$<IF:$<STREQUAL:${arch},x86_64>,ON,OFF>
      INSTALL_COMMAND ""
      BUILD_ALWAYS ON
      USES_TERMINAL_BUILD ON)
  endforeach()
  # ctest in this tree also runs the x64 sub-build's tests (the i686 build has none: Wine here is 64-bit).
  file(WRITE "${CMAKE_BINARY_DIR}/windows-tests.cmake"
       "if(EXISTS \"${CMAKE_BINARY_DIR}/x86_64/CTestTestfile.cmake\")\n  subdirs(\"${CMAKE_BINARY_DIR}/x86_64\")\nendif()\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${CMAKE_BINARY_DIR}/windows-tests.cmake")
endif()
