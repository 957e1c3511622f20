#!/usr/bin/env bash
# Load run: product and reference app under the same gunicorn (2 sync workers), wrk with 32 connections.
# APP_GUNICORN (default "--workers 2") serves the product otherwise, e.g. "-c python:api.gunicorn_conf".
# Order: noop, START_ROUNDS start / bare-start pairs (creating the attempts), SAVE_ROUNDS save / bare-save pairs,
# SUBMIT_ROUNDS submit / bare-submit pairs (on the start rounds' attempts, answered by submit_attempts.py).
# Results: bench/out/load-<run>.txt. Needs ./setup.sh first. DURATION (default 15s) per measurement;
# SUBMIT_DURATION (default 8s) per submit measurement; SAVE_ROUNDS, START_ROUNDS, SUBMIT_ROUNDS (default 3 each):
# interleaved pairs, so drift on a shared machine hits both alike; each ratio reported is their median.
# After each measurement a CPU line: the serving gunicorn's workers' user+system CPU (/proc) per request.
set -euo pipefail
source "$(dirname "$0")/env.sh"
source "$BENCH_OUT/setup.env"
cd "$ROOT"
export ASSESSMENT_ID API_KEY BENCH_LUA_DIR="$ROOT/bench/wrk" THREADS=${THREADS:-32}
RUN_ID=${RUN_ID:-$(date +%s)}; export RUN_ID ATTEMPTS_FILE="$BENCH_OUT/attempts-$RUN_ID.txt"
DURATION=${DURATION:-15s}; SUBMIT_DURATION=${SUBMIT_DURATION:-8s}; SAVE_ROUNDS=${SAVE_ROUNDS:-3}
START_ROUNDS=${START_ROUNDS:-3}; SUBMIT_ROUNDS=${SUBMIT_ROUNDS:-3}
OUT="$BENCH_OUT/load-$RUN_ID.txt"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

APP_GUNICORN=${APP_GUNICORN:---workers 2}
# shellcheck disable=SC2086  # APP_GUNICORN is a list of flags
.venv/bin/gunicorn $APP_GUNICORN --bind "127.0.0.1:$APP_PORT" --log-level warning 'api.wsgi:app' &
PIDS+=($!)
.venv/bin/gunicorn --workers 2 --bind "127.0.0.1:$REF_PORT" --log-level warning --chdir "$ROOT/bench" 'reference_app:app' &
PIDS+=($!)
for port in $APP_PORT $REF_PORT; do
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
done

worker_ticks() {  # user + system CPU (clock ticks) of the gunicorn master $1's workers, from /proc/<pid>/stat
  local total=0 pid
  for pid in $(pgrep -P "$1"); do
    total=$((total + $(sed 's/.*) //' "/proc/$pid/stat" | awk '{print $12 + $13}')))
  done
  echo "$total"
}
TICK_MS=$((1000 / $(getconf CLK_TCK)))
bench() {  # name script port duration; then the CPU line: the serving workers' CPU per request in the same window
  local master=${PIDS[0]} before after result requests
  [ "$3" = "$REF_PORT" ] && master=${PIDS[1]}
  before=$(worker_ticks "$master")
  result=$(BENCH_NAME=$1 wrk -t "$THREADS" -c "$THREADS" -d "$4" --latency -s "bench/wrk/$2" "http://127.0.0.1:$3" \
    | tee -a "$OUT.raw" | grep '^RESULT' | tee -a "$OUT")
  echo "$result"
  after=$(worker_ticks "$master")
  requests=$(echo "$result" | sed -n 's/.* requests=\([0-9]*\).*/\1/p')
  awk -v name="$1" -v ticks=$((after - before)) -v ms="$TICK_MS" -v n="${requests:-0}" 'BEGIN {
    printf "CPU name=%s worker_cpu_ms=%d requests=%d cpu_ms_per_request=%.2f\n", name, ticks * ms, n, n ? ticks * ms / n : 0
  }' | tee -a "$OUT"
}
{ echo "# run $RUN_ID $(date -u +%FT%TZ) product: gunicorn $APP_GUNICORN threads=$THREADS duration=$DURATION submit_duration=$SUBMIT_DURATION save_rounds=$SAVE_ROUNDS start_rounds=$START_ROUNDS submit_rounds=$SUBMIT_ROUNDS"; }
{ echo "# load before: $(uptime)"; } | tee -a "$OUT" | tee "$OUT"
# warm-up: a few requests to each app
BENCH_NAME=warmup wrk -t 2 -c 2 -d 2s -s bench/wrk/noop.lua "http://127.0.0.1:$REF_PORT" >/dev/null
RUN_ID="warm$RUN_ID" BENCH_NAME=warmup wrk -t 2 -c 2 -d 2s -s bench/wrk/start.lua "http://127.0.0.1:$APP_PORT" >/dev/null
# the reference reads the assessment's material at each worker's first start
MODE=bare RUN_ID="warmb$RUN_ID" BENCH_NAME=warmup wrk -t 2 -c 2 -d 2s -s bench/wrk/start.lua "http://127.0.0.1:$REF_PORT" >/dev/null

