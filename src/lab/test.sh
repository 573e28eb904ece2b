#!/bin/sh
# The whole test suite, from a fresh Debian machine: installs what the tests need, builds
# target/carpd.jar and runs the unit tests, the simulated-LAN scenarios and (as root) the lab
# tests in network namespaces. CI runs exactly this (.ci/run).
set -eu
cd "$(dirname "$0")/../.."
sh src/lab/install-deps.sh
exec mvn -B -ntp verify "$@"
