-- wrk script: POSTs one single-row OIP v2 infer request of the demo model (bench/inference/oip-row.json).
-- Set WRK_TENANT (direct to the service) or WRK_KEY (through the gateway) in the environment.
local f = assert(io.open(os.getenv("WRK_BODY") or "bench/inference/oip-row.json", "r"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
if os.getenv("WRK_TENANT") then wrk.headers["X-MlOps-Tenant"] = os.getenv("WRK_TENANT") end
if os.getenv("WRK_KEY") then wrk.headers["Authorization"] = "Bearer " .. os.getenv("WRK_KEY") end
