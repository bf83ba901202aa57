#!/usr/bin/env bash
# Configures and builds into build/ (Release). Sourced by scripts/run and scripts/test.
set -euo pipefail
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DSENDBAND_BUILD_GUI="${SENDBAND_BUILD_GUI:-ON}" >/dev/null
cmake --build build -j"$(nproc)"
