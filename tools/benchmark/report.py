#!/usr/bin/env python3
"""Writes docs/benchmarks.md and docs/benchmarks.png from the benchmark results (issues 5 and 13).

  tools/benchmark/report.py [--results target/benchmarks] [--docs docs]

Reads (each optional, a missing one is reported as "not measured"):
  real-ckan.tsv            real-ckan.sh: one row per round (ceiling, ckanapi, ckan-sync initial; incremental in the last)
  real-ckan-cpu.tsv        CPU seconds per phase and process group (same script)
  startup.tsv              hyperfine: `ckan-sync status`, incremental `once`; ckanapi dump|load again
  freshness.tsv            freshness.py / harvestbench.py fresh: p50/p95/max per tool and schedule, idle cost
  freshness-events.tsv     every edit and delete of those (for the plot)
  harvest.tsv              harvestbench.py job: ckanext-harvest's initial / no-change / 10-change jobs
  simulator.tsv            mvn verify -Pbenchmark (SimulatorBenchmark), realistic datasets
  simulator-scale.tsv      the same with -Dbench.shape=lean at 10,000 and 1,000,000 (memory and calls at scale)
  tools/benchmark/findings.md   hand-written notes on where the time goes, included verbatim
Only the rows of the last run of real-ckan.sh (its rounds, identified by the run's first round) are used for
the headline tables; every row stays in the "all runs" tables. Every figure carries the load average it was
measured under: the machine has 2 cores shared with other work.
"""
import argparse, csv, datetime, glob, math, os, platform, re, statistics, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f, delimiter="\t"))


def num(v):
    try:
        x = float(v)
        return None if math.isnan(x) else x
    except (TypeError, ValueError):
        return None


