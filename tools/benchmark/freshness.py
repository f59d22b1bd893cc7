#!/usr/bin/env python3
"""How stale is B? Time from an edit (or a soft delete) on A until B's package_show shows it (issue 13, target 1).

  freshness.py --jar ckan-sync.jar --state-dir DIR --a URL --a-token-file F --b URL --b-token-file F --n 1000 \
               --schedule 10 [--edits 50] [--deletes 50] [--results DIR] [--logs DIR] [--idle-seconds 60] \
               [--window 60] [--poll 0.1] [--proxy-ports 5127,5128] [--reconcile-schedule CRON] [--java-opts ...]

Starts two counting proxies (countproxy.py) in front of A and B and the ckan-sync daemon (`./ckan-sync … run` on the given jar) on
the state of the last initial sync (DIR/ckan-sync.mv.db), pointed at the proxies, with
`pair.bench.schedule = 0/S * * * * ?` and otherwise the shipped defaults (overlap-seconds 600, reconcile at
02:30). Then:
  1. creates `--deletes` extra datasets on A (the ones to delete later) and waits until B has them;
  2. idle window (`--idle-seconds`): no edits; calls per run to A and B (proxy logs, per action, start-up
     checks included), the run ledger's own calls_source/calls_target (daemon log) and the daemon's CPU;
  3. edits and deletes, at the same time, each at random moments:
     * edits, one after the other: sleep U(0, S) s, package_patch a new title on a random dataset-k, then
       package_show on B every `--poll` s until the title is there (or `--window` + 2 S s passed);
     * deletes: sleep U(0, S) s, package_delete on A; every `--poll` s one package_search on B lists which of the
       pending ones are still active, and a package_show confirms each one that is not (state deleted, 404, 403).
       Deletes still pending `--window` s after the last one are reported as not arriving within that window.
Appends one row to RESULTS/freshness.tsv and every edit/delete to RESULTS/freshness-events.tsv.
The measurement core (edits, deletes, percentiles) is shared with harvestbench.py (ckanext-harvest).
"""
import argparse, datetime, json, math, os, random, re, signal, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ckanbench  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
FRESH_COLS = ["tool", "schedule_s", "edits", "edits_seen", "edit_p50_s", "edit_p95_s", "edit_max_s", "deletes",
              "deletes_seen", "delete_p50_s", "delete_p95_s", "delete_max_s", "window_s", "idle_runs",
              "idle_calls_a", "idle_calls_b", "idle_ledger_a", "idle_ledger_b", "idle_actions", "idle_cpu_s_per_run", "idle_run_s",
              "runs", "daemon_cpu_s", "config", "loadavg_start", "loadavg_end", "date"]
EVENT_COLS = ["tool", "schedule_s", "kind", "k", "name", "made_at", "seen_after_s"]


def loadavg():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def tok(path):
    return open(path).read().strip()


def percentile(values, q):
    """Nearest-rank percentile; None (never seen) counts as infinitely late."""
    xs = sorted(math.inf if v is None else v for v in values)
    if not xs:
        return None
    return xs[max(0, math.ceil(q / 100 * len(xs)) - 1)]


def fmt_s(v):
    return "NA" if v is None else ("inf" if v == math.inf else f"{v:.2f}")


def show(cl, name):
    status, body = cl.call("package_show", {"id": name}, get=True)
    return status, (body or {}).get("result") if status == 200 else None


def measure_edits(a, b, n, count, max_gap, poll, timeout, rng, tag, stop=None):
    """Serial edits of random datasets dataset-0…dataset-(n-1); returns [{k, name, made_at, seen_after_s|None}]."""
    out = []
    names = rng.sample(range(n), min(count, n))
    for k, i in enumerate(names):
        time.sleep(rng.uniform(0, max_gap))
        name, title = f"dataset-{i}", f"Fresh {tag} edit {k} {rng.getrandbits(32):08x}"
        ckanbench.must(a.call("package_patch", {"id": name, "title": title}), f"package_patch {name}")
        made = time.time()
        seen = None
        while time.time() - made < timeout and not (stop and stop.is_set()):
            status, pkg = show(b, name)
            if pkg is not None and pkg.get("title") == title:
                seen = time.time() - made
                break
            time.sleep(poll)
        out.append({"kind": "edit", "k": k, "name": name, "made_at": made, "seen_after_s": seen})
        print(f"   edit {k + 1}/{len(names)} {name}: " + (f"on B after {seen:.2f} s" if seen is not None
                                                            else f"not on B within {timeout:.0f} s"), flush=True)
    return out


def create_victims(a, names):
    for k, name in enumerate(names):
        d = ckanbench.dataset(k)
        d.update({"name": name, "title": f"To be deleted {k}"})
        ckanbench.must(a.call("package_create", d), f"package_create {name}")


