-- wrk script: POST one response per request to the responses API.
-- Environment: FOCUS_TOKEN (an agent token), FOCUS_SURVEY (a live survey id), FOCUS_WORKSPACE (slug).
local token = os.getenv("FOCUS_TOKEN")
local survey = os.getenv("FOCUS_SURVEY")
local workspace = os.getenv("FOCUS_WORKSPACE") or "harbour-mutual"
wrk.method = "POST"
wrk.path = "/api/v1/workspaces/" .. workspace .. "/responses"
wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  local score = n % 5 + 1
  local body = '{"survey_id":"' .. survey .. '","answers":{"csat":' .. score .. ',"resolved":"yes","comment":"load test ' .. n .. '"},"channel":"api"}'
  return wrk.format(nil, nil, nil, body)
end
local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
done = function(summary, latency, requests)
  io.write(string.format("requests %d, errors (socket) %d, non-2xx %d\n", summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, summary.errors.status))
  io.write(string.format("latency p50 %.2f ms, p99 %.2f ms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
