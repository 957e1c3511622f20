# Shared settings for the bench scripts; source it.
BENCH_DB=${BENCH_DB:-assess_bench}
PGHOST=127.0.0.1; PGPORT=5432; PGUSER=postgres
export PGHOST PGPORT PGUSER
export ASSESS_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:5432/${BENCH_DB}"
export ASSESS_ENV=production ASSESS_SECRET_KEY=bench-secret-key-of-at-least-32-bytes  # production refuses < 32 bytes
export BENCH_PG_DSN="host=127.0.0.1 port=5432 user=postgres dbname=${BENCH_DB}"
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_OUT=${BENCH_OUT:-$ROOT/bench/out}
APP_PORT=${APP_PORT:-18081}
REF_PORT=${REF_PORT:-18082}