def active_on(b, names):
    """Names among `names` that B's search still lists as active (one call)."""
    fq = "name:(" + " OR ".join(f'"{x}"' for x in names) + ")"
    r = ckanbench.must(b.call("package_search", {"fq": fq, "rows": len(names), "fl": "name",
                                                 "include_private": "true"}, get=True), "package_search")
    return {p["name"] for p in r["results"]}


def wait_until_on(b, names, timeout):
    t0 = time.time()
    while time.time() - t0 < timeout:
        if len(active_on(b, names)) == len(names):
            return time.time() - t0
        time.sleep(1)
    return None


def measure_deletes(a, b, names, max_gap, poll, window, rng, stop=None):
    """Soft deletes at random moments while one poller watches B; returns [{k, name, made_at, seen_after_s|None}]."""
    made, seen, lock, done = {}, {}, threading.Lock(), threading.Event()

    def deleter():
        for name in names:
            time.sleep(rng.uniform(0, max_gap))
            ckanbench.must(a.call("package_delete", {"id": name}), f"package_delete {name}")
            with lock:
                made[name] = time.time()
        done.set()

    th = threading.Thread(target=deleter, daemon=True)
    th.start()
    last = None
    while not (stop and stop.is_set()):
        with lock:
            pending = [x for x in made if x not in seen]
        if pending:
            still = active_on(b, pending)
            for name in pending:
                if name in still:
                    continue
                status, pkg = show(b, name)
                if status in (403, 404) or (pkg is not None and pkg.get("state") == "deleted"):
                    seen[name] = time.time() - made[name]
                    print(f"   delete {names.index(name) + 1}/{len(names)} {name}: on B after {seen[name]:.2f} s", flush=True)
        if done.is_set():
            last = last or max(made.values())
            if len(seen) == len(made) or time.time() - last > window:
                break
        time.sleep(poll)
    th.join(timeout=1)
    return [{"kind": "delete", "k": k, "name": x, "made_at": made.get(x), "seen_after_s": seen.get(x)}
            for k, x in enumerate(names)]


def summarize(events, kind):
    xs = [e["seen_after_s"] for e in events if e["kind"] == kind]
    return {"count": len(xs), "seen": sum(x is not None for x in xs), "p50": percentile(xs, 50),
            "p95": percentile(xs, 95), "max": percentile(xs, 100)}


def append_tsv(path, cols, rows):
    new = not os.path.exists(path)
    with open(path, "a") as f:
        if new:
            f.write("\t".join(cols) + "\n")
        for r in rows:
            f.write("\t".join(str(r.get(c, "")) for c in cols) + "\n")


def write_results(results, tool, schedule, events, extra):
    e, d = summarize(events, "edit"), summarize(events, "delete")
    row = {"tool": tool, "schedule_s": schedule, "edits": e["count"], "edits_seen": e["seen"],
           "edit_p50_s": fmt_s(e["p50"]), "edit_p95_s": fmt_s(e["p95"]), "edit_max_s": fmt_s(e["max"]),
           "deletes": d["count"], "deletes_seen": d["seen"], "delete_p50_s": fmt_s(d["p50"]),
           "delete_p95_s": fmt_s(d["p95"]), "delete_max_s": fmt_s(d["max"]),
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    row.update(extra)
    append_tsv(os.path.join(results, "freshness.tsv"), FRESH_COLS, [row])
    append_tsv(os.path.join(results, "freshness-events.tsv"), EVENT_COLS,
               [{"tool": tool, "schedule_s": schedule, "kind": x["kind"], "k": x["k"], "name": x["name"],
                 "made_at": f"{x['made_at']:.3f}" if x["made_at"] else "NA",
                 "seen_after_s": fmt_s(x["seen_after_s"])} for x in events])
    print(f"== {tool} every {schedule} s: edits p50 {row['edit_p50_s']} p95 {row['edit_p95_s']} max {row['edit_max_s']} "
          f"({e['seen']}/{e['count']} seen); deletes p50 {row['delete_p50_s']} p95 {row['delete_p95_s']} "
          f"({d['seen']}/{d['count']} seen within the window)", flush=True)
    return row


def proc_cpu(pid):
    """CPU seconds (user + system) of a running process so far."""
    return ckanbench._cpu_of(pid)


RUN_START = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) .*pair bench: sync run (\d+) started")
RUN_END = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) .*pair bench: sync run (\d+) (\w+) in ([\d.]+) s - (.*)$")


