-- POST /api/v1/assessments/{id}/attempts with a fresh learner id per request (integration key).
-- MODE=bare: the reference app's POST /bare/assessments/{id}/attempts (same bodies, no key checked).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

function init(args)
  local prefix = (os.getenv("MODE") == "bare") and "/bare/assessments/" or "/api/v1/assessments/"
  path = prefix .. os.getenv("ASSESSMENT_ID") .. "/attempts"
  headers = {["Authorization"] = "Bearer " .. os.getenv("API_KEY"), ["Content-Type"] = "application/json"}
  run = os.getenv("RUN_ID")
  n = 0
end

function request()
  n = n + 1
  return wrk.format("POST", path, headers, string.format('{"learner_id": "bench-%s-%d-%d"}', run, tid, n))
end
