#!/bin/sh
# Runs the sweeps of the studies (docs/studies/README.md) one after the other, each with -j 1,
# into OUT/<study>/<name>/ (a cimx sweep directory) with its progress in OUT/<study>/<name>.log.
#
#   scripts/studies-run.sh OUT              # from any directory; runs from this script's tree
#   CIMX=path/to/cimx scripts/studies-run.sh OUT
#
# Resumable: running the same command again finishes what is missing (cimx sweep resumes every
# directory; a finished sweep is a no-op). Two of these may run at once on the same OUT: a
# sweep in use by the other (cimx sweep's lock) is skipped, so they share the queue. A sweep
# stopped by a signal (Ctrl-C, SIGTERM) stops the queue. The order: the MLP studies first (all
# 10,000 test images), then the CNNs (1,000 images), cheapest first within each.
set -u
cd "$(dirname "$0")/.."
OUT=${1:?usage: scripts/studies-run.sh OUT}
CIMX=${CIMX:-build/cimx/cimx}

QUEUE="
adc/bnn-mlp-profile adc/tnn-mlp-profile
adc/bnn-mlp-none adc/tnn-mlp-none
variability/bnn-mlp-lrs variability/tnn-mlp-lrs variability/bnn-mlp-hrs variability/tnn-mlp-hrs
xbar-size/bnn-mlp xbar-size/tnn-mlp xbar-size/bnn-mlp-xbar1st xbar-size/tnn-mlp-xbar1st
adc/bnn-cnn-profile adc/tnn-cnn-profile
variability/bnn-cnn-lrs variability/tnn-cnn-lrs variability/bnn-cnn-hrs variability/tnn-cnn-hrs
xbar-size/bnn-cnn xbar-size/tnn-cnn
adc/bnn-cnn-none adc/tnn-cnn-none
"

for s in $QUEUE; do
    mkdir -p "$OUT/$(dirname "$s")"
    log="$OUT/$s.log"
    echo "$(date -u '+%F %T') start $s" >>"$log"
    "$CIMX" sweep "docs/studies/$s.cfg" --out "$OUT/$s" -j 1 >>"$log" 2>&1
    rc=$?
    echo "$(date -u '+%F %T') exit $rc $s" >>"$log"
    echo "$(date -u '+%F %T') $s: exit $rc"
    # 1: an error of the sweep itself, e.g. the directory is in use by the other queue: go on.
    if [ "$rc" -gt 128 ]; then exit "$rc"; fi
done
