#!/usr/bin/env bash
# CI: runs a small sweep on a real single-node Slurm cluster (an array job of
# shards plus a dependent merge job) and checks that the merged results are
# byte-identical to the same sweep run in one process; then the same for a
# small calibrate (a chain of array jobs, one per round, plus a final job).
#
# Works on a fresh machine as root: deploy/slurm/local-cluster.sh installs
# Debian's slurm-wlm and munge when they are missing. Starts munged,
# slurmctld and slurmd on private sockets and ports under a temp folder and
# stops every daemon it started, whatever happens. Needs about 20 s.
#
#   .ci/slurm-test.sh                  # spec: configs/sweeps/ci.yaml, 3 shards
#   SLURM_TEST_SHARDS=5 .ci/slurm-test.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)

spec=${SLURM_TEST_SPEC:-configs/sweeps/ci.yaml}
shards=${SLURM_TEST_SHARDS:-3}
# Seconds the Slurm part (cluster start to last merge) may take in all.
budget=${SLURM_TEST_TIMEOUT:-100}

t0=$(date +%s.%N)
since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/unconf-slurm-test.XXXXXX")
chmod 755 "$tmp" # munged runs as the munge user and must reach $cluster/munge
cluster=$tmp/cluster
ok=0
cleanup() {
	local rc=$?
	if ((!ok)); then
		echo "== slurm test FAILED (exit $rc); logs follow" >&2
		for f in "$cluster"/log/slurmctld.log "$cluster"/log/slurmd.log "$cluster"/munge/munged.log; do
			[[ -f $f ]] && { echo "--- $f (last 40 lines)" >&2; tail -n 40 "$f" >&2; }
		done
		for f in "$tmp"/sharded/logs/*.out "$tmp"/single.log "$tmp"/cal-sharded/logs/*.out; do
			[[ -f $f ]] && { echo "--- $f" >&2; tail -n 40 "$f" >&2; }
		done
		if [[ -n ${SLURM_CONF:-} ]]; then
			echo "--- squeue" >&2; squeue >&2 2>/dev/null || true
		fi
	fi
	deploy/slurm/local-cluster.sh stop "$cluster" || true
	rm -rf "$tmp"
	if ((!ok)); then exit 1; fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM

echo "== slurm test: go build ./cmd/unconf"
go build -buildvcs=auto -o "$tmp/unconf" ./cmd/unconf

echo "== slurm test: start a private single-node cluster in $cluster"
deadline=$(($(date +%s) + budget))
# left prints the seconds left of the budget (at least 1).
left() { local l=$((deadline - $(date +%s))); echo $((l > 0 ? l : 1)); }
env_line=$(deploy/slurm/local-cluster.sh start "$cluster")
eval "$env_line"
[[ -n ${SLURM_CONF:-} ]] || { echo "local-cluster.sh printed no SLURM_CONF" >&2; exit 1; }
export SLURM_CONF
sinfo
echo "   cluster up after $(since "$t0") s"

echo "== slurm test: $spec in one process"
t1=$(date +%s.%N)
"$tmp/unconf" sweep "$spec" --out "$tmp/single" >"$tmp/single.md" 2>"$tmp/single.log"
single=$(since "$t1")

echo "== slurm test: $spec as an array of $shards shards plus a merge job"
t2=$(date +%s.%N)
deploy/slurm/submit.sh --shards "$shards" --bin "$tmp/unconf" --out "$tmp/sharded" \
	--wait --timeout "$(left)" "$spec"
sharded=$(since "$t2")

echo "== slurm test: compare merged outputs with the single-process sweep"
for f in results.csv summary.csv; do
	if [[ ! -f $tmp/single/$f ]]; then
		echo "single-process sweep wrote no $f" >&2
		exit 1
	fi
	cmp "$tmp/single/$f" "$tmp/sharded/$f"
	echo "   $f: identical ($(wc -l <"$tmp/single/$f") lines)"
done
units=$(($(wc -l <"$tmp/single/results.csv") - 1))
echo "   units: $units; one process: $single s; $shards shards on Slurm (submit to merged): $sharded s"

echo "== slurm test: a failing shard cancels the merge; re-running just that shard completes it"
cat >"$tmp/flaky-unconf" <<FLAKY
#!/bin/sh
if [ "\${SLURM_ARRAY_TASK_ID:-}" = 1 ] && [ -e "$tmp/fail-shard-1" ]; then
	echo "flaky-unconf: shard 1 fails on purpose" >&2
	exit 3
fi
exec "$tmp/unconf" "\$@"
FLAKY
chmod +x "$tmp/flaky-unconf"
touch "$tmp/fail-shard-1"
if deploy/slurm/submit.sh --shards "$shards" --bin "$tmp/flaky-unconf" --out "$tmp/retry" \
	--wait --timeout "$(left)" "$spec" 2>"$tmp/retry-1.log"; then
	cat "$tmp/retry-1.log" >&2
	echo "submit.sh --wait succeeded although shard 1 failed" >&2
	exit 1
fi
if [[ -e $tmp/retry/results.csv ]]; then
	echo "a merged results.csv exists although shard 1 failed" >&2
	exit 1
fi
for want in "shard 1: FAILED" "CANCELLED" "--only 1"; do
	if ! grep -qF -- "$want" "$tmp/retry-1.log"; then
		cat "$tmp/retry-1.log" >&2
		echo "submit.sh's failure report lacks \"$want\"" >&2
		exit 1
	fi
done
echo "   submit.sh --wait failed as it should:"
sed 's/^/     /' "$tmp/retry-1.log"
rm "$tmp/fail-shard-1"
deploy/slurm/submit.sh --shards "$shards" --only 1 --bin "$tmp/flaky-unconf" --out "$tmp/retry" \
	--wait --timeout "$(left)" "$spec"
cmp "$tmp/single/results.csv" "$tmp/retry/results.csv"
echo "   re-run of shard 1 merged: results.csv identical"
echo "== slurm test: calibrate as a chain of array jobs, a round each, plus a final job"
# Rounds run one after the other (each is proposed from the ones before):
# one $shards-task array per round, each waiting for the one before, then
# the run without shards that writes the outputs. Both runs use the same
# relative --out, from their own folders, so that the command line the
# outputs record is the same.
ex=$repo/configs/examples
cal=(calibrate --config "$ex/event.yaml" --attendees "$ex/attendees.csv" --proposals "$ex/proposals.csv"
	--votes "$ex/votes-levels.csv" --schedule "$ex/hand-schedule.csv" --attendance "$ex/attendance.csv"
	--draws 8 --rounds 2 --replicates 2 --workers 1 --format svg --out cal)
mkdir -p "$tmp/cal-single" "$tmp/cal-sharded/logs"
t3=$(date +%s.%N)
(cd "$tmp/cal-single" && "$tmp/unconf" "${cal[@]}" >calibration.out 2>calibrate.log)
calsingle=$(since "$t3")
calcmd=$(printf '%q ' "$tmp/unconf" "${cal[@]}")
t4=$(date +%s.%N)
dep=()
for round in 1 2; do
	job=$(sbatch --parsable --array=0-$((shards - 1)) "${dep[@]}" --kill-on-invalid-dep=yes --chdir="$tmp/cal-sharded" \
		--job-name=unconf-calibrate --output="$tmp/cal-sharded/logs/round$round-%A_%a.out" --wrap "$calcmd")
	dep=(--dependency=afterok:"$job")
done
final=$(sbatch --parsable "${dep[@]}" --kill-on-invalid-dep=yes --chdir="$tmp/cal-sharded" \
	--job-name=unconf-calibrate --output="$tmp/cal-sharded/logs/final-%j.out" --wrap "$calcmd")
while [[ -n $(squeue -h -j "$final" -o %i 2>/dev/null) ]]; do
	if (($(date +%s) >= deadline)); then
		echo "calibrate's Slurm chain did not finish within ${budget} s" >&2
		squeue >&2 || true
		exit 1
	fi
	sleep 0.5
done
calsharded=$(since "$t4")
for log in "$tmp"/cal-sharded/logs/round*.out; do
	grep -q "^Shard [0-9]*/$shards: round [12] of 2: simulated" "$log" || { cat "$log" >&2; echo "$log: no shard report" >&2; exit 1; }
done
grep -q "resumed 16 draws" "$tmp"/cal-sharded/logs/final-*.out || { cat "$tmp"/cal-sharded/logs/final-*.out >&2; echo "the final calibrate did not read the shards' 16 draws" >&2; exit 1; }
n=0
for f in calibration.md draws.csv posterior.csv sessions.csv forecast.yaml charts/parameters.svg charts/observed-vs-predicted.svg; do
	cmp "$tmp/cal-single/cal/$f" "$tmp/cal-sharded/cal/$f"
	n=$((n + 1))
done
echo "   $n outputs identical; one process: $calsingle s; 2 rounds × $shards shards and the final job on Slurm: $calsharded s"

ok=1
echo "== slurm test passed in $(since "$t0") s"
