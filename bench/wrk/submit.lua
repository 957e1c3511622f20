-- POST /api/v1/attempts/{id}/submit once per attempt of this thread (learner token).
-- If a thread runs out of attempts it resubmits (a cheaper idempotent path) and says so on stderr.
-- MODE=bare: the reference app's POST /bare/attempts/{id}/submit (no token checked; a resubmit is a 409 there).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

function init(args)
  mine = load_attempts(tid, tonumber(os.getenv("THREADS")))
  a = 0
  prefix = (os.getenv("MODE") == "bare") and "/bare/attempts/" or "/api/v1/attempts/"
  warned = false
end

function request()
  a = a + 1
  if a > #mine then
    if not warned then io.stderr:write("WARNING thread " .. tid .. " ran out of fresh attempts\n"); warned = true end
    a = 1
  end
  local att = mine[a]
  return wrk.format("POST", prefix .. att.id .. "/submit",
    {["Authorization"] = "Bearer " .. att.token, ["Content-Type"] = "application/json"}, nil)
end
