#!/usr/bin/env python3
"""Where a ckan-sync run spent its time, from a JDK Flight Recorder file (real-ckan.sh JFR=1 writes them).

  tools/benchmark/jfr-summary.py /var/tmp/ckan-sync-bench/logs/sync-initial-1000.jfr

Prints: the CPU load timeline (the JVM's share vs the whole machine, per second), time each thread spent
blocked reading sockets (waiting for CKAN; events ≥ 20 ms with settings=default), and the hottest Java frames
of the execution samples (top frame, and first org.ckansync / org.apache.camel / Jackson frame).
Needs the JDK's `jfr` tool on PATH.
"""
import collections, json, re, subprocess, sys


def events(path, name):
    out = subprocess.run(["jfr", "print", "--json", "--events", name, path], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["recording"]["events"]


def seconds(iso):
    m = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?", iso)
    if not m:
        return 0.0
    h, mi, s = m.groups()
    return int(h or 0) * 3600 + int(mi or 0) * 60 + float(s or 0)


def main(path):
    print(f"# {path}\n")
    print("## CPU load per second (share of all cores): JVM user+system | whole machine")
    for e in events(path, "jdk.CPULoad"):
        v = e["values"]
        jvm = v["jvmUser"] + v["jvmSystem"]
        print(f"  {v['startTime'][11:19]}  jvm {jvm:6.1%}  machine {v['machineTotal']:6.1%}  {'#' * int(jvm * 50)}")

    print("\n## Blocked in socket reads (waiting for CKAN), per thread and port")
    by = collections.defaultdict(list)
    for e in events(path, "jdk.SocketRead"):
        v = e["values"]
        t = (v.get("eventThread") or {}).get("javaName", "?")
        by[(t, v.get("port"))].append((v["startTime"], seconds(v["duration"])))
    for (t, port), l in sorted(by.items()):
        first, last = min(x[0] for x in l), max(x[0] for x in l)
        print(f"  {t:32s} port {port}: {len(l):5d} reads, {sum(x[1] for x in l):7.2f} s blocked, "
              f"from {first[11:23]} to {last[11:23]}")

    samples = events(path, "jdk.ExecutionSample")
    top, ours, threads = collections.Counter(), collections.Counter(), collections.Counter()
    for e in samples:
        v = e["values"]
        frames = (v.get("stackTrace") or {}).get("frames") or []
        threads[(v.get("sampledThread") or {}).get("javaName", "?")] += 1
        names = [f"{f['method']['type']['name'].replace('/', '.')}.{f['method']['name']}" for f in frames]
        if names:
            top[names[0]] += 1
        mine = next((n for n in names if n.startswith(("org.ckansync", "org.apache.camel", "com.fasterxml"))), None)
        ours[mine or "(JDK/other only)"] += 1
    print(f"\n## Execution samples: {len(samples)} (one per running Java thread every 20 ms)")
    print("  by thread:", ", ".join(f"{t} {c}" for t, c in threads.most_common(8)))
    print("  top frames:")
    for n, c in top.most_common(15):
        print(f"    {c:5d}  {n}")
    print("  first org.ckansync / Camel / Jackson frame:")
    for n, c in ours.most_common(15):
        print(f"    {c:5d}  {n}")


if __name__ == "__main__":
    for p in sys.argv[1:]:
        main(p)
