#!/usr/bin/env python3
"""ckanext-harvest's CKAN harvester (running in B, harvesting A) measured like ckan-sync (issue 13, target 5).
Driven by tools/benchmark/harvest-peer.sh, which installs the extension and runs the consumers.

  harvestbench.py source  --b URL --b-token-file F --a URL                  create (or find) the source; prints its id
  harvestbench.py job     --b URL --b-token-file F --db-url URL --label L --n N [--consumers C]
        one harvest job: harvest_job_create, then wait until the gather is done and every harvest object is
        COMPLETE or ERROR (B's database), then harvest_jobs_run to close it. Appends a row to RESULTS/harvest.tsv:
        wall seconds, objects gathered and what became of them (added / updated / not modified / errored).
  harvestbench.py clear   --b URL --b-token-file F                          harvest_source_clear + purge the orgs
  harvestbench.py fresh   --a … --b … --db-url URL --n N --every R [--edits 10] [--deletes 5]
        the source on frequency ALWAYS and harvest_jobs_run every R s (what `ckan harvester run` from cron
        does), then edits and deletes at random moments on A, timed until B's package_show shows them
        (freshness.py's measurement); rows in RESULTS/freshness.tsv with tool "ckanext-harvest".
The 1-hour lookback of the CKAN harvester (a job re-gathers everything modified since the last error-free
job's start minus one hour) is visible in the `gathered` column.
"""
import argparse, datetime, json, os, random, re, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ckanbench  # noqa: E402
import freshness  # noqa: E402

SOURCE = "bench-harvest-a"
SOURCE_ORG = "harvest-sources"   # B's organization that owns the source (a source needs one); never purged here
HARVEST_COLS = ["label", "n", "fetch_consumers", "wall_s", "per_s", "gathered", "added", "updated", "not_modified",
                "errored", "datasets_on_b", "loadavg", "date"]
UUID = re.compile(r"^[0-9a-f-]{36}$")


def sql(db_url, query):
    out = subprocess.run(["psql", db_url, "-qAtX", "-F", "\t", "-c", query], capture_output=True, text=True, check=True)
    return [line.split("\t") for line in out.stdout.splitlines() if line]


def source_dict(b):
    status, body = b.call("harvest_source_show", {"id": SOURCE}, get=True)
    return body["result"] if status == 200 else None


def cmd_source(o):
    b = ckanbench.Client(o.b, freshness.tok(o.b_token_file))
    s = source_dict(b)
    if s is None:
        if b.call("organization_show", {"id": SOURCE_ORG}, get=True)[0] != 200:
            ckanbench.must(b.call("organization_create", {"name": SOURCE_ORG, "title": "Harvest sources"}),
                           "organization_create")
        s = ckanbench.must(b.call("harvest_source_create", source_fields(o.a, "MANUAL")), "harvest_source_create")
    print(s["id"])


def source_fields(a_url, frequency, sid=None):
    d = {"name": SOURCE, "title": "Portal A", "url": a_url, "source_type": "ckan", "frequency": frequency,
         "owner_org": SOURCE_ORG,
         "config": json.dumps({"remote_orgs": "create", "remote_groups": "create"})}
    if sid:
        d["id"] = sid
    return d


def set_frequency(b, a_url, frequency):
    """harvest_source_update with every field (on 2.12 harvest_source_show omits some, so patch fails)."""
    s = source_dict(b)
    ckanbench.must(b.call("harvest_source_update", source_fields(a_url, frequency, s["id"])), "harvest_source_update")
    return s["id"]


def datasets_on_b(b):
    r = ckanbench.must(b.call("package_search", {"q": "*:*", "fq": "-dataset_type:harvest", "rows": 0,
                                                 "include_private": "true"}, get=True), "package_search")
    return r["count"]


def job_state(db_url, job_id):
    assert UUID.match(job_id), job_id
    gathered = sql(db_url, f"SELECT gather_finished IS NOT NULL, status FROM harvest_job WHERE id = '{job_id}'")
    states = dict((s, int(c)) for s, c in sql(db_url, f"SELECT state, count(*) FROM harvest_object "
                                                      f"WHERE harvest_job_id = '{job_id}' GROUP BY state"))
    return (gathered and gathered[0][0] == "t"), states


def report(db_url, job_id):
    assert UUID.match(job_id), job_id
    return dict((s or "none", int(c)) for s, c in sql(db_url, f"SELECT report_status, count(*) FROM harvest_object "
                                                             f"WHERE harvest_job_id = '{job_id}' GROUP BY report_status"))


def run_job(b, db_url, sid, timeout=3600):
    """One job from creation to its last object; returns (seconds, job id)."""
    t0 = time.time()
    job = ckanbench.must(b.call("harvest_job_create", {"source_id": sid, "run": True}), "harvest_job_create")
    while time.time() - t0 < timeout:
        gathered, states = job_state(db_url, job["id"])
        if gathered and all(s in ("COMPLETE", "ERROR") for s in states):
            break
        time.sleep(0.5)
    wall = time.time() - t0
    ckanbench.must(b.call("harvest_jobs_run", {"source_id": sid}), "harvest_jobs_run")   # marks it finished
    return wall, job["id"]


