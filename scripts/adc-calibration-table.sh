#!/bin/bash
# Top-1 accuracy of every shipped model on the VP with and without ADC range calibration
# (cimc --adc-calibration none | profile) at 3, 4 and 6 ADC bits, printed as the markdown table
# of docs/compiler.md ("ADC range calibration"). Each cell is one `cimx run` on the first IMAGES
# Fashion-MNIST test images; the profile calibrates on the last CALIBRATION training images.
#
#   scripts/adc-calibration-table.sh [IMAGES]          (default 1000)
#
# Environment: CIMX (default build/cimx/cimx), JOBS (parallel runs, default 2), CALIBRATION
# (cimc --calibration-images, default cimc's), PERCENTILE (--adc-percentile, default cimc's),
# EXTRA (more cimx run options for every run, e.g. "--xbar.adc_levels midrise").
set -euo pipefail

images=${1:-1000}
cimx=${CIMX:-build/cimx/cimx}
jobs=${JOBS:-2}
bits_list="3 4 6"
# model:mapping; a mapping that fits each model (BNN_I for the binary ones; TNN_I, symmetric
# ADC, and TNN_IV, positive ADC, for the ternary ones).
pairs="bnn-mlp:BNN_I bnn-cnn:BNN_I tnn-mlp:TNN_I tnn-mlp:TNN_IV tnn-cnn:TNN_I tnn-cnn:TNN_IV"

[ -x "$cimx" ] || { echo "adc-calibration-table.sh: $cimx not found (build first)" >&2; exit 1; }
out=$(mktemp -d /tmp/adc-calibration-table-XXXXXX)
trap 'rm -rf "$out"' EXIT

calibration_opts=""
[ -n "${CALIBRATION:-}" ] && calibration_opts+=" --calibration-images $CALIBRATION"
[ -n "${PERCENTILE:-}" ] && calibration_opts+=" --adc-percentile $PERCENTILE"

# One line per run: model mapping bits mode.
for pair in $pairs; do
    for bits in $bits_list; do
        for mode in none profile; do echo "${pair%%:*} ${pair##*:} $bits $mode"; done
    done
done >"$out/runs"

# Writes "top1 baseline" of one run to $out/<model>.<mapping>.<bits>.<mode>.
run_one() {
    local model=$1 mapping=$2 bits=$3 mode=$4 line
    local opts=""
    [ "$mode" = profile ] && opts=$calibration_opts
    # shellcheck disable=SC2086 # EXTRA and opts are option lists
    if ! line=$("$cimx" run "models/$model.onnx" --images "$images" --xbar.mapping "$mapping" \
        --xbar.adc_bits "$bits" --adc-calibration "$mode" $opts ${EXTRA:-} -q 2>"$out/$model.$mapping.$bits.$mode.err" | head -1); then
        echo "adc-calibration-table.sh: $model $mapping $bits bits $mode failed:" >&2
        cat "$out/$model.$mapping.$bits.$mode.err" >&2
        return 1
    fi
    # "top1 0.8240 (baseline, ideal crossbar: 0.9060) on 500 images"
    echo "$line" | awk '{ gsub(/\)/, "", $6); print $2, $6 }' >"$out/$model.$mapping.$bits.$mode"
}
export -f run_one
export cimx images out calibration_opts EXTRA

start=$(date +%s)
xargs -P "$jobs" -L 1 bash -c 'run_one "$@"' _ <"$out/runs"

pct() { awk '{ printf "%.1f %%", 100 * $1 }' "$1"; }
echo "Top-1 on the first $images Fashion-MNIST test images (cimx run; default crossbar and cells,"
echo "ideal cells; none = the automatic ADC range, alpha 1; profile = cimc --adc-calibration"
echo "profile${calibration_opts}${EXTRA:+; every run: $EXTRA})."
echo
header="| model | mapping | ideal crossbar |"
rule="|---|---|---|"
for bits in $bits_list; do
    header+=" $bits bits none | $bits bits profile |"
    rule+="---|---|"
done
echo "$header"
echo "$rule"
for pair in $pairs; do
    model=${pair%%:*} mapping=${pair##*:}
    row="| \`$model\` | $mapping | $(awk '{ printf "%.1f %%", 100 * $2 }' "$out/$model.$mapping.3.none") |"
    for bits in $bits_list; do
        row+=" $(pct "$out/$model.$mapping.$bits.none") | **$(pct "$out/$model.$mapping.$bits.profile")** |"
    done
    echo "$row"
done
echo
echo "($(wc -l <"$out/runs") runs, $(($(date +%s) - start)) s wall time, $jobs at once.)"
