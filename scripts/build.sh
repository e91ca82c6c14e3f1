#!/bin/sh
# Configures and builds everything (host tools, firmware, tests) in build/.
# Extra arguments go to CMake's configure step, e.g. -DCIMVP_SANITIZE=ON.
set -eu
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-Release} "$@" >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
