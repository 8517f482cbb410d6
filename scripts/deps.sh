#!/usr/bin/env bash
# Installs what building and testing openimapi2fs needs, from Debian's packages (bookworm).
# Runs apt-get only when something is missing; needs root (or sudo) then.
set -euo pipefail

packages=(
  cmake make gcc pkg-config                                   # native build
  gcc-mingw-w64-x86-64 gcc-mingw-w64-i686                     # the DLL, x64 and x86
  binutils-mingw-w64-x86-64 binutils-mingw-w64-i686           # windres, windmc
  mingw-w64-tools                                             # widl
  wine wine64 libwine-dev                                     # run and test the DLL; standard .idl files
  libisofs-dev libudfread-dev 7zip genisoimage xorriso udftools  # independent readers, peers
  clang-14 libclang-rt-14-dev                                 # libFuzzer targets (tests/fuzz)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