def daemon_runs(log_path, day0):
    """Sync runs from the daemon's log (UTC timestamps): {id: {start, end, status, calls_source, calls_target}}."""
    def ts(m):
        h, mi, s, ms = (int(x) for x in m.groups()[:4])
        t = day0 + h * 3600 + mi * 60 + s + ms / 1000
        return t
    runs = {}
    for line in open(log_path, errors="replace"):
        m = RUN_START.match(line)
        if m:
            runs.setdefault(int(m.group(5)), {})["start"] = ts(m)
            continue
        m = RUN_END.match(line)
        if m:
            r = runs.setdefault(int(m.group(5)), {})
            r["end"], r["status"] = ts(m), m.group(6)
            c = dict(re.findall(r"(calls source|calls target) (\d+)", m.group(8)))
            r["calls_source"], r["calls_target"] = int(c.get("calls source", 0)), int(c.get("calls target", 0))
    return runs


def read_calls(path):
    out = []
    if os.path.exists(path):
        for line in open(path):
            try:
                out.append(json.loads(line))
            except ValueError:
                pass
    return out


def idle_cost(runs, calls, t0, t1):
    """Per idle run (a run that started and the next one started inside [t0, t1)): calls to A and B."""
    starts = sorted((r["start"], rid) for rid, r in runs.items() if "start" in r)
    per = []
    for (s, rid), (s_next, _) in zip(starts, starts[1:]):
        if s >= t0 and s_next <= t1:
            cs = [c for c in calls if s <= c["t"] < s_next]
            per.append({"id": rid, "a": sum(c["portal"] == "a" for c in cs), "b": sum(c["portal"] == "b" for c in cs),
                        "ledger_a": runs[rid].get("calls_source"), "ledger_b": runs[rid].get("calls_target"),
                        "run_s": runs[rid]["end"] - s if "end" in runs[rid] else None,
                        "actions": cs})
    return per


def action_mix(per):
    counts = {}
    for r in per:
        for c in r["actions"]:
            key = f"{c['portal'].upper()} {c['action']}"
            counts[key] = counts.get(key, 0) + 1
    n = max(1, len(per))
    return ", ".join(f"{k} {v / n:g}" for k, v in sorted(counts.items()))


