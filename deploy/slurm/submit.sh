#!/usr/bin/env bash
# Submits an unconf sweep to Slurm as an array job (one array task = one
# shard of many units) plus a merge job that runs when every shard has
# succeeded (--dependency=afterok).
#
#   deploy/slurm/submit.sh [options] SPEC [-- SBATCH-ARGS...]
#
# SPEC is a sweep spec file or embedded:sweeps/NAME.yaml.
#
# Options:
#   --shards N         number of shards = array tasks 0..N-1 (default 8)
#   --out DIR          output folder on a file system every node sees
#                      (default ./unconf-out/sweep-<spec name>)
#   --bin PATH         the unconf binary (default: $UNCONF_BIN, else
#                      DIR/bin/unconf if an earlier submission built it,
#                      else built there from this checkout when go is on
#                      PATH, else unconf on PATH)
#   --cpus-per-task C  CPUs, hence sweep workers, per shard (default 1)
#   --max-running M    run at most M shards at once (--array=...%M)
#   --only LIST        re-run only these shards of the N-shard sweep (e.g.
#                      3 or 3,5 or 2-4), then merge again; --shards must be
#                      the sweep's N
#   --wait             wait for the merge, then check the merged output and
#                      exit non-zero if it is missing (sbatch's own exit
#                      status says nothing about the array's tasks)
#   --timeout S        with --wait, give up (and cancel both jobs) after S
#                      seconds (default: wait as long as it takes)
# Anything after "--" goes to both sbatch calls, e.g.
#   -- --partition=short --time=02:00:00 --account=myproject
#
# Outputs, all in DIR: shard-i-of-N-<spec hash>/ (one part per shard), the
# merged results.csv, summary.csv, summary.md, meta.json and charts/ (what
# "unconf sweep" writes on one machine), logs/ (sweep-ARRAYJOB_SHARD.out,
# merge-JOB.out) and bin/unconf when built here.
#
# Requires sbatch, squeue and scontrol on PATH (and SLURM_CONF if your site
# needs it). Prints "array job A, merge job M" on stdout.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
die() { echo "submit.sh: $*" >&2; exit 1; }

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
shards=8 out="" bin=${UNCONF_BIN:-} cpus=1 maxrun="" only="" wait=0 timeout=0 spec=""
sbatch_args=()
while (($#)); do
	case $1 in
	--shards) shards=${2:?--shards needs a value}; shift 2 ;;
	--out) out=${2:?--out needs a value}; shift 2 ;;
	--bin) bin=${2:?--bin needs a value}; shift 2 ;;
	--cpus-per-task) cpus=${2:?--cpus-per-task needs a value}; shift 2 ;;
	--max-running) maxrun=${2:?--max-running needs a value}; shift 2 ;;
	--only) only=${2:?--only needs a value}; shift 2 ;;
	--wait) wait=1; shift ;;
	--timeout) timeout=${2:?--timeout needs a value}; shift 2 ;;
	-h | --help) usage ;;
	--) shift; sbatch_args=("$@"); break ;;
	-*) echo "submit.sh: unknown option $1" >&2; usage ;;
	*) [[ -z $spec ]] || die "one SPEC only, got $spec and $1"; spec=$1; shift ;;
	esac