def cmd_job(o):
    b = ckanbench.Client(o.b, freshness.tok(o.b_token_file))
    sid = source_dict(b)["id"]
    load = freshness.loadavg()
    wall, jid = run_job(b, o.db_url, sid)
    rep = report(o.db_url, jid)
    gathered = sum(rep.values())
    row = {"label": o.label, "n": o.n, "fetch_consumers": o.consumers, "wall_s": f"{wall:.2f}",
           "per_s": f"{rep.get('added', 0) / wall:.2f}" if rep.get("added") else "NA", "gathered": gathered,
           "added": rep.get("added", 0), "updated": rep.get("updated", 0), "not_modified": rep.get("not modified", 0),
           "errored": rep.get("errored", 0), "datasets_on_b": datasets_on_b(b), "loadavg": load,
           "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    freshness.append_tsv(os.path.join(o.results, "harvest.tsv"), HARVEST_COLS, [row])
    print(f"== harvest {o.label}: {wall:.1f} s, {gathered} objects gathered ({rep}), {row['datasets_on_b']} datasets on B, "
          f"load {load}", flush=True)


def cmd_clear(o):
    b = ckanbench.Client(o.b, freshness.tok(o.b_token_file))
    s = source_dict(b)
    if s:
        ckanbench.must(b.call("harvest_source_clear", {"id": s["id"]}), "harvest_source_clear")
    for org in ckanbench.must(b.call("organization_list", {}, get=True), "organization_list"):
        if org == SOURCE_ORG:
            continue
        ckanbench.must(b.call("organization_purge", {"id": org}), f"organization_purge {org}")
    print(f"cleared {SOURCE} on {o.b}; {datasets_on_b(b)} datasets left")


def cmd_fresh(o):
    a = ckanbench.Client(o.a, freshness.tok(o.a_token_file))
    b = ckanbench.Client(o.b, freshness.tok(o.b_token_file))
    sid = set_frequency(b, o.a, "ALWAYS")
    rng = random.Random(o.seed)
    stop = threading.Event()
    ticks = []

    def ticker():
        tb = ckanbench.Client(o.b, freshness.tok(o.b_token_file))
        while not stop.is_set():
            t = time.time()
            status, _ = tb.call("harvest_jobs_run", {})
            ticks.append((t, status))
            stop.wait(max(0.0, o.every - (time.time() - t)))

    victims = [f"harvest-del-{int(time.time())}-{k}" for k in range(o.deletes)]
    load0 = freshness.loadavg()
    th = threading.Thread(target=ticker, daemon=True)
    th.start()
    window = o.window
    try:
        if victims:
            freshness.create_victims(a, victims)
            took = freshness.wait_until_on(b, victims, o.victim_timeout)
            print(f"   {len(victims)} datasets to delete created on A; on B after "
                  + (f"{took:.1f} s" if took is not None else f"— not all within {o.victim_timeout} s"), flush=True)
        res = {}
        a2, b2 = ckanbench.Client(o.a, freshness.tok(o.a_token_file)), ckanbench.Client(o.b, freshness.tok(o.b_token_file))
        dth = threading.Thread(target=lambda: res.setdefault("d", freshness.measure_deletes(
            a2, b2, victims, o.every, 0.2, window, random.Random(rng.random()))), daemon=True)
        dth.start()
        edits = freshness.measure_edits(a, b, o.n, o.edits, o.every, o.poll, o.edit_timeout, rng, f"harvest-{o.every}")
        dth.join()
    finally:
        stop.set()
        th.join(timeout=o.every + 5)
        set_frequency(b, o.a, "MANUAL")
    jobs = sql(o.db_url, "SELECT j.id, j.gather_started, j.finished, count(o.id) FROM harvest_job j LEFT JOIN "
                         "harvest_object o ON o.harvest_job_id = j.id WHERE j.created > now() - interval '"
                         f"{int(time.time() - ticks[0][0]) + 5} seconds' GROUP BY j.id ORDER BY j.created") if ticks else []
    objs = [int(r[3]) for r in jobs]
    extra = {"window_s": f"{window:.0f}", "idle_runs": len(jobs),
             "idle_calls_a": "NA", "idle_calls_b": "NA", "idle_ledger_a": "NA", "idle_ledger_b": "NA",
             "idle_actions": f"{len(jobs)} jobs during the measurement, objects gathered per job: "
                             f"min {min(objs) if objs else 'NA'}, max {max(objs) if objs else 'NA'}",
             "idle_cpu_s_per_run": "NA", "idle_run_s": "NA", "runs": len(ticks), "daemon_cpu_s": "NA",
             "config": f"frequency ALWAYS, harvest_jobs_run every {o.every} s, {o.consumers} fetch consumer(s)",
             "loadavg_start": load0, "loadavg_end": freshness.loadavg()}
    freshness.write_results(o.results, "ckanext-harvest", o.every, edits + res.get("d", []), extra)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd", choices=["source", "job", "clear", "fresh"])
    ap.add_argument("--a")
    ap.add_argument("--a-token-file")
    ap.add_argument("--b", required=True)
    ap.add_argument("--b-token-file", required=True)
    ap.add_argument("--db-url")
    ap.add_argument("--label", default="job")
    ap.add_argument("--n", type=int, default=0)
    ap.add_argument("--consumers", default="1")
    ap.add_argument("--every", type=int, default=10)
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--deletes", type=int, default=5)
    ap.add_argument("--poll", type=float, default=0.1)
    ap.add_argument("--window", type=float, default=180)
    ap.add_argument("--edit-timeout", type=float, default=600)
    ap.add_argument("--victim-timeout", type=float, default=900)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--results", default="target/benchmarks")
    o = ap.parse_args()
    {"source": cmd_source, "job": cmd_job, "clear": cmd_clear, "fresh": cmd_fresh}[o.cmd](o)


if __name__ == "__main__":
    main()
