#!/usr/bin/env bash
# Fresh bench database: migrate, load Module 1, issue a deliver key, create the reference table.
# Writes bench/out/setup.env (ASSESSMENT_ID, API_KEY) and prints it.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
mkdir -p "$BENCH_OUT"
PGOPTIONS="-c client_min_messages=warning" psql -q -d postgres -c "DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)" -c "CREATE DATABASE ${BENCH_DB}"
.venv/bin/assess db upgrade >/dev/null 2>&1
.venv/bin/assess bank load itembank/content/ai-careers/module-1.yaml 2>/dev/null
API_KEY=$(.venv/bin/assess keys create --scopes deliver --label bench)
ASSESSMENT_ID=$(psql -qtA -d "$BENCH_DB" -c "SELECT id FROM assessment WHERE slug = 'module-1-test'")
psql -q -d "$BENCH_DB" -c "CREATE TABLE bench_response (attempt_id int, position int, response jsonb, seq int,
  PRIMARY KEY (attempt_id, position))"
printf 'ASSESSMENT_ID=%s\nAPI_KEY=%s\n' "$ASSESSMENT_ID" "$API_KEY" | tee "$BENCH_OUT/setup.env"
