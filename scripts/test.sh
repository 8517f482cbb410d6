#!/usr/bin/env bash
# Runs every test: installs dependencies, builds the native core (ASan/UBSan) and imapi2fs.dll for x64 and
# x86, then ctest: native unit and oracle tests, and the DLL's C, VBScript and JScript clients under Wine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake --preset default >/dev/null
cmake --build --preset default
ctest --preset default "$@"
