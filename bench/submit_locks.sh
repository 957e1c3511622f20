#!/usr/bin/env bash
# Lock waits during submit runs to one assessment at 2, 4 and 8 sync gunicorn workers (issue 12).
# For each WORKERS: fresh attempts started through the reference's bare start (the product's rows:
# compare_writes.py) and answered (submit_attempts.py), then wrk submits them to the product for
# LOCK_DURATION (after a 3 s warm-up on other attempts) while sample_locks.py samples pg_stat_activity. Results: bench/out/locks-<run>.txt.
# Needs ./setup.sh first. Knobs: LOCK_WORKERS (default "2 4 8"), LOCK_DURATION (default 5s; wrk's -d),
# START_SECONDS (default 8s of bare starts per worker count), THREADS (default 32 wrk connections).
set -euo pipefail
source "$(dirname "$0")/env.sh"
source "$BENCH_OUT/setup.env"
cd "$ROOT"
export ASSESSMENT_ID API_KEY BENCH_LUA_DIR="$ROOT/bench/wrk" THREADS=${THREADS:-32}
RUN_ID=${RUN_ID:-$(date +%s)}; OUT="$BENCH_OUT/locks-$RUN_ID.txt"
LOCK_WORKERS=${LOCK_WORKERS:-2 4 8}; LOCK_DURATION=${LOCK_DURATION:-5}; START_SECONDS=${START_SECONDS:-8}
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
.venv/bin/gunicorn --workers 2 --bind "127.0.0.1:$REF_PORT" --log-level warning --chdir "$ROOT/bench" 'reference_app:app' &
PIDS+=($!)
echo "# locks run $RUN_ID $(date -u +%FT%TZ) threads=$THREADS duration=${LOCK_DURATION}s; load before: $(uptime)" | tee "$OUT"
for workers in $LOCK_WORKERS; do
  .venv/bin/gunicorn --workers "$workers" --bind "127.0.0.1:$APP_PORT" --log-level warning 'api.wsgi:app' &
  app=$!; PIDS+=($app)
  for port in $APP_PORT $REF_PORT; do
    for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.2; done
  done
  run="$RUN_ID.w$workers"
  MODE=bare RUN_ID="$run" BENCH_NAME=locks_start wrk -t "$THREADS" -c "$THREADS" -d "${START_SECONDS}s" \
    -s bench/wrk/start.lua "http://127.0.0.1:$REF_PORT" >/dev/null
  .venv/bin/python bench/submit_attempts.py "$run" 1 "$BENCH_OUT/locks-$run" >/dev/null
  cat "$BENCH_OUT/locks-$run-1-product.txt" "$BENCH_OUT/locks-$run-1-bare.txt" >"$BENCH_OUT/locks-$run.all"
  # warm-up: every worker imports, configures its mappers and connects on its first requests; not sampled
  head -n "$((THREADS * 4))" "$BENCH_OUT/locks-$run.all" >"$BENCH_OUT/locks-$run.warm"
  tail -n "+$((THREADS * 4 + 1))" "$BENCH_OUT/locks-$run.all" >"$BENCH_OUT/locks-$run.attempts"
  ATTEMPTS_FILE="$BENCH_OUT/locks-$run.warm" BENCH_NAME=warmup wrk -t "$THREADS" -c "$THREADS" -d 3s \
    -s bench/wrk/submit.lua "http://127.0.0.1:$APP_PORT" >/dev/null 2>&1
  .venv/bin/python bench/sample_locks.py "$LOCK_DURATION" "$BENCH_OUT/locks-$run.json" &
  sampler=$!
  ATTEMPTS_FILE="$BENCH_OUT/locks-$run.attempts" BENCH_NAME="submit_w$workers" wrk -t "$THREADS" -c "$THREADS" \
    -d "${LOCK_DURATION}s" --timeout 20s --latency -s bench/wrk/submit.lua "http://127.0.0.1:$APP_PORT" | grep '^RESULT' | tee -a "$OUT"
  wait "$sampler"
  kill "$app"; wait "$app" 2>/dev/null || true
  .venv/bin/python - "$BENCH_OUT/locks-$run.json" "$workers" "$OUT" <<'PY' | tee -a "$OUT"
import json, sys
found = json.load(open(sys.argv[1])); workers = sys.argv[2]
requests = next(int(f.split("=")[1]) for line in open(sys.argv[3]) if f"name=submit_w{workers} " in line
                for f in line.split() if f.startswith("requests="))
ms = lambda key: found["seen"].get(key, 0) * found["interval"] * 1000 / max(requests, 1)
print(f"LOCKS workers={workers} submits={requests} samples={found['samples']}"
      f" lock_wait_analytics_ms_per_submit={ms('lock_analytics'):.2f} lock_wait_other_ms_per_submit={ms('lock_attempt'):.2f}"
      f" idle_in_transaction_ms_per_submit={ms('idle_in_transaction'):.2f} active_ms_per_submit={ms('active'):.2f}")
print(f"# waits by event: { {k: v for k, v in found['seen'].items() if k.startswith('lock_') and k not in ('lock_analytics', 'lock_attempt')} }; statements waiting: {found['waiting']}")
PY
done
echo "# load after: $(uptime)" | tee -a "$OUT"
