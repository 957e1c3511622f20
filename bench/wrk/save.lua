-- PUT a single-choice answer to positions 1..15 of each of this thread's attempts, round after round,
-- with an ever-increasing seq. MODE=product: the Assess endpoint with the learner token;
-- MODE=bare: the reference app's bare upsert (same attempt ids, positions and bodies, no auth);
-- MODE=bare1: the same upsert on an autocommit connection (one round trip, no BEGIN/COMMIT).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

function init(args)
  mine = load_attempts(tid, tonumber(os.getenv("THREADS")))
  local mode = os.getenv("MODE")
  bare = (mode == "bare" and "/bare/") or (mode == "bare1" and "/bare1/") or nil
  seq = (os.time() % 10000000) * 100   -- above any seq an earlier run stored
  a, p = 1, 0
end

function request()
  p = p + 1
  if p > 15 then p = 1; a = a % #mine + 1 end
  seq = seq + 1
  local att = mine[a]
  local body = string.format('{"response": {"option": %s}, "seq": %d}', att.options[p], seq)
  if bare then
    return wrk.format("PUT", bare .. "attempts/" .. att.id .. "/questions/" .. p .. "/response",
      {["Content-Type"] = "application/json"}, body)
  end
  return wrk.format("PUT", "/api/v1/attempts/" .. att.id .. "/questions/" .. p .. "/response",
    {["Authorization"] = "Bearer " .. att.token, ["Content-Type"] = "application/json"}, body)
end
