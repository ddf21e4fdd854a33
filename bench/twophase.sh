#!/usr/bin/env bash
# TwoPhase commit with N resource managers in three checkers, side by side: timewait's engine
# (timewait bench), SPIN (exhaustive, no partial-order reduction) and Rumur (1 and 2 threads).
# The script writes the Promela and Murphi models itself, with the semantics of
# checker/twophase (Lamport's TwoPhase.tla from the TLA+ Examples), runs each tool, and prints
# distinct states, wall time and peak resident memory per tool, and whether the state counts agree.
#
# Usage: bench/twophase.sh [N]        (N from 1 to 9; default 8)
# Needs: go; for the other tools, Debian's packages spin and rumur and a C compiler
#        (apt-get install -y spin rumur gcc). A tool that is missing is reported and skipped,
#        and the script then exits 3 after running the others.
set -euo pipefail
n=${1:-8}
case "$n" in [1-9]) ;; *) echo "bench/twophase.sh: N \"$n\": want a whole number from 1 to 9" >&2; exit 2 ;; esac
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
missing=()
need() { # need TOOL PACKAGE: true when TOOL is on PATH, else records it as missing
  if command -v "$1" >/dev/null; then return 0; fi
  missing+=("$1 (Debian: apt-get install -y $2)")
  return 1
}

# The model. State: rm[i] in {working, prepared, committed, aborted}; tm in {init, committed,
# aborted}; tmPrepared, the set of RMs the TM knows prepared; msgs, the set of messages sent,
# which only grows: a Prepared message per RM, one Commit, one Abort. Seven actions, each one
# step: TMRcvPrepared(i), TMCommit, TMAbort, RMPrepare(i), RMChooseToAbort(i),
# RMRcvCommitMsg(i), RMRcvAbortMsg(i). A message received stays in msgs (TLA+'s semantics), so
# receiving Commit again is a step that changes nothing; the invariant is TCConsistent: no RM
# committed while another aborted.

# Promela: one process looping over every action as a guarded atomic step (d_step), so that a
# SPIN state is a state of the model (the process's one loop location adds nothing).
promela() {
  echo "/* TwoPhase commit, $n resource managers: written by bench/twophase.sh */"
  echo "#define N $n"
  echo "mtype = { working, prepared, committed, aborted, tinit };"
  echo "mtype rm[N] = working;"
  echo "mtype tm = tinit;"
  echo "bool tmPrepared[N];"
  echo "bool msgPrepared[N];"
  echo "bool msgCommit, msgAbort;"
  echo "active proctype TwoPhase() {"
  echo "  do"
  local all="" i
  for ((i = 0; i < n; i++)); do
    echo "  :: d_step { tm == tinit && msgPrepared[$i] -> tmPrepared[$i] = true }"
    echo "  :: d_step { rm[$i] == working -> rm[$i] = prepared; msgPrepared[$i] = true }"
    echo "  :: d_step { rm[$i] == working -> rm[$i] = aborted }"
    echo "  :: d_step { msgCommit -> rm[$i] = committed }"
    echo "  :: d_step { msgAbort -> rm[$i] = aborted }"
    all+="${all:+ && }tmPrepared[$i]"
  done
  echo "  :: d_step { tm == tinit && $all -> tm = committed; msgCommit = true }"
  echo "  :: d_step { tm == tinit -> tm = aborted; msgAbort = true }"
  echo "  od"
  echo "}"
  local conflicts="" a b
  for ((a = 0; a < n; a++)); do
    for ((b = 0; b < n; b++)); do
      [ "$a" = "$b" ] && continue
      conflicts+="${conflicts:+ || }(rm[$a] == committed && rm[$b] == aborted)"
    done
  done
  [ -n "$conflicts" ] || conflicts="false"
  echo "never { do :: $conflicts -> break :: else od }  /* TCConsistent fails */"
}

# Murphi, for Rumur: a ruleset over the RMs for the per-RM actions.
murphi() {
  cat <<EOF
-- TwoPhase commit, $n resource managers: written by bench/twophase.sh
const N: $n;
type RM: 1..N;
type RMState: enum { Working, Prepared, Committed, Aborted };
type TMState: enum { TInit, TCommitted, TAborted };
var rmState: array [RM] of RMState;
var tmState: TMState;
var tmPrepared: array [RM] of boolean;
var msgPrepared: array [RM] of boolean;
var msgCommit: boolean;
var msgAbort: boolean;

startstate "Init"
begin
  for i: RM do rmState[i] := Working; tmPrepared[i] := false; msgPrepared[i] := false; end;
  tmState := TInit; msgCommit := false; msgAbort := false;
end;

ruleset i: RM do
  rule "TMRcvPrepared" tmState = TInit & msgPrepared[i] ==> begin tmPrepared[i] := true; end;
  rule "RMPrepare" rmState[i] = Working ==> begin rmState[i] := Prepared; msgPrepared[i] := true; end;
  rule "RMChooseToAbort" rmState[i] = Working ==> begin rmState[i] := Aborted; end;
  rule "RMRcvCommitMsg" msgCommit ==> begin rmState[i] := Committed; end;
  rule "RMRcvAbortMsg" msgAbort ==> begin rmState[i] := Aborted; end;
end;

rule "TMCommit" tmState = TInit & forall i: RM do tmPrepared[i] end ==> begin tmState := TCommitted; msgCommit := true; end;
rule "TMAbort" tmState = TInit ==> begin tmState := TAborted; msgAbort := true; end;

invariant "TCConsistent" forall i: RM do forall j: RM do !(rmState[i] = Committed & rmState[j] = Aborted) end end;
EOF
}

