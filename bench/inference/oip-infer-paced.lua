-- wrk script: as oip-infer.lua, but each connection waits WRK_DELAY_MS between its requests, so 64 connections
-- offer a chosen load (about 64 / (latency + delay) requests/s) rather than as much as the server can take.
dofile("bench/inference/oip-infer.lua")
local pause = tonumber(os.getenv("WRK_DELAY_MS") or "2")
function delay()
  return pause
end
