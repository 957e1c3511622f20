-- GET /noop on the reference app.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
function request() return wrk.format("GET", "/noop") end