results=()
notes=()
row() { results+=("$(printf '%-30s %12s %10s %10s' "$1" "$2" "$3" "$4")"); }
timed() { # timed OUT CMD...: runs CMD with GNU time, output in OUT, "wall rssKB" in OUT.time
  /usr/bin/time -f "%e %M" -o "$1.time" "${@:2}" >"$1" 2>&1
}

echo "TwoPhase commit, N=$n, on $(nproc) cores ($(uname -sr)), $(date -u '+%Y-%m-%d %H:%M UTC'), load $(cut -d' ' -f1-3 /proc/loadavg)"
states_tw=""
if need go golang; then
  (cd "$repo" && go build -o "$work/timewait" ./cmd/timewait)
  for workers in 2 1; do
    timed "$work/tw$workers" "$work/timewait" bench --model twophase --rms "$n" --workers "$workers" -q
    states_tw=$(awk '$1 == "distinct" {print $2}' "$work/tw$workers")
    read -r wall rss <"$work/tw$workers.time"
    row "timewait ($workers worker$([ "$workers" = 1 ] || echo s))" "$states_tw" "${wall}s" "$((rss / 1024)) MiB"
  done
fi

if need spin spin && need gcc gcc; then
  promela >"$work/twophase.pml"
  (cd "$work" && spin -a twophase.pml >/dev/null &&
    gcc -O2 -DNOREDUCE -DSAFETY -DMEMLIM=20000 -o pan pan.c)
  (cd "$work" && timed "$work/spin.out" ./pan -m1000 -w28) || true
  if grep -q "errors: 0" "$work/spin.out"; then
    states=$(awk '/states, stored/ {print $1}' "$work/spin.out")
    read -r wall rss <"$work/spin.out.time"
    row "SPIN $(spin -V | awk '{print $3}') (no POR)" "$states" "${wall}s" "$((rss / 1024)) MiB"
    search=$(awk '/elapsed time/ {print $4}' "$work/spin.out")
    notes+=("SPIN's own search time: ${search}s of the ${wall}s (the rest is allocating its 2^28-slot hash table)")
  else
    echo "SPIN failed:"; cat "$work/spin.out"; exit 1
  fi
fi

if need rumur rumur && need cc gcc; then
  murphi >"$work/twophase.m"
  for threads in 1 2; do
    rumur --deadlock-detection off --threads "$threads" --counterexample-trace off \
      --set-capacity 67108864 "$work/twophase.m" -o "$work/r$threads.c" 2>/dev/null
    cc -O3 -march=native -pthread -mcx16 "$work/r$threads.c" -o "$work/r$threads"
    timed "$work/r$threads.out" "$work/r$threads" || true
    if ! grep -q "No error found" "$work/r$threads.out"; then
      echo "Rumur failed:"; cat "$work/r$threads.out"; exit 1
    fi
    states=$(grep -oE '[0-9]+ states' "$work/r$threads.out" | tail -1 | cut -d' ' -f1)
    read -r wall rss <"$work/r$threads.out.time"
    row "Rumur $(rumur --version 2>/dev/null | awk '{print $3}' | sed 's/^v//; s/-.*//') ($threads thread$([ "$threads" = 1 ] || echo s))" "$states" "${wall}s" "$((rss / 1024)) MiB"
  done
fi

printf '%-30s %12s %10s %10s\n' tool states wall "peak RSS"
printf '%s\n' "${results[@]}"
# Every tool must find the same states.
distinct=$(printf '%s\n' "${results[@]}" | awk '{print $(NF-3)}' | sort -u | wc -l)
if [ "${#results[@]}" -gt 0 ] && [ "$distinct" -ne 1 ]; then
  echo "the tools DIFFER on the number of states"; exit 1
fi
[ "${#results[@]}" -gt 1 ] && echo "the ${#results[@]} runs find the same states"
[ "${#notes[@]}" -gt 0 ] && printf '%s\n' "${notes[@]}"
if [ "${#missing[@]}" -gt 0 ]; then
  echo "MISSING, so not run:"; printf '  %s\n' "${missing[@]}"
  exit 3
fi
