#!/usr/bin/env bash
# Starts (or stops) a private single-node Slurm cluster for tests: munge on
# its own socket, slurmctld and slurmd with a config under a temp folder,
# running as root without cgroups or systemd. Debian 12's slurm-wlm 22.05.
#
#   deploy/slurm/local-cluster.sh start DIR   # prints: export SLURM_CONF=DIR/slurm.conf
#   deploy/slurm/local-cluster.sh stop DIR
set -euo pipefail

cmd=${1:?usage: local-cluster.sh start|stop DIR}
dir=${2:?usage: local-cluster.sh start|stop DIR}

install_slurm() {
	if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
		echo "local-cluster: installing slurm-wlm and munge" >&2
		export DEBIAN_FRONTEND=noninteractive
		# Keep the packages from starting system daemons (munged on the
		# default socket) that this script would not stop: a policy-rc.d
		# that forbids starts, unless the machine has one already.
		local policy=/usr/sbin/policy-rc.d ours=0
		if [ ! -e "$policy" ]; then
			printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && ours=1
		fi
		local rc=0
		{ apt-get update -qq >/dev/null &&
			apt-get install -y -qq slurm-wlm slurmctld slurmd slurm-client munge >/dev/null; } || rc=$?
		if [ "$ours" = 1 ]; then rm -f "$policy"; fi
		if [ "$rc" != 0 ]; then
			echo "local-cluster: apt-get failed (exit $rc): run as root on Debian/Ubuntu, or install slurm-wlm and munge" >&2
			return "$rc"
		fi
	fi
}

# free_port prints the first port from $1 on that nothing listens on.
free_port() {
	local p=$1
	while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do
		p=$((p + 1))
	done
	echo "$p"
}

start() {
	install_slurm
	mkdir -p "$dir"/{munge,state,spool,log}
	dir=$(cd "$dir" && pwd)
	local host cpus ctldport dport
	host=$(hostname -s)
	cpus=$(nproc)
	# Two free ports (16817, 16818 unless taken, e.g. by another test
	# cluster); override with SLURMCTLD_PORT and SLURMD_PORT.
	ctldport=${SLURMCTLD_PORT:-$(free_port 16817)}
	dport=${SLURMD_PORT:-$(free_port $((ctldport + 1)))}
	# munge: a private key and socket, owned by the munge user.
	dd if=/dev/urandom bs=1 count=1024 of="$dir/munge/munge.key" status=none
	chown -R munge:munge "$dir/munge" 2>/dev/null || true
	chmod 700 "$dir/munge"
	chmod 400 "$dir/munge/munge.key"
	local runas=()
	if id munge >/dev/null 2>&1; then
		runas=(runuser -u munge --)
		# munged runs as munge: DIR and every folder above it must let it
		# through (mktemp -d makes a 0700 folder).
		chmod 755 "$dir"
		if ! "${runas[@]}" test -w "$dir/munge"; then
			echo "local-cluster: the munge user cannot reach $dir/munge: make $dir and its parents world-searchable (chmod o+x)" >&2
			return 1
		fi
	fi
	"${runas[@]}" munged --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.sock" \
		--pid-file="$dir/munge/munged.pid" --log-file="$dir/munge/munged.log" --seed-file="$dir/munge/munge.seed" --force
	cat >"$dir/slurm.conf" <<CONF
ClusterName=unconf-ci
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.sock
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=$ctldport
SlurmdPort=$dport
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerParameters=sched_min_interval=0,batch_sched_delay=0,sched_interval=1
ReturnToService=2
MaxArraySize=1001
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
	export SLURM_CONF="$dir/slurm.conf"
	slurmctld -f "$SLURM_CONF"
	slurmd -f "$SLURM_CONF"
	# Wait for the node to come up (about a second on these machines).
	for _ in $(seq 1 60); do
		if sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)'; then
			echo "export SLURM_CONF=$SLURM_CONF"
			return 0
		fi
		sleep 0.5
	done
	echo "local-cluster: node did not become idle; see $dir/log" >&2
	sinfo >&2 || true
	return 1
}

stop() {
	for f in slurmd.pid slurmctld.pid munge/munged.pid; do
		if [ -f "$dir/$f" ]; then
			kill "$(cat "$dir/$f")" 2>/dev/null || true
		fi
	done
	sleep 0.5
	for f in slurmd.pid slurmctld.pid munge/munged.pid; do
		if [ -f "$dir/$f" ] && kill -0 "$(cat "$dir/$f")" 2>/dev/null; then
			kill -9 "$(cat "$dir/$f")" 2>/dev/null || true
		fi
	done
}

case "$cmd" in
start) start ;;
stop) stop ;;
*) echo "usage: local-cluster.sh start|stop DIR" >&2; exit 2 ;;
esac
