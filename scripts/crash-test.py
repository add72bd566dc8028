#!/usr/bin/env python3
"""Crash test: load the server with responses and contacts, kill it with SIGKILL mid-run several
times, restart it, and check that every response and contact that got a 2xx is stored exactly
once and that no batch is half written.

Every request carries an Idempotency-Key and a unique marker (in a response's comment, in a
contact's note). A request whose
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
contacts_base = "/api/v1/workspaces/harbour-mutual/contacts"

acknowledged = {}          # marker -> response id, for every 2xx
batches_acknowledged = []  # lists of markers acknowledged together
lock = threading.Lock()
stop = threading.Event()

def worker(n):
    seq = 0
    while not stop.is_set():
        seq += 1
        # Of every eight requests: two batches of ten responses, four single responses, a batch of ten contacts, a single contact.
        contact = seq % 4 == 2
        batch = seq % 4 == 0 or seq % 8 == 2
        key = f"{'c' if contact else 'w'}{n}-r{seq}"
        markers = [f"{key}-{i}" for i in range(10)] if batch else [key]
        if contact:
            items = [{"channel": "phone", "wait_seconds": 30, "note": m} for m in markers]
            body, path = ({"contacts": items}, contacts_base + "/batch") if batch else (items[0], contacts_base)
        else:
            items = [{"survey_id": survey, "answers": {"csat": 1 + (seq + i) % 5, "comment": m}} for i, m in enumerate(markers)]
            body, path = ({"responses": items}, base + "/batch") if batch else (items[0], base)
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
                items = (payload["contacts" if contact else "responses"]) if batch else [payload]
                with lock:
                    for item in items:
                        acknowledged[item["note"] if contact else item["answers"]["comment"]] = item["id"]
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
    print(f"kill {k + 1}: SIGKILL with {len(acknowledged)} responses and contacts acknowledged so far", flush=True)
    start()
time.sleep(args.interval)
stop.set()
for t in threads:
    t.join(timeout=90)

# Count what is stored, by marker: responses through the export, contacts through their list, page by page
# (the same for both databases).
stored = {}
ids = {}
def count(marker, id):
    if marker and marker[0] in "wc" and "-r" in marker:
        stored[marker] = stored.get(marker, 0) + 1
        ids[marker] = id
status, text = call("GET", base + "/export?format=json&survey_id=" + survey)
for item in json.loads(text):
    count(item["answers"].get("comment"), item["id"])
cursor = None
while True:
    status, text = call("GET", contacts_base + "?limit=1000" + (f"&cursor={cursor}" if cursor else ""))
    page = json.loads(text)
    for item in page["items"]:
        count(item.get("note"), item["id"])
    cursor = page.get("next_cursor")
    if not cursor:
        break
server.send_signal(signal.SIGTERM)
server.wait()

failed = False
for kind, prefix in (("responses", "w"), ("contacts", "c")):
    acked = {m: i for m, i in acknowledged.items() if m.startswith(prefix)}
    kept = {m: n for m, n in stored.items() if m.startswith(prefix)}
    lost = [m for m in acked if kept.get(m, 0) == 0]
    duplicated = [m for m, n in kept.items() if n > 1]
    changed = [m for m in acked if m in ids and ids[m] != acked[m]]
    batch_keys = {m.rsplit("-", 1)[0] for m in kept if m.count("-") == 2}
    half = [k for k in batch_keys if sum(kept.get(f"{k}-{i}", 0) for i in range(10)) not in (0, 10)]
    batches = sum(1 for b in batches_acknowledged if b[0].startswith(prefix))
    print(f"{storage}: {args.kills} kills, {len(acked)} acknowledged {kind} ({batches} batches of 10), {len(kept)} stored "
          f"with a marker; lost {len(lost)}, duplicated {len(duplicated)}, answered with another id {len(changed)}, "
          f"half-written batches {len(half)}")
    if lost or duplicated or changed or half or not acked:
        print("FAILED", kind, lost[:5], duplicated[:5], changed[:5], half[:5])
        failed = True
if failed:
    sys.exit(1)
print("crash test passed")