bench noop noop.lua "$REF_PORT" "$DURATION"
for round in $(seq "$START_ROUNDS"); do  # learner ids bench-<run>[.p<round>|.b<round>]-<thread>-<n>: all fresh
  # the first round's attempts are the save rounds' (make_attempts.py reads bench-<run>-%)
  RUN_ID=$([ "$round" = 1 ] && echo "$RUN_ID" || echo "$RUN_ID.p$round") bench start start.lua "$APP_PORT" "$DURATION"
  MODE=bare RUN_ID="$RUN_ID.b$round" bench bare_start start.lua "$REF_PORT" "$DURATION"
done
[ "$SAVE_ROUNDS" = 0 ] || .venv/bin/python bench/make_attempts.py "$RUN_ID" "$ATTEMPTS_FILE" | tee -a "$OUT"
for round in $(seq "$SAVE_ROUNDS"); do  # interleaved, so drift on the shared machine hits both alike
  MODE=product bench save save.lua "$APP_PORT" "$DURATION"
  MODE=bare bench bare_save save.lua "$REF_PORT" "$DURATION"
  MODE=bare1 bench bare_save_autocommit save.lua "$REF_PORT" "$DURATION"
done
[ "$SUBMIT_ROUNDS" = 0 ] || .venv/bin/python bench/submit_attempts.py "$RUN_ID" "$SUBMIT_ROUNDS" "$BENCH_OUT/attempts-$RUN_ID-submit" | tee -a "$OUT"
for round in $(seq "$SUBMIT_ROUNDS"); do  # each arm and round on its own fresh attempts
  ATTEMPTS_FILE="$BENCH_OUT/attempts-$RUN_ID-submit-$round-product.txt" bench submit submit.lua "$APP_PORT" "$SUBMIT_DURATION"
  ATTEMPTS_FILE="$BENCH_OUT/attempts-$RUN_ID-submit-$round-bare.txt" MODE=bare \
    bench bare_submit submit.lua "$REF_PORT" "$SUBMIT_DURATION"
done
echo "# submitted fresh: $(psql -qtA -d "$BENCH_DB" -c "SELECT count(*) FROM attempt WHERE learner_id LIKE 'bench-$RUN_ID%' AND state = 'scored'") (= the submit and bare_submit requests counted, plus up to THREADS in flight when each of the 2 x SUBMIT_ROUNDS wrk runs stopped)" | tee -a "$OUT"
echo "# load after: $(uptime)" | tee -a "$OUT"
.venv/bin/python - "$OUT" <<'PY' | tee -a "$OUT"
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    if line.startswith("RESULT"):
        kv = dict(f.split("=") for f in line.split()[1:])
        runs.setdefault(kv["name"], []).append(float(kv["rps"]))
cpu = {}
for line in open(sys.argv[1]):
    if line.startswith("CPU"):
        kv = dict(f.split("=") for f in line.split()[1:])
        cpu.setdefault(kv["name"], []).append(float(kv["cpu_ms_per_request"]))
for product, bare in (("save", "bare_save"), ("save", "bare_save_autocommit"), ("start", "bare_start"),
                      ("submit", "bare_submit")):
    if cpu.get(product) and cpu.get(bare):
        ratios = [mine / reference for mine, reference in zip(cpu[product], cpu[bare]) if reference]
        print(f"# {product}/{bare} worker CPU ms per request per round: "
              + ", ".join(f"{m:.2f}/{r:.2f}" for m, r in zip(cpu[product], cpu[bare])))
        if ratios:
            print(f"# {product}/{bare} worker CPU per request ratio: {statistics.median(ratios):.2f} (median of"
                  f" {len(ratios)} rounds, {min(ratios):.2f}-{max(ratios):.2f})")
    if not runs.get(product) or not runs.get(bare):
        continue
    ratios = [mine / reference for mine, reference in zip(runs[product], runs[bare])]
    print(f"# {product}/{bare} rps per round: " + ", ".join(f"{m:.1f}/{r:.1f}" for m, r in zip(runs[product], runs[bare])))
    print(f"# {product}/{bare} throughput ratio per round: " + ", ".join(f"{r:.3f}" for r in ratios))
    print(f"# {product}/{bare} throughput ratio: {statistics.median(ratios):.3f} (median of {len(ratios)} rounds,"
          f" {min(ratios):.3f}-{max(ratios):.3f})")
PY