def main():
    ap = argparse.ArgumentParser()
    for k in ("--jar", "--state-dir", "--a", "--a-token-file", "--b", "--b-token-file"):
        ap.add_argument(k, required=True)
    ap.add_argument("--n", type=int, required=True)
    ap.add_argument("--schedule", type=int, required=True, help="seconds between sync runs (a divisor of 60)")
    ap.add_argument("--edits", type=int, default=50)
    ap.add_argument("--deletes", type=int, default=50)
    ap.add_argument("--idle-seconds", type=float, default=None)
    ap.add_argument("--window", type=float, default=None, help="how long to wait for deletes after the last one")
    ap.add_argument("--poll", type=float, default=0.1)
    ap.add_argument("--proxy-ports", default="5127,5128")
    ap.add_argument("--reconcile-schedule", default=None)
    ap.add_argument("--parallelism", default="3")
    ap.add_argument("--java-opts", default="")
    ap.add_argument("--results", default=os.path.join(os.path.dirname(os.path.dirname(HERE)), "target", "benchmarks"))
    ap.add_argument("--logs", default="/tmp")
    ap.add_argument("--seed", type=int, default=None)
    o = ap.parse_args()
    S = o.schedule
    idle_s = o.idle_seconds if o.idle_seconds is not None else max(60, 4 * S)
    window = o.window if o.window is not None else max(60, 3 * S)
    rng = random.Random(o.seed)
    tag = f"s{S}-{int(time.time())}"
    os.makedirs(o.results, exist_ok=True)
    os.makedirs(o.logs, exist_ok=True)
    pa, pb = (int(x) for x in o.proxy_ports.split(","))
    calls_log = os.path.join(o.logs, f"fresh-{S}-calls.jsonl")
    daemon_log = os.path.join(o.logs, f"fresh-{S}-daemon.log")
    for f in (calls_log, daemon_log):
        if os.path.exists(f):
            os.remove(f)
    procs = []
    load0 = loadavg()
    try:
        for port, target, name in ((pa, o.a, "a"), (pb, o.b, "b")):
            procs.append(subprocess.Popen([sys.executable, os.path.join(HERE, "countproxy.py"), "--listen", str(port),
                                           "--target", target, "--name", name, "--log", calls_log],
                                          stdout=subprocess.DEVNULL))
        time.sleep(1)
        if any(p.poll() is not None for p in procs):
            sys.exit(f"a counting proxy did not start (ports {o.proxy_ports} taken?)")
        conf = os.path.join(o.state_dir, f"fresh-{S}.properties")
        cron = f"0/{S} * * * * ?" if S < 60 else f"0 0/{S // 60} * * * ?"
        lines = [f"db.url = jdbc:h2:file:{os.path.join(o.state_dir, 'ckan-sync')}", "ckan-sync.pairs = bench",
                 f"pair.bench.source.url = http://127.0.0.1:{pa}", f"pair.bench.source.token-file = {o.a_token_file}",
                 f"pair.bench.target.url = http://127.0.0.1:{pb}", f"pair.bench.target.token-file = {o.b_token_file}",
                 f"pair.bench.parallelism = {o.parallelism}", "pair.bench.page-size = 500",
                 f"pair.bench.schedule = {cron}",
                 # scheduled runs begin, and idle ones end, at DEBUG: their lines time the idle runs
                 "log.level = DEBUG"]
        if o.reconcile_schedule:
            lines.append(f"pair.bench.reconcile.schedule = {o.reconcile_schedule}")
        open(conf, "w").write("\n".join(lines) + "\n")
        config_text = f"schedule '{cron}'" + (f", reconcile '{o.reconcile_schedule}'" if o.reconcile_schedule
                                              else ", reconcile default (02:30 daily)") + ", overlap-seconds default"
        # the launcher operators run (./ckan-sync: the class-data sharing archive beside the jar), on this jar
        env = dict(os.environ, TZ="UTC", CKAN_SYNC_JAR=os.path.abspath(o.jar), CKAN_SYNC_JAVA_OPTS=o.java_opts)
        day0 = datetime.datetime.now(datetime.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
        log_f = open(daemon_log, "w")
        launcher = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "ckan-sync")
        daemon = subprocess.Popen([launcher, "--config", conf, "run"],
                                  stdout=log_f, stderr=subprocess.STDOUT, env=env)
        procs.append(daemon)
        t_wait = time.time()
        while "ckan-sync is running" not in open(daemon_log, errors="replace").read():
            if daemon.poll() is not None or time.time() - t_wait > 120:
                sys.exit(f"the daemon did not start, see {daemon_log}")
            time.sleep(0.2)
        print(f"== daemon up ({config_text}); proxies :{pa} -> A, :{pb} -> B", flush=True)

        a, b = ckanbench.Client(o.a, tok(o.a_token_file)), ckanbench.Client(o.b, tok(o.b_token_file))
        victims = [f"fresh{S}-del-{int(time.time())}-{k}" for k in range(o.deletes)]
        if victims:
            create_victims(a, victims)
            took = wait_until_on(b, victims, max(120, 6 * S))
            print(f"   {len(victims)} datasets to delete created on A; on B after "
                  + (f"{took:.1f} s" if took is not None else "— not all arrived"), flush=True)

        cpu0, t_idle0 = proc_cpu(daemon.pid), time.time()
        print(f"== idle window {idle_s:.0f} s", flush=True)
        time.sleep(idle_s)
        t_idle1, cpu1 = time.time(), proc_cpu(daemon.pid)

        print(f"== {o.edits} edits and {o.deletes} deletes at random moments (poll every {o.poll} s)", flush=True)
        results = {}
        b2 = ckanbench.Client(o.b, tok(o.b_token_file))
        a2 = ckanbench.Client(o.a, tok(o.a_token_file))
        th = threading.Thread(target=lambda: results.setdefault("d", measure_deletes(
            a2, b2, victims, S, max(o.poll, 0.2), window, random.Random(rng.random()))), daemon=True)
        th.start()
        edits = measure_edits(a, b, o.n, o.edits, S, o.poll, window + 2 * S, rng, tag)
        th.join()
        events = edits + results.get("d", [])
        load1 = loadavg()
        cpu_end = proc_cpu(daemon.pid)
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in reversed(procs):
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()

    runs = daemon_runs(daemon_log, day0)
    per = idle_cost(runs, read_calls(calls_log), t_idle0, t_idle1)
    n_idle = len(per)
    mean = lambda k: f"{sum(r[k] or 0 for r in per) / n_idle:.2f}" if n_idle else "NA"
    extra = {"window_s": f"{window:.0f}", "idle_runs": n_idle, "idle_calls_a": mean("a"), "idle_calls_b": mean("b"),
             "idle_ledger_a": mean("ledger_a"), "idle_ledger_b": mean("ledger_b"), "idle_actions": action_mix(per) or "NA",
             "idle_cpu_s_per_run": f"{(cpu1 - cpu0) / n_idle:.3f}" if n_idle and cpu0 is not None and cpu1 is not None else "NA",
             "idle_run_s": mean("run_s"), "runs": len(runs), "daemon_cpu_s": f"{cpu_end:.1f}" if cpu_end is not None else "NA",
             "config": config_text, "loadavg_start": load0, "loadavg_end": load1}
    write_results(o.results, "ckan-sync", S, events, extra)
    print(f"   idle: {n_idle} runs, per run A {extra['idle_calls_a']} / B {extra['idle_calls_b']} calls "
          f"({extra['idle_actions']}); ledger A {extra['idle_ledger_a']} / B {extra['idle_ledger_b']}; "
          f"daemon CPU {extra['idle_cpu_s_per_run']} s per idle run", flush=True)


if __name__ == "__main__":
    main()
