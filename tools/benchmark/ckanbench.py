#!/usr/bin/env python3
"""Benchmark helpers for tools/benchmark/real-ckan.sh (standard library only).

  ckanbench.py generate URL TOKEN_FILE N [--threads 6] [--ids-out FILE]
      creates 8 organizations and N realistic datasets on a portal (5 resources, 10 tags, 5 extras,
      ~3 KB notes), in parallel; prints the elapsed time.
  ckanbench.py ceiling URL TOKEN_FILE N [--threads 3]
      B's raw write ceiling: creates the same 8 organizations and N datasets with a plain parallel
      package_create client (one keep-alive connection per thread, nothing else: no reads, no checks).
      Prints one JSON line {"n", "seconds", "datasets_per_s", "calls"}.
  ckanbench.py patch URL TOKEN_FILE COUNT N
      package_patch of COUNT titles spread over dataset-0 … dataset-(N-1).
  ckanbench.py count URL TOKEN_FILE
      prints the number of datasets on a portal (package_search count, private and drafts included).
  ckanbench.py verify A_URL A_TOKEN_FILE B_URL B_TOKEN_FILE
      compares id, name, title, resources, tags, extras of every dataset on A and B; exit 1 on a difference.
  ckanbench.py cpu BASE
      one JSON line: CPU seconds (user+sys) used so far by the bench servers' process trees:
      ckan_a, ckan_b (gunicorn master + workers), solr, postgres (the bench cluster), redis, and the busy
      CPU seconds of the whole machine (all processes, from /proc/stat).

The dataset shape is the one of the simulator benchmark (src/test/java/org/ckansync/bench/SimulatorBenchmark.java).
"""
import argparse, http.client, json, sys, threading, time, urllib.parse, uuid
from concurrent.futures import ThreadPoolExecutor

NOTES = ("Long description of the dataset. " * 100).strip()   # ~3.3 KB
ORGS = 8


class Client:
    """One keep-alive HTTP/1.1 connection per thread."""

    def __init__(self, base_url, token):
        u = urllib.parse.urlsplit(base_url)
        self.host, self.port = u.hostname, u.port or 80
        self.token = token
        self.local = threading.local()
        self.calls = 0
        self.lock = threading.Lock()

    def _conn(self):
        c = getattr(self.local, "conn", None)
        if c is None:
            c = self.local.conn = http.client.HTTPConnection(self.host, self.port, timeout=300)
        return c

    def call(self, action, data=None, get=False):
        headers = {"Authorization": self.token, "Content-Type": "application/json", "Connection": "keep-alive"}
        path = f"/api/3/action/{action}"
        body = None
        if get:
            path += "?" + urllib.parse.urlencode(data or {})
        else:
            body = json.dumps(data or {}).encode()
        for attempt in range(3):
            try:
                c = self._conn()
                c.request("GET" if get else "POST", path, body=body, headers=headers)
                r = c.getresponse()
                raw = r.read()
                with self.lock:
                    self.calls += 1
                return r.status, json.loads(raw) if raw else None
            except (http.client.HTTPException, ConnectionError, OSError):
                self.local.conn = None       # server closed the keep-alive connection: reconnect once more
                if attempt == 2:
                    raise


def dataset(k):
    return {
        "id": str(uuid.uuid4()),
        "name": f"dataset-{k}",
        "title": f"Dataset {k}",
        "owner_org": f"org-{k % ORGS}",
        "notes": NOTES,
        "license_id": "cc-by",
        "tags": [{"name": f"tag-{(k + t) % 50}"} for t in range(10)],
        "extras": [{"key": f"extra_{e}", "value": f"value {e} of {k}"} for e in range(5)],
        "resources": [{"id": str(uuid.uuid4()), "name": f"file-{r}.csv", "format": "CSV",
                       "url": f"https://data.example.org/{k}/file-{r}.csv",
                       "description": f"File {r} of dataset {k}"} for r in range(5)],
    }


def must(status_body, what):
    status, body = status_body
    if status != 200:
        sys.exit(f"{what}: HTTP {status} {json.dumps(body)[:400]}")
    return body["result"]


def create_orgs(cl):
    for o in range(ORGS):
        must(cl.call("organization_create", {"name": f"org-{o}", "title": f"Organization {o}",
                                             "description": f"Publisher number {o}"}), f"organization_create org-{o}")


def create_all(cl, n, threads):
    t0 = time.time()
    with ThreadPoolExecutor(threads) as ex:
        list(ex.map(lambda k: must(cl.call("package_create", dataset(k)), f"package_create dataset-{k}"), range(n)))
    return time.time() - t0


