#!/bin/sh
# Copies the studies' results from the sweep directories of scripts/studies-run.sh into the
# repository, redraws their plots and regenerates the pages' tables (docs/studies/README.md).
# Works on unfinished sweeps too: cimx sweep rewrites results.csv and summary.csv every few
# seconds while rows finish (atomic renames, so a copy is never torn), and the pages say how
# many rows each table holds.
#
#   scripts/studies-refresh.sh RUNS        # RUNS = the OUT given to scripts/studies-run.sh
#   CIMX=path/to/cimx scripts/studies-refresh.sh RUNS
#
# For each RUNS/<study>/<name>/ (a cimx sweep directory) it writes
# docs/studies/<study>/results/<name>/: manifest.json, sweep.cfg, results.csv, summary.csv
# (cimx sweep's), details.csv (scripts/studies-details.py: latency and energy breakdowns,
# re-programming), sweep.log (the queue's log of that sweep: start/exit times, one line per
# point), and plots/*.svg, *.dat, *.gp and report.html from `cimx plot` on that copy, which reads
# results.csv (the rows/ and results.jsonl of the run stay out of the repository: tens of MB).
set -eu
cd "$(dirname "$0")/.."
RUNS=${1:?usage: scripts/studies-refresh.sh RUNS}
CIMX=${CIMX:-build/cimx/cimx}

for manifest in "$RUNS"/*/*/manifest.json; do
    [ -f "$manifest" ] || continue
    src=$(dirname "$manifest")
    name=$(basename "$src")
    study=$(basename "$(dirname "$src")")
    [ -f "$src/results.csv" ] || continue
    dst=docs/studies/$study/results/$name
    mkdir -p "$dst"
    for f in manifest.json sweep.cfg results.csv summary.csv; do
        cp "$src/$f" "$dst/$f.tmp" && mv "$dst/$f.tmp" "$dst/$f"
    done
    [ ! -f "$src.log" ] || cp "$src.log" "$dst/sweep.log"
    scripts/studies-details.py "$src" >"$dst/details.csv.tmp"
    mv "$dst/details.csv.tmp" "$dst/details.csv"
    rm -rf "$dst/plots"
    "$CIMX" plot "$dst"
    rm -f "$dst"/plots/*.png # report.html and the pages show the SVGs
done
python3 scripts/studies-tables.py
