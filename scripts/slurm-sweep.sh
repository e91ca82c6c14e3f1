#!/bin/sh
# Runs a cimx sweep on a Slurm cluster: one array job with one task per shard
# (`cimx sweep SWEEP.cfg --shard I/N`), then a merge job that starts when every task has
# ended (`cimx sweep --merge`). See docs/sweep.md, "Sweeps on a cluster".
#
#   scripts/slurm-sweep.sh SWEEP.cfg OUTDIR [--shards N] [-j J] [--cimx PATH] [--wait]
#                          [-- SBATCH_OPTIONS...]
#
# OUTDIR/shards/I   shard I's sweep directory (resumable like any other)
# OUTDIR            the merged results (results.csv, summary.csv, results.jsonl)
# OUTDIR/slurm/     the batch scripts and the jobs' output
# Run it from the directory the sweep file's relative paths start from; the jobs run there
# too, so OUTDIR, the model and cimx must be on a file system the nodes share. Running the
# same command again resubmits: every shard finishes only what is missing.
set -eu

usage() {
  echo "usage: $0 SWEEP.cfg OUTDIR [--shards N] [-j J] [--cimx PATH] [--wait] [-- SBATCH_OPTIONS...]" >&2
  exit 2
}

[ $# -ge 2 ] || usage
sweep=$1 out=$2
shift 2
shards=4 jobs=1 wait=""
cimx=${CIMX:-$(cd "$(dirname "$0")/.." && pwd)/build/cimx/cimx}
while [ $# -gt 0 ]; do
  case "$1" in
    --shards) shards=$2; shift 2 ;;
    -j|--jobs) jobs=$2; shift 2 ;;
    --cimx) cimx=$2; shift 2 ;;
    --wait) wait=--wait; shift ;;
    --) shift; break ;;
    *) usage ;;
  esac
done
case "$shards" in ''|*[!0-9]*|0) echo "$0: --shards must be a positive integer" >&2; exit 2 ;; esac
case "$jobs" in ''|*[!0-9]*|0) echo "$0: -j must be a positive integer" >&2; exit 2 ;; esac
[ -r "$sweep" ] || { echo "$0: $sweep: cannot read the sweep file" >&2; exit 1; }
[ -x "$cimx" ] || { echo "$0: $cimx: no cimx executable (build it, or give --cimx PATH)" >&2; exit 1; }

# Absolute paths: the jobs may start in another directory.
here=$(pwd)
case "$sweep" in /*) ;; *) sweep="$here/$sweep" ;; esac
case "$out" in /*) ;; *) out="$here/$out" ;; esac
case "$cimx" in /*) ;; *) cimx="$here/$cimx" ;; esac
mkdir -p "$out/slurm" "$out/shards"

# Checks the sweep file once here, so that a bad file fails now and not in N jobs.
"$cimx" sweep "$sweep" --check-only

q() { printf "'%s'" "$(printf %s "$1" | sed "s/'/'\\\\''/g")"; }

cat > "$out/slurm/shard.sbatch" <<SH
#!/bin/sh
cd $(q "$here")
exec $(q "$cimx") sweep $(q "$sweep") --out $(q "$out")/shards/\$SLURM_ARRAY_TASK_ID \\
  --shard \$SLURM_ARRAY_TASK_ID/$shards -j $jobs
SH
dirs=""
i=1
while [ $i -le "$shards" ]; do dirs="$dirs $(q "$out/shards/$i")"; i=$((i + 1)); done
cat > "$out/slurm/merge.sbatch" <<SH
#!/bin/sh
cd $(q "$here")
exec $(q "$cimx") sweep --merge$dirs --out $(q "$out")
SH

array=$(sbatch --parsable --array=1-"$shards" --job-name=cimx-sweep --cpus-per-task="$jobs" \
  --output="$out/slurm/shard-%a.out" "$@" "$out/slurm/shard.sbatch")
array=${array%%;*}
echo "slurm-sweep: shards: job $array (array 1-$shards), output in $out/slurm/shard-*.out"
# afterany: merge what is there even when a shard failed; the merge names what is missing.
merge=$(sbatch --parsable $wait --dependency=afterany:"$array" --job-name=cimx-sweep-merge \
  --output="$out/slurm/merge.out" "$@" "$out/slurm/merge.sbatch") || {
  echo "slurm-sweep: the merge job could not be submitted or failed; see $out/slurm/merge.out" >&2
  exit 1
}
merge=${merge%%;*}
echo "slurm-sweep: merge: job $merge, results in $out (after: cimx plot $out)"