def _children():
    kids = {}
    import os
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    st = f.read()
                ppid = int(st[st.rindex(")") + 2:].split()[1])
                kids.setdefault(ppid, []).append(int(d))
            except (OSError, ValueError):
                pass
    return kids


def _cpu_of(pid):
    import os
    try:
        with open(f"/proc/{pid}/stat") as f:
            st = f.read()
        fields = st[st.rindex(")") + 2:].split()
        # utime + stime + cutime + cstime: exited, reaped children (e.g. postgres backends) stay counted
        return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return 0.0


def cpu_snapshot(base):
    import os
    kids = _children()

    def tree(pid):
        total, todo = 0.0, [pid]
        while todo:
            p = todo.pop()
            total += _cpu_of(p)
            todo.extend(kids.get(p, []))
        return total

    def pidfile(f):
        try:
            return int(open(f).read().split()[0])
        except (OSError, ValueError, IndexError):
            return None
    out = {}
    for name, f in (("ckan_a", "a/server.pid"), ("ckan_b", "b/server.pid"), ("solr", "solr.pid"),
                    ("postgres", "pg/data/postmaster.pid"), ("redis", "redis.pid")):
        pid = pidfile(os.path.join(base, f))
        out[name] = round(tree(pid), 2) if pid else None
    with open("/proc/stat") as f:   # whole machine, busy CPU seconds (all cores): shows load from other processes
        t = [int(x) for x in f.readline().split()[1:]]
    out["machine"] = round((sum(t[:8]) - t[3] - t[4]) / os.sysconf("SC_CLK_TCK"), 2)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["generate", "ceiling", "patch", "count", "verify", "cpu"])
    ap.add_argument("args", nargs="*")
    ap.add_argument("--threads", type=int)
    a = ap.parse_args()
    tok = lambda f: open(f).read().strip()
    if a.cmd == "cpu":
        print(json.dumps(cpu_snapshot(a.args[0])))
        return
    if a.cmd in ("generate", "ceiling"):
        url, tf, n = a.args[0], a.args[1], int(a.args[2])
        cl = Client(url, tok(tf))
        threads = a.threads or (6 if a.cmd == "generate" else 3)
        t0 = time.time()
        create_orgs(cl)
        secs = create_all(cl, n, threads)
        total = time.time() - t0
        if a.cmd == "generate":
            print(f"generated 8 organizations and {n} datasets on {url} in {total:.1f} s ({n / secs:.1f} /s, {threads} threads)")
        else:
            print(json.dumps({"n": n, "seconds": round(total, 2), "datasets_per_s": round(n / total, 2),
                              "calls": cl.calls, "threads": threads}))
    elif a.cmd == "patch":
        url, tf, count, n = a.args[0], a.args[1], int(a.args[2]), int(a.args[3])
        cl = Client(url, tok(tf))
        stamp = time.strftime("%H:%M:%S")
        for i in range(count):
            must(cl.call("package_patch", {"id": f"dataset-{i * (n // count)}", "title": f"Changed title {i} at {stamp}"}),
                 "package_patch")
        print(f"patched {count} titles on {url}")
    elif a.cmd == "count":
        cl = Client(a.args[0], tok(a.args[1]))
        r = must(cl.call("package_search", {"q": "*:*", "rows": 0, "include_private": "true", "include_drafts": "true"},
                         get=True), "package_search")
        print(r["count"])
    elif a.cmd == "verify":
        sides = [Client(a.args[0], tok(a.args[1])), Client(a.args[2], tok(a.args[3]))]
        dumps = []
        for cl in sides:
            got, start = {}, 0
            while True:
                r = must(cl.call("package_search", {"q": "*:*", "rows": 1000, "start": start, "sort": "id asc",
                                                    "include_private": "true"}, get=True), "package_search")
                for p in r["results"]:
                    got[p["id"]] = (p["name"], p["title"], p["notes"], p["organization"]["name"] if p["organization"] else None,
                                    sorted((x["id"], x["url"]) for x in p["resources"]),
                                    sorted(t["name"] for t in p["tags"]),
                                    sorted((e["key"], e["value"]) for e in p["extras"]))
                if len(r["results"]) < 1000:
                    break
                start += 1000
            dumps.append(got)
        diff = [i for i in set(dumps[0]) | set(dumps[1]) if dumps[0].get(i) != dumps[1].get(i)]
        print(f"A {len(dumps[0])} datasets, B {len(dumps[1])} datasets, {len(diff)} differ")
        sys.exit(1 if diff else 0)


if __name__ == "__main__":
    main()
