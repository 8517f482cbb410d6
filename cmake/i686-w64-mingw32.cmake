# Cross toolchain: 32-bit Windows DLL and tools. Built in every run; its tests are not run here because
# this machine's Wine is 64-bit only (see shared/reference/toolchain-and-wine.md).
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR i686)
set(TOOLCHAIN_PREFIX i686-w64-mingw32)
set(CMAKE_C_COMPILER ${TOOLCHAIN_PREFIX}-gcc)
set(CMAKE_RC_COMPILER ${TOOLCHAIN_PREFIX}-windres)
set(CMAKE_FIND_ROOT_PATH /usr/${TOOLCHAIN_PREFIX})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

set(WIDL ${TOOLCHAIN_PREFIX}-widl)
set(WIDL_BITNESS_FLAG --win32)
set(CMAKE_CROSSCOMPILING_EMULATOR wine)
