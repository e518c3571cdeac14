#!/usr/bin/env bash
# The Slurm test: a one-node Slurm cluster on this machine (Debian's slurm-wlm and munge,
# installed here if missing; needs root), the job arrays of shards.sh (the README's) and
# sweep.sh submitted with `sbatch --wait`, and their merged results compared byte for byte
# with the unsharded run and sweep. Run by .ci/run.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
conf="$work/slurm.conf"

stop() {
  # The daemons go with the test, so a second run on the same machine starts clean.
  if [ -f "$conf" ]; then SLURM_CONF="$conf" scontrol shutdown >/dev/null 2>&1 || true; fi
  sleep 1
  for pidfile in "$work/slurmctld.pid" "$work/slurmd.pid"; do
    [ -s "$pidfile" ] && kill "$(cat "$pidfile")" >/dev/null 2>&1 || true
  done
  [ -n "${munged_pid:-}" ] && kill "$munged_pid" >/dev/null 2>&1 || true
}
trap stop EXIT

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  echo "== apt-get install slurm-wlm munge"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null
fi

echo "== munge"
if ! munge -n >/dev/null 2>&1; then
  [ -s /etc/munge/munge.key ] || mungekey --create --keyfile=/etc/munge/munge.key
  chown munge:munge /etc/munge/munge.key && chmod 600 /etc/munge/munge.key
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  su -s /bin/sh munge -c /usr/sbin/munged
  munged_pid=$(pgrep -n munged || true)
fi
munge -n | unmunge >/dev/null

echo "== a one-node cluster"
host=$(hostname)
mkdir -p "$work/state" "$work/spool"
cat > "$conf" <<CONF
ClusterName=trialsim-test
SlurmctldHost=$host
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
ReturnToService=2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$conf"
slurmctld -c -f "$conf"
slurmd -f "$conf"
for _ in $(seq 60); do
  sinfo -h -o %T 2>/dev/null | grep -q idle && break
  sleep 1
done
sinfo

echo "== trialsim"
(cd "$repo" && cargo build --release --locked --quiet)
export PATH="$repo/target/release:$PATH"
cd "$work"
ln -s "$repo/scenarios" scenarios

echo "== a run in 4 shards (tests/slurm/shards.sh)"
sbatch --wait --chdir="$work" "$repo/tests/slurm/shards.sh"
trialsim merge shard-1.json shard-2.json shard-3.json shard-4.json --output merged.json
trialsim run scenarios/CSTAR008.toml -n 100000 --seed 8 --format json --output whole.json
cmp merged.json whole.json
echo "merged shards equal the unsharded run, byte for byte"

echo "== a sweep in 3 shards (tests/slurm/sweep.sh)"
sbatch --wait --chdir="$work" "$repo/tests/slurm/sweep.sh"
trialsim sweep scenarios/NCT05694130-primary.toml --vary trial.sample_size=60:160:20 -n 2000 --skip-type1 \
  --output sweep-whole.csv
{ head -n 1 sweep-1.csv; tail -q -n +2 sweep-1.csv sweep-2.csv sweep-3.csv | sort -t, -k1,1n -s; } > sweep-merged.csv
cmp sweep-merged.csv sweep-whole.csv
echo "sweep shards equal the unsharded sweep, byte for byte"
