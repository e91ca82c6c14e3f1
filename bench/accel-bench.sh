#!/bin/sh
# Issue 11 benchmark: each shipped model with the command queue and periphery (the defaults)
# and with the CPU path (--postprocess cpu --first-layer cpu), interleaved: latency per
# inference, its CPU share, energy per inference at batch 32, host time.
#   bench/accel-bench.sh [IMAGES [LATENCY_IMAGES]]   (from the repository root, after a build)
set -e
images=${1:-64}
latency=${2:-16}
out=$(mktemp -d)
for model in bnn-mlp tnn-mlp bnn-cnn tnn-cnn; do
    for path in cpu xbar; do
        build/cimx/cimx run models/$model.onnx -q --images "$images" --latency-images "$latency" \
            --postprocess $path --first-layer $path --no-cache --json "$out/$model-$path.json" \
            >/dev/null
    done
done
/usr/bin/python3 - "$out" <<'PY'
import json, sys, os
d = sys.argv[1]
print("| model | path | latency per inference | CPU share of latency | energy per inference (batch 32) | host time |")
print("|---|---|---|---|---|---|")
for model in ["bnn-mlp", "tnn-mlp", "bnn-cnn", "tnn-cnn"]:
    for path in ["cpu", "xbar"]:
        j = json.load(open(os.path.join(d, f"{model}-{path}.json")))
        lat = j["latency_s"]; cpu = j["latency_breakdown_s"]["cpu"]
        print(f"| {model} | {path} | {lat*1e6:.1f} us | {100*cpu/lat:.1f} % | {j['energy_j']*1e6:.3f} uJ | {j.get('host_s', 0):.2f} s |")
PY
rm -rf "$out"
