#!/usr/bin/env bash
# Load run: product and reference app under the same gunicorn (2 sync workers), wrk with 32 connections.
# APP_GUNICORN (default "--workers 2") serves the product otherwise, e.g. "-c python:api.gunicorn_conf".
# Order: noop, start (creates the attempts), save, bare save, submit. Results: bench/out/load-<run>.txt
# Needs ./setup.sh first. DURATION (default 15s) per measurement; SUBMIT_DURATION (default 8s); SAVE_ROUNDS
# (default 3) save / bare-save pairs, interleaved; the ratio reported is their median.
set -euo pipefail
source "$(dirname "$0")/env.sh"
source "$BENCH_OUT/setup.env"
cd "$ROOT"
export ASSESSMENT_ID API_KEY BENCH_LUA_DIR="$ROOT/bench/wrk" THREADS=${THREADS:-32}
RUN_ID=${RUN_ID:-$(date +%s)}; export RUN_ID ATTEMPTS_FILE="$BENCH_OUT/attempts-$RUN_ID.txt"
DURATION=${DURATION:-15s}; SUBMIT_DURATION=${SUBMIT_DURATION:-8s}; SAVE_ROUNDS=${SAVE_ROUNDS:-3}
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

bench() {  # name script port duration
  BENCH_NAME=$1 wrk -t "$THREADS" -c "$THREADS" -d "$4" --latency -s "bench/wrk/$2" "http://127.0.0.1:$3" \
    | tee -a "$OUT.raw" | grep '^RESULT' | tee -a "$OUT"
}
{ echo "# run $RUN_ID $(date -u +%FT%TZ) product: gunicorn $APP_GUNICORN threads=$THREADS duration=$DURATION submit_duration=$SUBMIT_DURATION save_rounds=$SAVE_ROUNDS"; } | tee "$OUT"
# warm-up: a few requests to each app
BENCH_NAME=warmup wrk -t 2 -c 2 -d 2s -s bench/wrk/noop.lua "http://127.0.0.1:$REF_PORT" >/dev/null
RUN_ID="warm$RUN_ID" BENCH_NAME=warmup wrk -t 2 -c 2 -d 2s -s bench/wrk/start.lua "http://127.0.0.1:$APP_PORT" >/dev/null

bench noop noop.lua "$REF_PORT" "$DURATION"
bench start start.lua "$APP_PORT" "$DURATION"
.venv/bin/python bench/make_attempts.py "$RUN_ID" "$ATTEMPTS_FILE" | tee -a "$OUT"
for round in $(seq "$SAVE_ROUNDS"); do  # interleaved, so drift on the shared machine hits both alike
  MODE=product bench save save.lua "$APP_PORT" "$DURATION"
  MODE=bare bench bare_save save.lua "$REF_PORT" "$DURATION"
  MODE=bare1 bench bare_save_autocommit save.lua "$REF_PORT" "$DURATION"
done
bench submit submit.lua "$APP_PORT" "$SUBMIT_DURATION"
echo "# submitted fresh: $(psql -qtA -d "$BENCH_DB" -c "SELECT count(*) FROM attempt WHERE learner_id LIKE 'bench-$RUN_ID-%' AND state = 'scored'")" | tee -a "$OUT"
.venv/bin/python - "$OUT" <<'PY' | tee -a "$OUT"
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    if line.startswith("RESULT"):
        kv = dict(f.split("=") for f in line.split()[1:])
        runs.setdefault(kv["name"], []).append(float(kv["rps"]))
for bare in ("bare_save", "bare_save_autocommit"):
    ratios = [save / reference for save, reference in zip(runs["save"], runs[bare])]
    print(f"# save/{bare} throughput ratio per round: " + ", ".join(f"{r:.3f}" for r in ratios))
    print(f"# save/{bare} throughput ratio: {statistics.median(ratios):.3f} (median of {len(ratios)} rounds)")
PY