def fmt(v, digits=1):
    x = num(v)
    if x is None:
        return "–" if v in (None, "", "NA") else str(v)
    if x == math.inf:
        return "∞"
    if x == int(x) and abs(x) >= 100:
        return f"{int(x):,}"
    return f"{x:,.{digits}f}"


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|"]
    cell = lambda c: re.sub(r"(?<!\\)\|", r"\\|", str(c))     # a bare | would end the cell
    out += ["| " + " | ".join(cell(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def machine():
    def first(path, prefix, split=":"):
        try:
            return next(l.split(split, 1)[1].strip().strip('"') for l in open(path) if l.startswith(prefix))
        except Exception:
            return ""
    mem = first("/proc/meminfo", "MemTotal")
    mem = f"{int(mem.split()[0]) / 1024 / 1024:.0f} GB" if mem else ""
    try:
        java = subprocess.run("java -version 2>&1 | head -1", shell=True, capture_output=True, text=True,
                              timeout=20).stdout.strip()
    except Exception:
        java = ""
    return {"cores": os.cpu_count(), "model": first("/proc/cpuinfo", "model name"), "mem": mem,
            "os": first("/etc/os-release", "PRETTY_NAME", "="), "java": java, "python": platform.python_version()}


def verdict(ok):
    return "**met**" if ok is True else ("**missed**" if ok is False else "not measured")


def runs_of(rows):
    """real-ckan.sh runs, oldest first: each starts at a row whose round is 1."""
    runs = []
    for r in rows:
        if r.get("round") == "1" or not runs:
            runs.append([])
        runs[-1].append(r)
    return runs


def headline_run(rows, rounds=3):
    """The newest run with at least `rounds` rounds (the targets take medians over three), and the runs after it."""
    runs = runs_of(rows)
    i = max((k for k, run in enumerate(runs) if len(run) >= rounds), default=len(runs) - 1)
    return (runs[i] if runs else []), [r for run in runs[i + 1:] for r in run]


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def latest(rows, key):
    """The newest row per key (rows are appended oldest first)."""
    out = {}
    for r in rows:
        out[key(r)] = r
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", default=os.path.join(REPO, "target", "benchmarks"))
    ap.add_argument("--docs", default=os.path.join(REPO, "docs"))
    a = ap.parse_args()
    R = lambda name: read_tsv(os.path.join(a.results, name))
    real_all, cpu, startup = R("real-ckan.tsv"), R("real-ckan-cpu.tsv"), R("startup.tsv")
    fresh_all, events, harvest = R("freshness.tsv"), R("freshness-events.tsv"), R("harvest.tsv")
    sim = latest(R("simulator.tsv"), lambda r: int(r["n"]))
    scale = latest(R("simulator-scale.tsv"), lambda r: int(r["n"]))
    real, reruns = headline_run(real_all)
    fresh = latest(fresh_all, lambda r: (r["tool"], int(r["schedule_s"])))
    st = latest(startup, lambda r: r["what"].split(" (")[0])
    m = machine()
    md = []
    w = md.append

    w("# Benchmarks\n")
    w("How fresh B stays and how fast and cheaply ckan-sync copies a catalogue from A to B, side by side with "
      "`ckanapi dump | ckanapi load`, ckanext-harvest's CKAN harvester and the raw write ceiling of B, on the same "
      "servers. Generated by [`tools/benchmark/report.py`](../tools/benchmark/report.py) on "
      + datetime.date.today().isoformat() + " from the results of one `tools/benchmark/run.sh`; do not edit by hand.\n")
    w("![initial sync throughput and freshness](benchmarks.png)\n")

    w("## Reproduce\n")
    w("```sh\n"
      "tools/benchmark/run.sh        # everything (as root, ~2 h on 2 cores): real CKAN at N=1,000 (3 rounds of ceiling /\n"
      "                              # ckanapi / ckan-sync, start-up, freshness at 10 s and 30 s, ckanapi again,\n"
      "                              # ckanext-harvest), the simulator (10,000 realistic; 10,000 and 1,000,000 lean), this page\n"
      "\n"
      "# a harness of its own (never the test servers): the variables of tools/ckan-pair/up.sh\n"
      "BASE=/var/tmp/ckan-bench PORT_A=5121 PORT_B=5122 PORT_C=5123 PG_PORT=5442 REDIS_PORT=6392 SOLR_PORT=8992 tools/benchmark/run.sh\n"
      "\n"
      "# or the parts:\n"
      "tools/benchmark/real-ckan.sh 1000                      # real CKAN; PHASES=\"rounds startup fresh ckanapi-incr harvest\"\n"
      "JFR=1 PHASES=rounds ROUNDS=1 tools/benchmark/real-ckan.sh  # a profile: JFR of the initial sync, then\n"
      "tools/benchmark/jfr-summary.py $BASE/logs/sync-initial-1000-r1.jfr\n"
      "mvn -B verify -Pbenchmark -Dbench.sizes=10000 -Dbench.heap=4g -Dbench.cli.jvm-args=-XX:TieredStopAtLevel=1  # simulator.tsv\n"
      "mvn -B verify -Pbenchmark -Dbench.sizes=10000,1000000 -Dbench.shape=lean -Dbench.heap=16g -Dbench.cli.heap=360m \\\n"
      "    -Dbench.cli.jvm-args=-XX:TieredStopAtLevel=1 -Dbench.out=target/benchmarks/simulator-scale.tsv   # the million\n"
      "tools/benchmark/report.py                                                             # this page\n"
      "```\n")
    w("Datasets on real CKAN and in the realistic simulator series: 5 resources, 10 tags (from a pool of 50), 5 extras, "
      "~3.3 KB of notes, spread over 8 organizations ([`ckanbench.py`](../tools/benchmark/ckanbench.py), "
      "[`SimulatorBenchmark`](../src/test/java/org/ckansync/bench/SimulatorBenchmark.java)). The lean simulator series "
      "(1 resource, 2 tags, 1 extra, a one-line note) exists because the simulator holds every dataset in one JVM.\n")

    w("## Machine and servers\n")
    workers = real[-1]["workers"] if real else "3"
    par = real[-1]["parallelism"] if real else "3"
    w(f"* {m['cores']} cores ({m['model']}), {m['mem']} RAM, {m['os']}; {m['java']}; Python {m['python']}. "
      "Client, both CKAN servers, Solr, PostgreSQL and Redis all share these cores — **and so did other people's "
      "work** (test suites and CKAN servers of the team): every figure below carries the load average "
      "(`/proc/loadavg`, 1/5/15 min) it was measured under; on 2 cores a load above 2 means waiting for a core.")
    w(f"* Real CKAN: two CKAN 2.12.0 instances brought up by [`tools/ckan-pair/up.sh`](../tools/ckan-pair/up.sh) with "
      "the benchmark's own `BASE` and ports (PostgreSQL 15 with fsync off, Redis, one Solr 9.10.1 node with a core per "
      f"portal), each served by **gunicorn with {workers} sync workers**, plugins `activity` only (B gets `harvest "
      "ckan_harvester` for the ckanext-harvest phase and loses them after it).")
    w(f"* ckan-sync: `./ckan-sync --config … once`, the launcher operators run, on the benchmark's own build "
      "(`CKAN_SYNC_JAR`): the class-data sharing archive built by `mvn package` and, for every command but the daemon, "
      f"the quick compiler only (`-XX:TieredStopAtLevel=1`); `parallelism = {par}`, `page-size = 500`, "
      "`overlap-seconds = 0` for the one-shot runs, H2 file state. The daemon (`./ckan-sync … run`) for "
      "freshness: the shipped defaults (overlap 600 s, reconcile at 02:30) except the sync schedule. "
      f"ckanapi {real[-1].get('ckanapi_version', '') if real else ''}: `dump | load -p {par}`. Raw ceiling: a plain "
      f"Python client, {par} threads, keep-alive, only `package_create`. ckanext-harvest 1.6.3 as in "
      "`../shared/docs/harvest-peer.md` (consumers in restart loops, jobs closed with `harvest_jobs_run`).\n")

    # --- targets ----------------------------------------------------------------------------------------------
    w("## Issue 13: the targets, measured\n")
    t = []
    f10 = fresh.get(("ckan-sync", 10))
    if f10:
        e95 = num(f10["edit_p95_s"]) if f10["edit_p95_s"] != "inf" else math.inf
        d95 = num(f10["delete_p95_s"]) if f10["delete_p95_s"] != "inf" else math.inf
        t.append(["1. freshness, daemon every 10 s: edit p95 ≤ 15 s",
                  f"p50 {fmt(f10['edit_p50_s'])} s, p95 {fmt(f10['edit_p95_s'])} s ({f10['edits_seen']}/{f10['edits']} "
                  f"seen; load {f10['loadavg_start']})", verdict(e95 <= 15)])
        t.append(["1. freshness, daemon every 10 s: delete p95 ≤ 15 s",
                  f"{f10['deletes_seen']} of {f10['deletes']} deletes reached B within {f10['window_s']} s after the "
                  f"last one" + (f"; p95 {fmt(f10['delete_p95_s'])} s" if f10['deletes_seen'] != "0" else
                                 " (deletes go through reconcile, by default at 02:30)"), verdict(d95 <= 15)])
        ia, ib = num(f10["idle_calls_a"]), num(f10["idle_calls_b"])
        t.append(["1. an idle poll costs ≤ 1 call to A and none to B",
                  f"{fmt(ia, 1)} to A, {fmt(ib, 1)} to B per idle run ({f10['idle_runs']} runs: {f10['idle_actions']})",
                  verdict(ia is not None and ib is not None and ia <= 1 and ib == 0) if ia is not None else verdict(None)])
    else:
        t.append(["1. freshness (daemon every 10 s)", "–", verdict(None)])
    s_status, s_once, s_kapi = st.get("ckan-sync status"), st.get("ckan-sync once"), st.get("ckanapi dump|load again")
    t.append(["2. `ckan-sync status` ≤ 1 s wall (N=1,000)",
              f"median {fmt(s_status['median_s'], 2)} s of {s_status['runs']} (load {s_status['loadavg']})" if s_status else "–",
              verdict(num(s_status["median_s"]) <= 1) if s_status else verdict(None)])
    t.append(["2. incremental `ckan-sync once` ≤ 1 s wall (N=1,000, 10 changes)",
              f"median {fmt(s_once['median_s'], 2)} s of {s_once['runs']} (load {s_once['loadavg']})" if s_once else "–",
              verdict(num(s_once["median_s"]) <= 1) if s_once else verdict(None)])
    if s_once and s_kapi:
        ratio = num(s_kapi["median_s"]) / num(s_once["median_s"])
        t.append(["2. incremental `once` ≥ 50× faster than re-running ckanapi dump|load",
                  f"{fmt(s_kapi['median_s'])} s / {fmt(s_once['median_s'], 2)} s = {ratio:.0f}×", verdict(ratio >= 50)])
    cpu_ms = [num(r.get("cpu_ms_per_ds")) for r in real]
    ratios = [num(r["sync_per_s"]) / num(r["ceiling_per_s"]) for r in real
              if num(r.get("sync_per_s")) and num(r.get("ceiling_per_s"))]
    if real:
        mc, mr = median(cpu_ms), median(ratios)
        again = lambda f: ("; re-run (" + ", ".join(f(r) + f" at load {r['loadavg'].split()[0]}" for r in reruns) + ")"
                           if reruns else "")
        t.append(["3. initial sync ≤ 4 ms of ckan-sync CPU per dataset (N=1,000, median of the rounds)",
                  f"{fmt(mc, 2)} ms (rounds: {', '.join(fmt(x, 2) for x in cpu_ms)})"
                  + again(lambda r: f"{fmt(r['cpu_ms_per_ds'], 2)} ms"), verdict(mc <= 4) if mc else verdict(None)])
        t.append(["3. throughput ≥ 90 % of B's raw ceiling (median of the rounds)",
                  (f"{mr:.0%} (rounds: {', '.join(f'{x:.0%}' for x in ratios)})"
                   + again(lambda r: f"{num(r['sync_per_s']) / num(r['ceiling_per_s']):.0%}")) if mr else "–",
                  verdict(mr >= 0.9) if mr else verdict(None)])
    s10 = sim.get(10000)
    t.append(["4. simulator ≥ 1,000 datasets/s at N=10,000 (realistic datasets, whole CLI)",
              f"{fmt(s10['datasets_per_s'], 0)} /s (sync run alone {10000 / num(s10['initial_run_s']):,.0f} /s; "
              f"load {s10.get('loadavg', '–')})" if s10 else "–",
              verdict(num(s10["datasets_per_s"]) >= 1000) if s10 else verdict(None)])
    l10, l1m = scale.get(10000), scale.get(1000000)
    if l10 and l1m:
        hr = num(l1m["peak_heap_mb"]) / num(l10["peak_heap_mb"])
        t.append(["4. N=1,000,000: CLI peak heap ≤ 1.5× that at N=10,000 (lean datasets, CLI -Xmx "
                  f"{l1m.get('cli_heap_max', '?')})",
                  f"{l1m['peak_heap_mb']} MB vs {l10['peak_heap_mb']} MB = {hr:.2f}× (highest after a GC: "
                  f"{l1m.get('live_heap_mb', '–')} vs {l10.get('live_heap_mb', '–')} MB; the live set after a full "
                  "GC: see the notes at the end)", verdict(hr <= 1.5)])
        c10 = int(l10["incr_calls_a"]) + int(l10["incr_calls_b"])
        c1m = int(l1m["incr_calls_a"]) + int(l1m["incr_calls_b"])
        t.append(["4. N=1,000,000: incremental calls constant", f"{c1m} at 1,000,000 vs {c10} at 10,000", verdict(c1m <= c10)])
    else:
        t.append(["4. N=1,000,000 run", "–" if not l10 else f"only N=10,000 measured ({l10['peak_heap_mb']} MB)", verdict(None)])
    hv = [r for r in harvest]
    t.append(["5. ckanext-harvest side by side", f"{len(hv)} harvest jobs and "
              f"{sum(1 for k in fresh if k[0] == 'ckanext-harvest')} freshness row(s), tables below" if hv else "–",
              "" if hv else verdict(None)])
    w(table(["target", "measured", ""], t))
    w("")

    # --- freshness ---------------------------------------------------------------------------------------------
    w("## Freshness: edit or delete on A → visible on B\n")
    if fresh:
        w("Edits: `package_patch` of a new title on a random dataset at a random moment (sleep U(0, schedule) s between "
          "edits), then B's `package_show` every 0.1 s until the title is there. Deletes: `package_delete` on A at random "
          "moments while one `package_search` on B every 0.2 s lists which are still active and a `package_show` confirms "
          "(state `deleted`, 404 or 403); those not on B within the window after the last delete count as not seen "
          "(∞ in the percentiles). Idle runs: the daemon's runs during a window without any edit, counted by "
          "[`countproxy.py`](../tools/benchmark/countproxy.py) in front of each portal (every call, start-up checks "
          "included) and by the run ledger (`calls source/target` of the run, which leave the checks out).\n")
        rows = []
        for (tool, s), r in sorted(fresh.items(), key=lambda kv: (kv[0][0] != "ckan-sync", kv[0][1])):
            rows.append([tool, f"{s} s", f"{fmt(r['edit_p50_s'])} / {fmt(r['edit_p95_s'])} / {fmt(r['edit_max_s'])} s "
                                          f"({r['edits_seen']}/{r['edits']})",
                         f"{fmt(r['delete_p50_s'])} / {fmt(r['delete_p95_s'])} s ({r['deletes_seen']}/{r['deletes']} "
                         f"within {r['window_s']} s)",
                         f"{fmt(r['idle_calls_a'], 1)} / {fmt(r['idle_calls_b'], 1)}" if r["idle_calls_a"] != "NA" else "–",
                         f"{fmt(r['idle_ledger_a'], 1)} / {fmt(r['idle_ledger_b'], 1)}" if r["idle_ledger_a"] != "NA" else "–",
                         r["idle_actions"], fmt(r.get("idle_cpu_s_per_run"), 3), fmt(r.get("idle_run_s"), 2),
                         r["config"], f"{r['loadavg_start']} → {r['loadavg_end']}"])
        w(table(["tool", "schedule", "edit p50 / p95 / max (seen)", "delete p50 / p95 (seen)",
                 "idle run: calls A / B (proxy)", "ledger A / B", "idle run: calls by action (mean per run)",
                 "daemon CPU s / idle run", "idle run s", "configuration", "load"], rows))
        w("")
    else:
        w("Not measured yet: `PHASES=fresh tools/benchmark/real-ckan.sh` after a rounds phase.\n")

    # --- start-up ------------------------------------------------------------------------------------------------
    w("## Start-up and the incremental one-shot run (N=1,000)\n")
    if startup:
        w("`hyperfine -N` (no shell), median of the runs; user/system: mean CPU seconds of one run (less sensitive "
          "to the machine's load than the wall time); `once` after 10 title changes on A before each run "
          "(`--prepare`). ckanapi's row is one run of dump|load of all datasets after the same 10 changes.\n")
        w(table(["command", "runs", "median s", "mean s", "min s", "max s", "user CPU s", "system CPU s", "note", "load"],
                [[r["what"], r["runs"], fmt(r["median_s"], 2), fmt(r["mean_s"], 2), fmt(r["min_s"], 2), fmt(r["max_s"], 2),
                  fmt(r["user_s"], 2), fmt(r["system_s"], 2), r["note"], r["loadavg"]] for r in startup]))
        w("\nEvery run is listed (oldest first); the targets above use the newest row of each command.")
        w("")

    # --- initial sync ---------------------------------------------------------------------------------------------
    w("## Initial sync on real CKAN 2.12 (N=1,000): rounds of ceiling, ckanapi, ckan-sync\n")
    if real:
        rows = []
        for r in real:
            ratio = num(r["sync_per_s"]) / num(r["ceiling_per_s"]) if num(r.get("ceiling_per_s")) else None
            rows.append([r["round"], f"{fmt(r['ceiling_s'])} s ({fmt(r['ceiling_per_s'], 2)} /s)",
                         f"{fmt(r['ckanapi_s'])} s ({fmt(r['ckanapi_per_s'], 2)} /s)" if num(r.get("ckanapi_s")) else "–",
                         f"{fmt(r['sync_s'])} s ({fmt(r['sync_per_s'], 2)} /s)", f"{ratio:.0%}" if ratio else "–",
                         f"{fmt(r['sync_cpu_s'])} s", f"{fmt(r['cpu_ms_per_ds'], 2)} ms",
                         f"{fmt(r['sync_calls_a'], 0)} / {fmt(r['sync_calls_b'], 0)}",
                         f"{fmt(r['sync_rss_mb'], 0)} / {fmt(r['sync_heap_mb'], 0)} / {fmt(r['sync_live_mb'], 0)} MB",
                         f"{r['ceiling_load']} · {r['loadavg']}"])
        w("ckan-sync's times are the whole CLI run (JVM start, start-up checks, the sync, shutdown); its CPU is the "
          "JVM's user+system (`/usr/bin/time -v`); calls are the run's own count (the 4 start-up checks come on top). "
          "Load: before the ceiling · before ckan-sync.\n")
        w(table(["round", "B's raw ceiling", "ckanapi dump\\|load", "ckan-sync initial", "of ceiling", "ckan-sync CPU",
                 "CPU / dataset", "calls A / B", "RSS / peak heap / live heap", "load"], rows))
        if reruns:
            w("\nLater runs with fewer rounds (re-runs when the load was lower; not in the medians):\n")
            w(table(["round", "B's raw ceiling", "ckanapi dump\\|load", "ckan-sync initial", "of ceiling", "ckan-sync CPU",
                     "CPU / dataset", "load", "date"],
                    [[r["round"], f"{fmt(r['ceiling_s'])} s ({fmt(r['ceiling_per_s'], 2)} /s)",
                      f"{fmt(r['ckanapi_s'])} s ({fmt(r['ckanapi_per_s'], 2)} /s)" if num(r.get("ckanapi_s")) else "–",
                      f"{fmt(r['sync_s'])} s ({fmt(r['sync_per_s'], 2)} /s)",
                      f"{num(r['sync_per_s']) / num(r['ceiling_per_s']):.0%}", f"{fmt(r['sync_cpu_s'])} s",
                      f"{fmt(r['cpu_ms_per_ds'], 2)} ms", f"{r['ceiling_load']} · {r['loadavg']}", r["date"]]
                     for r in reruns]))
        last = real[-1]
        if num(last.get("incr_s")):
            w(f"\nIncremental after 10 changes (last round): `ckan-sync once` {fmt(last['incr_s'], 2)} s wall, sync run "
              f"{fmt(last['incr_run_s'], 2)} s, calls {last['incr_calls_a']} to A / {last['incr_calls_b']} to B.")
        w("")
    else:
        w("Not measured yet: `tools/benchmark/real-ckan.sh 1000`.\n")

    # --- harvest -----------------------------------------------------------------------------------------------------
    w("## ckanext-harvest 1.6.3 side by side\n")
    if harvest:
        sync_med = median([num(r["sync_s"]) for r in real])
        ceil_med = median([num(r["ceiling_s"]) for r in real])
        kapi = next((num(r["ckanapi_s"]) for r in real if num(r.get("ckanapi_s"))), None)
        hj = {}
        for r in harvest:
            hj.setdefault(r["label"], []).append(r)
        side = []
        for r in hj.get("initial", []):
            side.append([f"initial, N={int(r['n']):,}", f"{fmt(r['wall_s'])} s ({fmt(r['per_s'], 2)} /s, "
                         f"{r['fetch_consumers']} fetch consumer(s); {r['errored']} errored)",
                         f"{fmt(sync_med)} s (median of the rounds)" if sync_med else "–",
                         f"{fmt(kapi)} s" if kapi else "–", f"{fmt(ceil_med)} s" if ceil_med else "–", r["loadavg"]])
        for label, ours in (("no-change re-run", f"{fmt(fresh.get(('ckan-sync', 10), {}).get('idle_run_s'), 2)} s (an idle "
                                                  "daemon run)" if fresh.get(("ckan-sync", 10)) else "–"),
                            ("10 changes", f"{fmt(s_once['median_s'], 2)} s (`once`, whole CLI)" if s_once else "–")):
            for r in hj.get(label, []):
                side.append([label, f"{fmt(r['wall_s'])} s ({r['gathered']} gathered: {r['updated']} updated, "
                             f"{r['not_modified']} not modified)", ours,
                             f"{fmt(s_kapi['median_s'])} s (all again)" if s_kapi else "–", "–", r["loadavg"]])
        hf = [r for k, r in fresh.items() if k[0] == "ckanext-harvest"]
        for r in hf:
            sf = fresh.get(("ckan-sync", int(r["schedule_s"])))
            side.append([f"freshness, every {r['schedule_s']} s: edit p50 / p95",
                         f"{fmt(r['edit_p50_s'])} / {fmt(r['edit_p95_s'])} s ({r['edits_seen']}/{r['edits']})",
                         f"{fmt(sf['edit_p50_s'])} / {fmt(sf['edit_p95_s'])} s" if sf else "–", "–", "–",
                         r["loadavg_start"]])
            side.append([f"freshness, every {r['schedule_s']} s: delete",
                         f"{r['deletes_seen']}/{r['deletes']} within {r['window_s']} s",
                         f"{sf['deletes_seen']}/{sf['deletes']} within {sf['window_s']} s" if sf else "–", "–", "–",
                         r["loadavg_start"]])
        w(table(["measurement", "ckanext-harvest", "ckan-sync", "ckanapi", "B's raw ceiling", "load"], side))
        w("\nEvery harvest job (wall: from `harvest_job_create` to the last harvest object COMPLETE or ERROR; "
          "`gathered` shows the 1-hour lookback: a job re-gathers what changed since the last error-free job's start "
          "minus one hour):\n")
        cols = list(harvest[0].keys())
        w(table(cols, [[r[c] for c in cols] for r in harvest]))
        w("")
    else:
        w("Not measured yet: `PHASES=harvest tools/benchmark/real-ckan.sh`.\n")

    # --- simulator ---------------------------------------------------------------------------------------------------
    w("## Simulator: throughput, and memory at 1,000,000\n")
    srows = [("realistic", r) for r in sim.values()] + [("lean", r) for r in scale.values()]
    if srows:
        w(table(["datasets", "N", "seed s", "initial (CLI)", "datasets/s (CLI)", "datasets/s (sync run)",
                 "B's raw ceiling", "calls A / B", "CLI -Xmx", "CLI peak / live heap", "simulator heap (A)",
                 "incremental (CLI)", "incr. calls A / B", "load"],
                [[shape, f"{int(r['n']):,}", fmt(r.get("seed_s")), f"{fmt(r['initial_s'])} s", fmt(r["datasets_per_s"], 0),
                  fmt(int(r["n"]) / num(r["initial_run_s"]), 0) if num(r.get("initial_run_s")) else "–",
                  f"{fmt(r.get('ceiling_per_s'), 0)} /s" if num(r.get("ceiling_per_s")) else "–",
                  f"{r['initial_calls_a']} / {r['initial_calls_b']}", r.get("cli_heap_max", "512m"),
                  f"{r['peak_heap_mb']} / {r.get('live_heap_mb', '–')} MB", f"{r.get('sim_heap_mb', '–')} MB",
                  f"{fmt(r['incr_s'], 2)} s", f"{r['incr_calls_a']} / {r['incr_calls_b']}", r.get("loadavg", "–")]
                 for shape, r in srows]))
        w("\nThe CLI runs in its own JVM (GC logged); *CLI* times include JVM and Camel start-up, the start-up checks "
          "and shutdown; *sync run* is the run as ckan-sync logs it. The simulators (both in the benchmark's JVM) count "
          "every HTTP request (the 4 start-up checks included). Peak heap: the highest occupancy before a GC; live: the "
          "highest after one. *Simulator heap (A)*: the benchmark JVM's heap after seeding A and a full GC. B's raw "
          "ceiling (a plain Java client, parallelism 4) needs a third catalogue in memory and is skipped above 100,000.\n")
    else:
        w("Not measured yet.\n")

    if cpu:
        w("## Where the CPU goes (real CKAN, every phase of every run)\n")
        w("CPU seconds (user + system) during each phase: the client (ckan-sync's JVM, ckanapi or the raw client), "
          "CKAN A's and B's gunicorn, Solr, PostgreSQL, Redis; `other` is the machine's busy time not accounted for by "
          "these (other people's work on the box). On 2 cores a phase of *t* s has 2*t* CPU seconds.\n")
        w(table(["N", "phase", "wall s", "client", "CKAN A", "CKAN B", "Solr", "PostgreSQL", "Redis", "machine busy",
                 "other"], [[r["n"], r["phase"], r["wall_s"], r["client_cpu_s"], r["ckan_a_cpu_s"], r["ckan_b_cpu_s"],
                             r["solr_cpu_s"], r["postgres_cpu_s"], r["redis_cpu_s"], r["machine_busy_s"],
                             r["other_cpu_s"]] for r in cpu[-40:]]))
        w("")

    findings = os.path.join(HERE, "findings.md")
    if os.path.exists(findings):
        w("## Where the time goes, and what the targets need\n")
        w(open(findings).read().strip() + "\n")

    os.makedirs(a.docs, exist_ok=True)
    with open(os.path.join(a.docs, "benchmarks.md"), "w") as f:
        f.write("\n".join(md))
    print(f"wrote {os.path.join(a.docs, 'benchmarks.md')}")
    plot(real, sim, scale, fresh, events, harvest, os.path.join(a.docs, "benchmarks.png"), m)


def plot(real, sim, scale, fresh, events, harvest, path, m):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib not installed: no plot (tools/benchmark/run.sh uses a venv that has it)", file=sys.stderr)
        return
    fig, (ax, bx) = plt.subplots(1, 2, figsize=(13, 5.2), dpi=100)
    # left: initial-sync throughput per contender
    pts = []
    for shape, rows in (("simulator", sim), ("simulator, lean", scale)):
        for n, r in sorted(rows.items()):
            pts.append((f"ckan-sync, {shape}", n, num(r["datasets_per_s"])))
    for r in real:
        n = int(r["n"])
        pts.append(("ckan-sync, real CKAN", n, num(r["sync_per_s"])))
        pts.append(("B's raw ceiling, real CKAN", n, num(r["ceiling_per_s"])))
        if num(r.get("ckanapi_per_s")):
            pts.append(("ckanapi dump | load, real CKAN", n, num(r["ckanapi_per_s"])))
    for r in harvest:
        if r["label"] == "initial" and num(r.get("per_s")):
            pts.append((f"ckanext-harvest ({r['fetch_consumers']} fetch), real CKAN", int(r["n"]), num(r["per_s"])))
    for label in dict.fromkeys(p[0] for p in pts):
        xs = [p[1] for p in pts if p[0] == label and p[2]]
        ys = [p[2] for p in pts if p[0] == label and p[2]]
        style = {"linestyle": "--", "color": "grey"} if "ceiling" in label else {}
        ax.plot(xs, ys, marker="o", label=label, **style)
        for x, y in zip(xs, ys):
            ax.annotate(f"{y:,.0f}" if y >= 100 else f"{y:.1f}", (x, y), textcoords="offset points", xytext=(4, 4), fontsize=7)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("N (datasets)")
    ax.set_ylabel("datasets/s (initial copy)")
    ax.set_title(f"Initial copy ({m['cores']} shared cores; real CKAN: every round)", fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7)
    # right: freshness of edits per tool and schedule (deletes: how many arrived)
    groups = {}
    for e in events:
        if e["kind"] == "edit":
            groups.setdefault((e["tool"], int(e["schedule_s"])), []).append(num(e["seen_after_s"]))
    keys = [k for k in sorted(groups, key=lambda k: (k[0] != "ckan-sync", k[1])) if k in fresh]
    if keys:
        data = [[x for x in groups[k] if x is not None and x != math.inf] or [0] for k in keys]
        bx.boxplot(data, whis=(5, 95), showfliers=True)
        bx.set_xticks(range(1, len(keys) + 1))
        labels = []
        for k in keys:
            r = fresh[k]
            labels.append(f"{k[0]}\nevery {k[1]} s\ndeletes on B: {r['deletes_seen']}/{r['deletes']}")
        bx.set_xticklabels(labels, fontsize=7)
        bx.axhline(15, color="red", linestyle=":", linewidth=1)
        bx.annotate("target p95 15 s", (0.55, 15), fontsize=7, color="red", xytext=(0, 3), textcoords="offset points")
        bx.set_ylabel("seconds from the edit on A to B's package_show")
        bx.set_title("Freshness of edits (box: p25–p75, whiskers p5–p95)", fontsize=10)
        bx.grid(True, axis="y", alpha=0.3)
    else:
        bx.set_axis_off()
    fig.tight_layout()
    fig.savefig(path)
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