done
[[ -n $spec ]] || usage
[[ $spec == embedded:* || -f $spec ]] || die "spec $spec: no such file"
[[ $shards =~ ^[1-9][0-9]*$ ]] || die "--shards $shards: want a positive integer"
[[ $cpus =~ ^[1-9][0-9]*$ ]] || die "--cpus-per-task $cpus: want a positive integer"
[[ -z $maxrun || $maxrun =~ ^[1-9][0-9]*$ ]] || die "--max-running $maxrun: want a positive integer"
[[ $timeout =~ ^[0-9]+$ ]] || die "--timeout $timeout: want seconds"
if [[ -n $only ]]; then
	[[ $only =~ ^[0-9]+(-[0-9]+)?(,[0-9]+(-[0-9]+)?)*$ ]] || die "--only $only: want shard indices like 3 or 3,5 or 2-4"
	for i in $(tr ',-' '  ' <<<"$only"); do
		((10#$i < shards)) || die "--only $only: shard $i is not below --shards $shards"
	done
fi
for c in sbatch squeue scontrol; do
	command -v "$c" >/dev/null || die "$c not found: run this on a Slurm login node"
done

[[ $spec == embedded:* ]] || spec=$(cd "$(dirname "$spec")" && pwd)/$(basename "$spec")
if [[ -z $out ]]; then
	name=$(basename "${spec#embedded:}"); name=${name%.*}
	out=unconf-out/sweep-$name
fi
mkdir -p "$out/logs"
out=$(cd "$out" && pwd)

# The binary: given, built from this checkout, or found on PATH. It must be
# on a file system the compute nodes see; DIR/bin is.
# A re-run (--only) reuses DIR/bin/unconf, so that every shard and the
# merge come from one binary.
if [[ -z $bin && -x $out/bin/unconf ]]; then
	bin=$out/bin/unconf
	echo "submit.sh: using $bin from the earlier submission" >&2
fi
if [[ -z $bin ]]; then
	repo=$(cd "$here/../.." && pwd)
	if command -v go >/dev/null && [[ -f $repo/go.mod && -d $repo/cmd/unconf ]]; then
		echo "submit.sh: building $out/bin/unconf from $repo" >&2
		mkdir -p "$out/bin"
		# -buildvcs=auto overrides a GOFLAGS=-buildvcs=false, so that the
		# version names the commit (see "unconf version").
		(cd "$repo" && go build -buildvcs=auto -o "$out/bin/unconf" ./cmd/unconf)
		bin=$out/bin/unconf
	elif command -v unconf >/dev/null; then
		bin=$(command -v unconf)
	else
		die "no unconf binary: pass --bin PATH, set UNCONF_BIN, or put go on PATH"
	fi
fi
[[ $bin == */* ]] && bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
[[ -x $bin ]] || die "unconf binary $bin is not executable"

array=0-$((shards - 1))
[[ -n $only ]] && array=$only
[[ -n $maxrun ]] && array+=%$maxrun
# A full array 0..N-1 tells unconf its shard and N through SLURM_ARRAY_TASK_ID
# and SLURM_ARRAY_TASK_COUNT. A partial re-run's task count is not N, so the
# shard count goes in UNCONF_SHARDS (sweep.sbatch then passes --shard i/N).
export_env=ALL
if [[ -n $only ]]; then
	export_env=ALL,UNCONF_SHARDS=$shards
else
	unset UNCONF_SHARDS
fi

stamp=$out/logs/.submitted
touch "$stamp"
started=$(date +%s)
jobid=$(sbatch --parsable --array="$array" --cpus-per-task="$cpus" --export="$export_env" \
	--job-name=unconf-sweep --output="$out/logs/sweep-%A_%a.out" "${sbatch_args[@]}" \
	"$here/sweep.sbatch" "$spec" "$out" "$bin")
jobid=${jobid%%;*}
mergeid=$(sbatch --parsable --dependency=afterok:"$jobid" --kill-on-invalid-dep=yes \
	--job-name=unconf-merge --output="$out/logs/merge-%j.out" "${sbatch_args[@]}" \
	"$here/merge.sbatch" "$out" "$bin")
mergeid=${mergeid%%;*}
echo "array job $jobid, merge job $mergeid"
if [[ -n $only ]]; then what="shard(s) $only of $shards"; else what="$shards shards"; fi
echo "submit.sh: $what (array $array) of $spec into $out; logs in $out/logs" >&2

((wait)) || exit 0

# Wait until neither job is queued or running. A failed shard cancels the
# merge (--kill-on-invalid-dep); either way the outputs decide.
while [[ -n $(squeue -h -j "$jobid,$mergeid" -o %i 2>/dev/null) ]]; do
	if ((timeout > 0 && $(date +%s) - started >= timeout)); then
		scancel "$jobid" "$mergeid" 2>/dev/null || true
		echo "submit.sh: timed out after $timeout s; cancelled jobs $jobid and $mergeid" >&2
		squeue -j "$jobid,$mergeid" >&2 2>/dev/null || true
		exit 1
	fi
	sleep 1
done
elapsed=$(($(date +%s) - started))

merged=$out/results.csv
mstate=$(scontrol -o show job "$mergeid" 2>/dev/null | grep -o 'JobState=[^ ]*' || true)
mstate=${mstate#JobState=}
mlog=$out/logs/merge-$mergeid.out
if [[ -f $merged && $merged -nt $stamp ]]; then
	if [[ $mstate == COMPLETED || -z $mstate ]]; then
		echo "submit.sh: merged $(($(wc -l <"$merged") - 1)) rows into $merged in $elapsed s" >&2
		exit 0
	fi
	# unconf merge wrote the outputs but exited non-zero: failed units.
	echo "submit.sh: merge job $mergeid $mstate after $elapsed s; its log:" >&2
	[[ -f $mlog ]] && tail -n 20 "$mlog" | sed "s/^/    /" >&2
	exit 1
fi

echo "submit.sh: FAILED after $elapsed s: no new $merged" >&2
failed=()
while read -r task state code; do
	echo "  shard $task: $state (exit $code)" >&2
	if [[ $state != COMPLETED ]]; then
		failed+=("$task")
		log=$out/logs/sweep-${jobid}_$task.out
		[[ -f $log ]] && tail -n 20 "$log" | sed "s/^/    /" >&2
	fi
done < <(scontrol -o show job "$jobid" 2>/dev/null |
	sed -nE 's/.*ArrayTaskId=([0-9]+) .*JobState=([A-Z_]+) .* ExitCode=([0-9:]+).*/\1 \2 \3/p' | sort -n || true)
echo "  merge job $mergeid: ${mstate:-unknown}" >&2
[[ -f $mlog ]] && tail -n 20 "$mlog" | sed "s/^/    /" >&2
if ((${#failed[@]})); then
	list=$(IFS=,; echo "${failed[*]}")
	echo "submit.sh: re-run the failed shards, then merge again, with:" >&2
	echo "  $0 --shards $shards --only $list --out $out --bin $bin --wait $spec" >&2
fi
exit 1
