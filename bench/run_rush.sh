#!/usr/bin/env bash
# The open-loop rush (bench/rush.py) against the product under each server configuration, ROUNDS times, the
# configurations and rates interleaved. Needs ./setup.sh first. Results: bench/out/rush-<run>.txt.
# Knobs: RATES (default "200 400"), RUSH_SECONDS (10; bash owns SECONDS), ROUNDS (3), CONFIGS (default: 2 sync workers; gthread 4 x 4).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
RUN_ID=${RUN_ID:-$(date +%s)}; RATES=${RATES:-200 400}; SECONDS_EACH=${RUSH_SECONDS:-10}; ROUNDS=${ROUNDS:-3}
OUT="$BENCH_OUT/rush-$RUN_ID.txt"
CONFIGS=${CONFIGS:-"--workers 2|--workers 4 --threads 4 --worker-class gthread"}
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT
echo "# run $RUN_ID $(date -u +%FT%TZ) rates=$RATES seconds=$SECONDS_EACH rounds=$ROUNDS tree $(git rev-parse --short HEAD)" | tee "$OUT"
echo "# load before: $(uptime)" | tee -a "$OUT"
for round in $(seq "$ROUNDS"); do
  IFS='|' read -ra configs <<<"$CONFIGS"
  for config in "${configs[@]}"; do
    # shellcheck disable=SC2086  # config is a list of flags
    .venv/bin/gunicorn $config --bind "127.0.0.1:$APP_PORT" --log-level warning 'api.wsgi:app' &
    PID=$!
    for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$APP_PORT/" && break; sleep 0.2; done
    .venv/bin/python bench/rush.py --port "$APP_PORT" --rate 20 --seconds 2 --run "warm-$RUN_ID-$round" >/dev/null
    for rate in $RATES; do
      .venv/bin/python bench/rush.py --port "$APP_PORT" --rate "$rate" --seconds "$SECONDS_EACH" \
        --run "$RUN_ID-$round-$rate-${config// /}" --label "round=$round gunicorn='$config'" | tee -a "$OUT"
      echo "# load: $(uptime)" | tee -a "$OUT"
    done
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
  done
done
echo "# load after: $(uptime)" | tee -a "$OUT"
