#!/usr/bin/env python3
"""Crash test: load the server with responses, kill it with SIGKILL mid-run several times,
restart it, and check that every response that got a 2xx is stored exactly once and that no
batch is half written.

Every request carries an Idempotency-Key and a unique marker in its comment. A request whose
connection breaks is retried with the same key until it is answered, as a well-behaved client
would; the server must then answer from the stored key, never store twice.

Usage: crash-test.py FOCUS_BINARY [--kills 5] [--threads 12] [--interval 2.0]
Environment: DATABASE_URL for PostgreSQL (default: SQLite in a temporary folder).
"""
import argparse, http.client, json, os, random, signal, subprocess, sys, tempfile, threading, time

parser = argparse.ArgumentParser()
parser.add_argument("binary")
parser.add_argument("--kills", type=int, default=5)
parser.add_argument("--threads", type=int, default=12)
parser.add_argument("--interval", type=float, default=2.0, help="seconds of load between kills")
parser.add_argument("--port", type=int, default=18_282)
args = parser.parse_args()

data = tempfile.mkdtemp(prefix="focus-crash-")
env = dict(os.environ, FOCUS_DATA=data, FOCUS_LOG_LEVEL="error")
storage = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"

def run(*argv):
    return subprocess.run([args.binary, *argv], env=env, check=True, capture_output=True, text=True).stdout.strip()

run("demo", "--responses", "200")
token = run("token", "--workspace", "harbour-mutual", "--role", "agent", "--name", "crash-test")
server = None

def start():
    global server
    server = subprocess.Popen([args.binary, "serve", "--port", str(args.port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
            c.request("GET", "/healthz")
            if c.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit("server did not start")

def call(method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
    h = {"Authorization": "Bearer " + token}
    if body is not None:
        h["Content-Type"] = "application/json"
    h.update(headers or {})
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=h)
    r = c.getresponse()
    return r.status, r.read().decode()

start()
status, text = call("GET", "/api/v1/workspaces/harbour-mutual/surveys")
survey = [s for s in json.loads(text) if s["template"] == "transactional_csat"][0]["id"]
base = "/api/v1/workspaces/harbour-mutual/responses"

acknowledged = {}          # marker -> response id, for every 2xx
batches_acknowledged = []  # lists of markers acknowledged together
lock = threading.Lock()
stop = threading.Event()

def worker(n):
    seq = 0
    while not stop.is_set():
        seq += 1
        batch = seq % 4 == 0
        key = f"w{n}-r{seq}"
        if batch:
            markers = [f"{key}-{i}" for i in range(10)]
            body = {"responses": [{"survey_id": survey, "answers": {"csat": 1 + i % 5, "comment": m}} for i, m in enumerate(markers)]}
            path = base + "/batch"
        else:
            markers = [key]
            body = {"survey_id": survey, "answers": {"csat": 1 + seq % 5, "comment": key}}
            path = base
        # Retry the same request with the same key until it is answered (the server may be down).
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                status, text = call("POST", path, body, {"Idempotency-Key": key})
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)
                continue
            if status == 201:
                payload = json.loads(text)
                items = payload["responses"] if batch else [payload]
                with lock:
                    for item in items:
                        acknowledged[item["answers"]["comment"]] = item["id"]
                    if batch:
                        batches_acknowledged.append(markers)
                break
            raise SystemExit(f"unexpected {status}: {text[:200]}")
        else:
            raise SystemExit("a request was not answered within 60 s")

threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(args.threads)]
for t in threads:
    t.start()
for k in range(args.kills):
    time.sleep(args.interval * (0.5 + random.random()))
    server.send_signal(signal.SIGKILL)
    server.wait()
    print(f"kill {k + 1}: SIGKILL with {len(acknowledged)} responses acknowledged so far", flush=True)
    start()
time.sleep(args.interval)
stop.set()
for t in threads:
    t.join(timeout=90)

# Count what is stored, by marker, through the export (the same for both databases).
status, text = call("GET", base + "/export?format=json&survey_id=" + survey)
stored = {}
ids = {}
for item in json.loads(text):
    marker = item["answers"].get("comment")
    if marker and marker.startswith("w"):
        stored[marker] = stored.get(marker, 0) + 1
        ids[marker] = item["id"]
server.send_signal(signal.SIGTERM)
server.wait()

lost = [m for m in acknowledged if stored.get(m, 0) == 0]
duplicated = [m for m, n in stored.items() if n > 1]
changed = [m for m in acknowledged if m in ids and ids[m] != acknowledged[m]]
batch_keys = {m.rsplit("-", 1)[0] for m in stored if m.count("-") == 2}
half = [k for k in batch_keys if sum(stored.get(f"{k}-{i}", 0) for i in range(10)) not in (0, 10)]
print(f"{storage}: {args.kills} kills, {len(acknowledged)} acknowledged responses "
      f"({len(batches_acknowledged)} batches of 10), {len(stored)} stored with a marker; "
      f"lost {len(lost)}, duplicated {len(duplicated)}, answered with another id {len(changed)}, half-written batches {len(half)}")
if lost or duplicated or changed or half:
    print("FAILED", lost[:5], duplicated[:5], changed[:5], half[:5])
    sys.exit(1)
print("crash test passed")
