#!/usr/bin/env python3
"""Probe real CKAN Action API behaviour (written for 2.12) and print exact status codes and bodies.

Usage: probe.py [--base http://127.0.0.1:5003] [--token-file /var/tmp/ckan-sync-it/c/api-token.txt]
                [--only SECTIONS] [--timing-n 30]
SECTIONS is a comma list of a,b,c,d,e,f,g,h,i,j,k,x,l,m,n,o,p,q (default a-j; k = timing, x = extra checks;
l-q = the issue 9 checks: restore, activity stream, org/group purge, future metadata_modified, Solr 500, wrong URLs). The portal should be empty
(run reset.py first); the probe leaves its datasets behind (run reset.py afterwards).
Output is plain text meant to be read by a human and condensed into FACTS.md.
"""
import argparse, hashlib, json, sys, threading, time, urllib.error, urllib.parse, urllib.request, uuid

ap = argparse.ArgumentParser()
ap.add_argument("--base", default="http://127.0.0.1:5003")
ap.add_argument("--token-file", default="/var/tmp/ckan-sync-it/c/api-token.txt")
ap.add_argument("--only", default="a,b,c,d,e,f,g,h,i,j")
ap.add_argument("--timing-n", type=int, default=30)
ap.add_argument("--solr", default="http://127.0.0.1:8983/solr/ckan_c", help="core of this instance (section c rows cap)")
ap.add_argument("--site-id", default="ckan_c")
args = ap.parse_args()
BASE = args.base.rstrip("/")
TOKEN = open(args.token_file).read().strip()
ONLY = set(args.only.split(","))
RUN = uuid.uuid4().hex[:6]


def call(action, data=None, get=False, token=TOKEN, raw_body=None, method=None):
    url = f"{BASE}/api/3/action/{action}"
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = token
    if get:
        q = urllib.parse.urlencode(data or {}, doseq=True)
        req = urllib.request.Request(url + ("?" + q if q else ""), headers=headers, method=method or "GET")
    else:
        body = raw_body if raw_body is not None else json.dumps(data or {}).encode()
        req = urllib.request.Request(url, data=body, headers=headers, method=method or "POST")
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            text = r.read().decode(); code = r.status
    except urllib.error.HTTPError as e:
        text = e.read().decode(); code = e.code
    try:
        return code, json.loads(text)
    except ValueError:
        return code, text


def show(label, code, body, keys=None, full=True):
    print(f"\n--- {label}: HTTP {code}")
    if isinstance(body, dict) and keys:
        body = {k: body.get(k) for k in keys}
    if full:
        print(json.dumps(body, indent=1, ensure_ascii=False))


def section(s):
    print("\n" + "=" * 100 + f"\n== {s}\n" + "=" * 100)


def res(body):
    return body["result"] if isinstance(body, dict) and "result" in body else body


def uid():
    return str(uuid.uuid4())


# -------------------------------------------------------------------------------------------------
if "a" in ONLY:
    section("a. config_option_list / user_show as identity checks")
    for label, tok in (("sysadmin token", TOKEN), ("no token", None), ("garbage token", "garbage-token-xyz")):
        code, b = call("config_option_list", get=True, token=tok)
        print(f"\n--- config_option_list GET, {label}: HTTP {code}")
        if code == 200:
            r = b["result"]; print(json.dumps({k: v for k, v in b.items() if k != "result"}))
            print(f"result: list of {len(r)} option names: {r}")
        else:
            print(json.dumps(b))
    code, b = call("config_option_list", {}, token=TOKEN)
    print(f"\n--- config_option_list POST {{}} sysadmin: HTTP {code} success={b.get('success')}")
    # a JWT-shaped but invalid token (signature wrong)
    parts = TOKEN.split(".")
    badsig = ".".join(parts[:2] + ["AAAA" + parts[2][4:]]) if len(parts) == 3 else "x.y.z"
    code, b = call("config_option_list", get=True, token=badsig)
    print(f"\n--- config_option_list GET, JWT-shaped token with bad signature: HTTP {code}\n{json.dumps(b)}")
    for label, tok in (("sysadmin token", TOKEN), ("no token", None), ("garbage token", "garbage-token-xyz")):
        code, b = call("user_show", get=True, token=tok)
        show(f"user_show GET without id, {label}", code, b)
    # a non-sysadmin user token (ordinary user) for contrast
    code, b = call("user_create", {"name": f"plain-{RUN}", "email": f"plain-{RUN}@example.org", "password": "Plain-pass-1234"})
    print(f"\n--- user_create plain user: HTTP {code}")
    code, b = call("api_token_create", {"user": f"plain-{RUN}", "name": "t"})
    plain = b["result"]["token"] if code == 200 else None
    print(f"--- api_token_create for plain user (as sysadmin): HTTP {code}")
    if plain:
        code, b = call("config_option_list", get=True, token=plain)
        show("config_option_list GET, ordinary (non-sysadmin) user token", code, b)
        code, b = call("user_show", get=True, token=plain)
        show("user_show GET without id, ordinary user token (keys only)", code, sorted(res(b).keys()) if code == 200 else b)
        open("/tmp/probe-plain-token.txt", "w").write(plain)
    code, b = call("user_show", {"id": "admin"}, get=True)
    show("user_show id=admin (sysadmin token)", code, b)

if "b" in ONLY:
    section("b. status_show")
    code, b = call("status_show", get=True, token=None)
    show("status_show anonymous", code, b)
    code, b = call("status_show", get=True)
    show("status_show sysadmin", code, b)
    for path in ("/api/3", "/api", "/api/3/action"):
        try:
            with urllib.request.urlopen(BASE + path) as r:
                print(f"\n--- GET {path}: HTTP {r.status} {r.read().decode()[:300]}")
        except urllib.error.HTTPError as e:
            print(f"\n--- GET {path}: HTTP {e.code} {e.read().decode()[:300]}")

# common fixtures --------------------------------------------------------------------------------
ORG = f"org-{RUN}"
GROUP = f"grp-{RUN}"
VOCAB = f"vocab_{RUN}"
need_fixtures = ONLY & set("cdefgijkxlmnop")
if need_fixtures:
    section("fixtures: organization, group, vocabulary")
    code, b = call("organization_create", {"name": ORG, "title": "Probe org"}); print("organization_create", code)
    ORG_ID = res(b)["id"]
    code, b = call("group_create", {"name": GROUP, "title": "Probe group"}); print("group_create", code)
    code, b = call("vocabulary_create", {"name": VOCAB, "tags": [{"name": "alpha"}, {"name": "beta"}]})
    show("vocabulary_create {name, tags:[{name}]}", code, b)
    VOCAB_ID = res(b)["id"]


def mini(name=None, **kw):
    d = {"name": name or f"ds-{uuid.uuid4().hex[:10]}", "title": "Mini", "owner_org": ORG}
    d.update(kw)
    return d


if "c" in ONLY:
    section("c. package_search shapes and keyset fq")
    ids = []
    same_mm = "2025-01-01T00:00:00.123456"
    for i in range(4):
        code, b = call("package_create", mini(private=(i == 0), metadata_modified=same_mm if i < 3 else None,
                                              resources=[{"url": "http://example.org/x.csv", "name": "x"}]))
        assert code == 200, b
        ids.append(res(b)["id"])
    # one draft
    code, b = call("package_create", mini(state="draft")); print("draft create", code, res(b).get("state"))
    ids.append(res(b)["id"])
    print("created ids:", ids, "(first 3 share metadata_modified", same_mm, ")")
    q = {"q": "*:*", "fq": "metadata_modified:[2020-01-01T00:00:00Z TO *]", "sort": "metadata_modified asc, id asc",
         "rows": 2, "include_private": "true", "include_drafts": "true"}
    code, b = call("package_search", q, get=True)
    r = res(b)
    show("package_search (full dicts) envelope keys", code, {k: (v if k != "result" else "...") for k, v in b.items()})
    print("result keys:", sorted(r.keys()), "count:", r["count"])
    print("results[0] keys:", sorted(r["results"][0].keys()))
    print("results[0].metadata_modified:", r["results"][0]["metadata_modified"],
          " metadata_created:", r["results"][0]["metadata_created"])
    print("search_facets:", r.get("search_facets"), " facets:", r.get("facets"), " sort:", r.get("sort"))
    print("results[0] full:\n" + json.dumps(r["results"][0], indent=1))
    q2 = dict(q, fl="id,metadata_modified,capacity,state")
    code, b = call("package_search", q2, get=True)
    show("package_search fl=id,metadata_modified,capacity,state rows=2", code, res(b))
    code, b = call("package_search", dict(q, fl="id,name,private,metadata_modified,data_dict"), get=True)
    show("package_search fl=id,name,private,metadata_modified (+data_dict) keys of results[0]", code,
         sorted(res(b)["results"][0].keys()) if code == 200 else b)
    code, b = call("package_search", dict(q, fl=["id", "metadata_modified"]), get=True)
    show("package_search fl as repeated GET param (list) fl=id&fl=metadata_modified", code, res(b) if code == 200 else b)
    code, b = call("package_search", dict(q, fl=["id", "metadata_modified"]))
    show("package_search POST with fl as JSON list", code, res(b) if code == 200 else b)
    code, b = call("package_search", {"q": "*:*", "fq": "metadata_modified:[2020-01-01T00:00:00Z TO *]",
                                      "include_private": True, "include_drafts": True, "rows": 0})
    print(f"\n--- POST with JSON booleans include_private=true rows=0: HTTP {code} count={res(b)['count']}")
    # what is the full set (to interpret filters below)
    code, b = call("package_search", {"q": "*:*", "fl": "id,metadata_modified,state,capacity", "sort": "metadata_modified asc, id asc",
                                      "include_private": True, "include_drafts": True, "rows": 100})
    allr = res(b)["results"]
    print("\nall datasets (sorted):")
    for x in allr:
        print("  ", json.dumps(x))
    tied = sorted(ids[:3])
    pivot = tied[0]
    mmZ = "2025-01-01T00:00:00.123Z"
    variants = {
        "A: raw keyset fq (no outer parens)":
            f'metadata_modified:{{{mmZ} TO *] OR (metadata_modified:"{mmZ}" AND id:{{{pivot} TO *])',
        "B: keyset fq wrapped in +( ... )":
            f'+(metadata_modified:{{{mmZ} TO *] OR (metadata_modified:"{mmZ}" AND id:{{{pivot} TO *]))',
        "C: keyset fq wrapped in ( ... )":
            f'(metadata_modified:{{{mmZ} TO *] OR (metadata_modified:"{mmZ}" AND id:{{{pivot} TO *]))',
        "D: range only metadata_modified:[mm TO *]": f"metadata_modified:[{mmZ} TO *]",
        "E: exclusive range metadata_modified:{mm TO *]": f"metadata_modified:{{{mmZ} TO *]",
        "F: id range only id:{pivot TO *]": f"id:{{{pivot} TO *]",
        "G: id:(\"a\" OR \"b\") quoted": f'id:("{tied[0]}" OR "{tied[1]}")',
        "H: id:(a OR b) unquoted UUIDs": f"id:({tied[0]} OR {tied[1]})",
        "I: range in the far future (expect 0)": "metadata_modified:[2099-01-01T00:00:00Z TO *]",
        "J: far-future range OR nonexistent id, no parens (expect 0 if fq were honoured as written)":
            'metadata_modified:[2099-01-01T00:00:00Z TO *] OR id:"nope"',
        "K: metadata_modified with 6-digit micros in range": "metadata_modified:[2025-01-01T00:00:00.123456Z TO *]",
    }
    for label, fq in variants.items():
        for inc_priv in ("true", "false"):
            code, b = call("package_search", {"q": "*:*", "fq": fq, "fl": "id,metadata_modified", "sort": "metadata_modified asc, id asc",
                                              "include_private": inc_priv, "include_drafts": "true", "rows": 100}, get=True)
            if code == 200:
                got = [x["id"] for x in res(b)["results"]]
                print(f"\n--- fq {label} include_private={inc_priv}: HTTP 200 count={res(b)['count']} ids={got}")
            else:
                print(f"\n--- fq {label} include_private={inc_priv}: HTTP {code} {json.dumps(b)}")
            print(f"    fq = {fq}")
    print(f"\n(pivot = {pivot}; tied ids sorted = {tied}; 4th id (newer mm) = {ids[3]}; draft = {ids[4]})")
    # fq_list
    code, b = call("package_search", {"q": "*:*", "fq_list": [f"metadata_modified:[{mmZ} TO *]", f"id:{{{pivot} TO *]"],
                                      "fl": "id", "include_private": True, "include_drafts": True, "rows": 100})
    print(f"\n--- fq_list [range, id-range] POST: HTTP {code} count={res(b)['count'] if code == 200 else b}")
    # rows default and cap: index 1100 bare docs straight into Solr (fl=id does not need validated_data_dict)
    docs = [{"index_id": f"fake{i}", "id": f"fake-{i:05d}", "site_id": args.site_id, "state": "active", "capacity": "public",
             "entity_type": "package", "dataset_type": "dataset", "name": f"fake-{i:05d}",
             "metadata_modified": "2019-06-01T00:00:00Z"} for i in range(1100)]
    req = urllib.request.Request(args.solr + "/update?commit=true", data=json.dumps(docs).encode(),
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
    code, b = call("package_search", {"q": "*:*", "fl": "id"}, get=True)
    print(f"\n--- rows default: HTTP {code} count={res(b)['count']} returned={len(res(b)['results'])}")
    for rows in (1000, 1001, 5000):
        code, b = call("package_search", {"q": "*:*", "fl": "id", "rows": rows}, get=True)
        print(f"--- rows={rows}: HTTP {code} count={res(b)['count'] if code == 200 else ''} returned={len(res(b)['results']) if code == 200 else b}")
    code, b = call("package_search", {"q": "*:*", "fl": "id", "rows": -1}, get=True)
    print(f"--- rows=-1: HTTP {code} {json.dumps(b)[:300]}")
    code, b = call("package_search", {"q": "*:*", "fl": "id", "rows": "abc"}, get=True)
    print(f"--- rows=abc: HTTP {code} {json.dumps(b)[:300]}")
    code, b = call("package_search", {"q": "*:*", "fl": "id", "rows": 10, "start": 1095}, get=True)
    print(f"--- start=1095: HTTP {code} returned={len(res(b)['results'])}")
    code, b = call("package_search", {"q": "*:*", "fl": "id", "sort": "nonexistent_field asc"}, get=True)
    print(f"--- sort=nonexistent_field asc: HTTP {code} {json.dumps(b)[:400]}")
    code, b = call("package_search", {"q": "*:*", "fq": "metadata_modified:[garbage TO *]"}, get=True)
    print(f"--- fq with malformed date: HTTP {code} {json.dumps(b)[:400]}")
    urllib.request.urlopen(urllib.request.Request(args.solr + "/update?commit=true", data=json.dumps(
        {"delete": {"query": "id:fake-*"}}).encode(), headers={"Content-Type": "application/json"})).read()
    code, b = call("package_search", {"q": "*:*", "fl": "id", "rows": 0, "include_private": True, "include_drafts": True}, get=True)
    print(f"--- after removing fake docs: count={res(b)['count']}")

FULL_ID = uid()
RES_IDS = [uid(), uid()]
if ONLY & set("defgij"):
    section("d. package_create full dataset as sysadmin")
    ds = {
        "id": FULL_ID, "name": f"full-{RUN}", "title": "Full dataset", "owner_org": ORG, "private": True,
        "notes": "Some *markdown* notes", "license_id": "cc-by", "url": "http://example.org/src", "version": "1.0",
        "author": "A. Author", "author_email": "a@example.org", "maintainer": "M", "maintainer_email": "m@example.org",
        "metadata_modified": "2021-02-03T04:05:06.789012",
        "metadata_created": "2019-01-01T00:00:00",
        "tags": [{"name": "water"}, {"name": "rivers"}, {"name": "alpha", "vocabulary_id": VOCAB_ID}],
        "extras": [{"key": "source_id", "value": "A:xyz"}, {"key": "harvest_note", "value": "x"}],
        "groups": [{"name": GROUP}],
        "resources": [
            {"id": RES_IDS[0], "url": "http://example.org/data.csv", "name": "data.csv", "format": "CSV",
             "description": "d", "created": "2018-03-04T05:06:07.000001", "last_modified": "2018-05-06T07:08:09",
             "mimetype": "text/csv", "size": 1234, "hash": "sha1:abc", "custom_res_field": "kept?"},
            {"id": RES_IDS[1], "url": "http://example.org/data.json", "name": "data.json", "format": "JSON"},
        ],
    }
    code, b = call("package_create", ds)
    show("package_create full response (whole envelope)", code, b)
    FULL = res(b)
    code, b = call("package_show", {"id": FULL_ID}, get=True)
    show("package_show right after (result only)", code, res(b))
    SHOWN = res(b)
    code, b = call("organization_show", {"id": ORG}, get=True)
    print("\norg id:", res(b)["id"])
    import os
    plain_tok = open("/tmp/probe-plain-token.txt").read().strip() if os.path.exists("/tmp/probe-plain-token.txt") else None
    code, b = call("package_create", mini(name=f"nonsys-mm-{RUN}"), token=plain_tok)
    print(f"\n(plain user package_create in org it is not a member of: HTTP {code} {json.dumps(b)[:300]})")

if "e" in ONLY:
    section("e. package_update / patch / revise")
    code, b = call("package_show", {"id": FULL_ID}, get=True); cur = res(b)
    mm0 = cur["metadata_modified"]
    time.sleep(1.1)
    code, b = call("package_update", cur)
    show("package_update with the package_show dict unchanged (incl. metadata_modified) -- envelope minus result", code,
         {k: v for k, v in b.items() if k != "result"})
    print("metadata_modified before/after:", mm0, res(b).get("metadata_modified"))
    cur2 = dict(cur); cur2.pop("metadata_modified")
    code, b = call("package_update", cur2)
    show("package_update unchanged dict WITHOUT metadata_modified -- envelope minus result", code,
         {k: v for k, v in b.items() if k != "result"})
    print("metadata_modified before/after:", mm0, res(b).get("metadata_modified"))
    code, b = call("package_activity_list", {"id": FULL_ID}, get=True)
    print("activities:", [(a["activity_type"], a["timestamp"]) for a in res(b)] if code == 200 else (code, b))
    # real change without metadata_modified
    cur3 = dict(cur2, title="Full dataset v2")
    code, b = call("package_update", cur3)
    show("package_update title change (no metadata_modified sent) -- envelope minus result", code,
         {k: v for k, v in b.items() if k != "result"})
    print("metadata_modified now:", res(b).get("metadata_modified"))
    # real change WITH an old metadata_modified (mirror-style)
    cur4 = dict(res(b), title="Full dataset v3", metadata_modified="2021-06-07T08:09:10.111213")
    code, b = call("package_update", cur4)
    print(f"\n--- package_update title change with metadata_modified=2021-06-07T08:09:10.111213: HTTP {code} "
          f"changed_entities={b.get('changed_entities')} -> metadata_modified={res(b).get('metadata_modified')}")
    # omit resources/groups/tags/extras
    base = res(b)
    minimal = {k: base[k] for k in ("id", "name", "title", "owner_org", "notes")}
    code, b = call("package_update", minimal)
    r = res(b)
    print(f"\n--- package_update with only id,name,title,owner_org,notes: HTTP {code} changed_entities={b.get('changed_entities')}")
    print("  resources kept:", [x["id"] for x in r.get("resources", [])], " groups:", [g["name"] for g in r.get("groups", [])],
          " tags:", [t["name"] for t in r.get("tags", [])], " extras:", r.get("extras"),
          " private:", r.get("private"), " license_id:", r.get("license_id"), " url:", r.get("url"),
          " author:", r.get("author"), " version:", r.get("version"), " metadata_modified:", r.get("metadata_modified"))
    # restore full content
    code, b = call("package_update", dict(base, title="Full dataset v4"))
    print(f"\n--- restore via package_update(full dict): HTTP {code}; resources={len(res(b)['resources'])} groups={len(res(b)['groups'])}"
          f" tags={len(res(b)['tags'])} extras={len(res(b)['extras'])}")
    code, b = call("package_patch", {"id": FULL_ID, "notes": "patched notes"})
    show("package_patch {id, notes} envelope minus result", code, {k: v for k, v in b.items() if k != "result"})
    print("result keys:", sorted(res(b).keys()), "metadata_modified:", res(b)["metadata_modified"],
          "resources:", len(res(b)["resources"]))
    code, b = call("package_patch", {"id": FULL_ID, "notes": "patched notes"})
    print(f"--- same package_patch again (no-op): HTTP {code} changed_entities={b.get('changed_entities')} mm={res(b)['metadata_modified']}")
    cur_mm = res(b)["metadata_modified"]
    code, b = call("package_revise", {"match": {"id": FULL_ID, "metadata_modified": "2000-01-01T00:00:00"},
                                      "update": {"notes": "revised"}})
    show("package_revise stale match.metadata_modified", code, b)
    code, b = call("package_revise", {"match": {"id": FULL_ID, "metadata_modified": cur_mm}, "update": {"notes": "revised"}})
    show("package_revise current match.metadata_modified: envelope minus result", code, {k: v for k, v in b.items() if k != "result"})
    print("result keys:", sorted(res(b).keys()) if code == 200 else None,
          "package.metadata_modified:", res(b)["package"]["metadata_modified"] if code == 200 else None)
    code, b = call("package_revise", {"match": {"id": FULL_ID, "metadata_modified": cur_mm}, "update": {"notes": "revised2"}})
    show("package_revise with the now-stale metadata_modified", code, b)
    code, b = call("package_revise", {"match": {"id": FULL_ID}, "update": {"notes": "revised"}})
    print(f"\n--- package_revise no-op (same notes): HTTP {code} changed_entities={b.get('changed_entities')}")
    code, b = call("package_revise", {"match": {"id": uid()}, "update": {"notes": "x"}})
    show("package_revise match.id unknown", code, b)
    code, b = call("package_revise", {"match": {"name": f"full-{RUN}", "metadata_modified": "x"}, "update": {"notes": "y"}})
    show("package_revise match name + garbage metadata_modified", code, b)
    # deleted state via update/patch, undelete
    code, b = call("package_show", {"id": FULL_ID}, get=True)
    print("\nfinal state of full package after section e: metadata_modified", res(b)["metadata_modified"])

if "f" in ONLY:
    section("f. error bodies")
    other = mini(name=f"taken-{RUN}")
    code, b = call("package_create", other); OTHER_ID = res(b)["id"]
    code, b = call("package_create", mini(name=f"taken-{RUN}")); show("name used by another active package", code, b)
    code, b = call("package_create", mini(id="not-a-uuid")); show("non-UUID explicit id", code, b)
    code, b = call("package_create", mini(id=OTHER_ID)); show("existing id (another active package)", code, b)
    code, b = call("package_create", mini(id=OTHER_ID, name=f"taken-{RUN}")); show("existing id AND its name", code, b)
    d = mini(); d.pop("owner_org"); code, b = call("package_create", d); show("missing owner_org", code, b)
    code, b = call("package_create", mini(owner_org="no-such-org")); show("unknown owner_org", code, b)
    code, b = call("package_create", mini(owner_org=uid())); show("unknown owner_org (uuid)", code, b)
    code, b = call("package_create", mini(name="Bad Name!")); show('bad name "Bad Name!"', code, b)
    code, b = call("package_create", mini(name="x")); show('too short name "x"', code, b)
    code, b = call("package_create", mini(groups=[{"name": "no-such-group"}])); show("unknown group name in groups", code, b)
    code, b = call("package_create", mini(groups=[{"id": uid()}])); show("unknown group id in groups", code, b)
    code, b = call("package_create", mini(tags=[{"name": "gamma", "vocabulary_id": VOCAB_ID}]))
    show("vocabulary tag not in vocabulary", code, b)
    code, b = call("package_create", mini(tags=[{"name": "alpha", "vocabulary_id": uid()}]))
    show("vocabulary tag with unknown vocabulary_id", code, b)
    code, b = call("package_create", mini(tags=[{"name": "bad/tag!"}])); show("free tag with bad chars", code, b)
    code, b = call("package_create", mini(extras=[{"key": "title", "value": "x"}])); show('extras key "title"', code, b)
    code, b = call("package_create", mini(extras=[{"key": "k", "value": 5}])); show("extras non-string value 5", code, b)
    code, b = call("package_create", mini(extras=[{"key": "k", "value": "1"}, {"key": "k", "value": "2"}]))
    show("duplicate extras key", code, b)
    code, b = call("package_create", mini(resources=[{"id": RES_IDS[0], "url": "http://x"}]))
    show("resource id used by another package", code, b)
    code, b = call("package_create", mini(resources=[{"id": "not-a-uuid", "url": "http://x"}]))
    show("resource id not a UUID", code, b)
    code, b = call("package_create", mini(metadata_modified="not-a-date")); show("metadata_modified not a date", code, b)
    code, b = call("package_create", mini(metadata_modified="2021-02-03T04:05:06Z")); show("metadata_modified with Z", code,
                                                                                         {"metadata_modified": res(b).get("metadata_modified")} if code == 200 else b)
    code, b = call("package_create", mini(metadata_modified="2021-02-03T04:05:06+02:00")); show("metadata_modified with +02:00", code,
                                                                                              {"metadata_modified": res(b).get("metadata_modified")} if code == 200 else b)
    code, b = call("package_create", mini(private=True, owner_org=None)); show("private=true owner_org=null", code, b)
    code, b = call("no_such_action", {}); show("unknown action POST", code, b)
    code, b = call("no_such_action", get=True); show("unknown action GET", code, b)
    code, b = call("package_create", mini(), get=True); show("GET on package_create", code, b)
    code, b = call("package_create", raw_body=b"{not json"); show("POST invalid JSON", code, b)
    code, b = call("package_create", raw_body=b"[1,2]"); show("POST JSON array body", code, b)
    code, b = call("package_create", mini(), token=None); show("package_create with no token", code, b)
    code, b = call("package_create", mini(), token="garbage"); show("package_create with garbage token", code, b)
    pid = uid()
    code, b = call("package_create", mini(id=pid)); call("dataset_purge", {"id": pid})
    code, b = call("package_show", {"id": pid}, get=True); show("package_show of a purged id", code, b)
    code, b = call("package_show", {"id": uid()}, get=True); show("package_show of a never-existing id", code, b)
    code, b = call("package_create", mini()); did = res(b)["id"]; call("package_delete", {"id": did})
    code, b = call("package_show", {"id": did}, get=True); show("package_show deleted package as sysadmin (state only)", code,
                                                              {"state": res(b).get("state")} if code == 200 else b)
    code, b = call("package_show", {"id": did}, get=True, token=None); show("package_show deleted package anonymously", code, b)
    code, b = call("package_show", {"id": FULL_ID}, get=True, token=None); show("package_show private package anonymously", code, b)
    code, b = call("dataset_purge", {"id": uid()}); show("dataset_purge unknown id", code, b)
    code, b = call("package_delete", {"id": uid()}); show("package_delete unknown id", code, b)
    code, b = call("package_update", {"id": uid(), "name": "whatever-x"}); show("package_update unknown id", code, b)
    code, b = call("package_patch", {"id": OTHER_ID, "id_x": 1, "name": f"taken-{RUN}"})
    print(f"\n--- package_patch with an unknown top-level key 'id_x': HTTP {code} kept={res(b).get('id_x') if code == 200 else b}")

if "g" in ONLY:
    section("g. package_delete")
    code, b = call("package_create", mini(name=f"del-{RUN}", groups=[{"name": GROUP}]))
    did = res(b)["id"]; mm_before = res(b)["metadata_modified"]
    time.sleep(1.1)
    code, b = call("package_delete", {"id": did}); show("package_delete response", code, b)
    code, b = call("package_show", {"id": did}, get=True); r = res(b)
    print(f"metadata_modified before/after delete: {mm_before} / {r['metadata_modified']}; state={r['state']}; groups={r['groups']}")
    code, b = call("package_search", {"q": f'id:"{did}"', "include_private": True, "include_drafts": True}, get=True)
    print(f"package_search id:<deleted> include_private include_drafts: count={res(b)['count']}")
    code, b = call("package_search", {"q": f'id:"{did}"', "include_private": True, "include_drafts": True, "include_deleted": True}, get=True)
    print(f"package_search id:<deleted> include_deleted=true: count={res(b)['count']}")
    code, b = call("package_search", {"q": "*:*", "fq": f'+state:deleted +id:"{did}"'}, get=True)
    print(f"package_search fq=+state:deleted: HTTP {code} count={res(b)['count'] if code == 200 else b}")
    code, b = call("package_activity_list", {"id": did}, get=True)
    print("activities:", [(a["activity_type"], a["timestamp"]) for a in res(b)])
    code, b = call("package_delete", {"id": did}); print(f"package_delete again: HTTP {code} {json.dumps(b)[:200]}")
    code, b = call("package_create", mini(name=f"del-{RUN}"))
    show("package_create with the NAME of the deleted package (id/name/state only)", code,
         {k: res(b).get(k) for k in ("id", "name", "state")} if code == 200 else b)
    code, b = call("package_show", {"id": did}, get=True)
    print("deleted package now:", {k: res(b).get(k) for k in ("id", "name", "state")})
    # undelete with patch
    code, b = call("package_patch", {"id": did, "state": "active"})
    print(f"package_patch state=active on deleted: HTTP {code} state={res(b).get('state') if code == 200 else b} "
          f"name={res(b).get('name') if code == 200 else ''} mm={res(b).get('metadata_modified') if code == 200 else ''}")
    # package_update renaming onto a name held by a deleted package
    code, b = call("package_create", mini(name=f"holder-{RUN}")); hid = res(b)["id"]; call("package_delete", {"id": hid})
    code, b = call("package_patch", {"id": did, "name": f"holder-{RUN}"})
    show("package_patch rename onto a name held by a DELETED package", code, b if code != 200 else {"name": res(b)["name"]})
    code, b = call("package_show", {"id": hid}, get=True)
    print("holder now:", {k: res(b).get(k) for k in ("id", "name", "state")})
    # package_create with state=deleted as sysadmin
    code, b = call("package_create", mini(state="deleted"))
    print(f"package_create state=deleted as sysadmin: HTTP {code} state={res(b).get('state') if code == 200 else b}")

if "h" in ONLY:
    section("h. organizations and groups")
    oid = uid()
    code, b = call("organization_create", {"id": oid, "name": f"org-x-{RUN}", "title": "Org X", "description": "desc",
                                           "image_url": "http://example.org/logo.png",
                                           "extras": [{"key": "ek", "value": "ev"}]})
    show("organization_create explicit UUID id (full response)", code, b)
    code, b = call("organization_create", {"id": "not-a-uuid", "name": f"org-y-{RUN}"}); show("organization_create non-UUID id", code, b)
    code, b = call("organization_create", {"name": f"org-x-{RUN}"}); show("organization_create name clash", code, b)
    code, b = call("organization_create", {"id": oid, "name": f"org-z-{RUN}"}); show("organization_create id clash", code, b)
    code, b = call("organization_show", {"id": oid}, get=True); show("organization_show", code, b)
    code, b = call("organization_show", {"id": f"org-x-{RUN}", "include_datasets": "true", "include_users": "true"}, get=True)
    print(f"\n--- organization_show include_datasets include_users keys: {sorted(res(b).keys())}")
    code, b = call("organization_patch", {"id": oid, "title": "Org X patched", "description": "new desc"})
    show("organization_patch title/description", code, b)
    code, b = call("organization_patch", {"id": oid, "name": f"org-x2-{RUN}"})
    print(f"\n--- organization_patch rename: HTTP {code} name={res(b).get('name') if code == 200 else b}")
    for i in range(27):
        call("organization_create", {"name": f"o{i:02d}-{RUN}"})
    code, b = call("organization_list", get=True)
    print(f"\n--- organization_list default: HTTP {code} -> {len(res(b))} items, first 3: {res(b)[:3]}")
    code, b = call("organization_list", {"all_fields": "true"}, get=True)
    print(f"--- organization_list all_fields=true: HTTP {code} -> {len(res(b)) if code == 200 else b} items; keys of [0]: "
          f"{sorted(res(b)[0].keys()) if code == 200 else ''}")
    code, b = call("organization_list", {"all_fields": "true", "limit": 100}, get=True)
    print(f"--- organization_list all_fields=true limit=100: HTTP {code} -> {len(res(b)) if code == 200 else b}")
    code, b = call("organization_list", {"limit": 5000}, get=True)
    print(f"--- organization_list limit=5000: HTTP {code} -> {len(res(b)) if code == 200 else b}")
    code, b = call("organization_list", {"all_fields": "true", "limit": 2, "offset": 1, "sort": "name asc"}, get=True)
    print(f"--- organization_list all_fields limit=2 offset=1: {[o['name'] for o in res(b)]}")
    code, b = call("organization_list", {"all_fields": "true", "limit": 1}, get=True)
    show("organization_list all_fields=true limit=1 (shape)", code, res(b))
    gid = uid()
    code, b = call("group_create", {"id": gid, "name": f"grp-x-{RUN}", "title": "Group X", "description": "gd"})
    show("group_create explicit UUID id", code, b)
    code, b = call("group_create", {"name": f"grp-x-{RUN}"}); show("group_create name clash", code, b)
    code, b = call("group_create", {"name": f"org-x2-{RUN}"}); show("group_create with an ORGANIZATION's name", code, b)
    code, b = call("group_show", {"id": gid}, get=True); show("group_show", code, b)
    code, b = call("group_show", {"id": oid}, get=True); print(f"\n--- group_show on an organization id: HTTP {code} {json.dumps(b)[:300]}")
    code, b = call("organization_show", {"id": gid}, get=True); print(f"--- organization_show on a group id: HTTP {code} {json.dumps(b)[:300]}")
    code, b = call("group_list", {"all_fields": "true"}, get=True)
    print(f"--- group_list all_fields: {len(res(b))} items; keys of [0]: {sorted(res(b)[0].keys())}")
    code, b = call("organization_delete", {"id": oid}); print(f"--- organization_delete: HTTP {code}")
    code, b = call("organization_show", {"id": oid}, get=True); print(f"--- organization_show after delete: HTTP {code} state={res(b).get('state') if code == 200 else b}")
    code, b = call("organization_list", {"all_fields": "true", "limit": 100}, get=True)
    print(f"--- deleted org in organization_list? {any(o['id'] == oid for o in res(b))}")
    code, b = call("organization_create", {"name": f"org-x2-{RUN}"}); show("organization_create with the name of a DELETED org", code,
                                                                         {"name": res(b)["name"]} if code == 200 else b)
    code, b = call("organization_purge", {"id": oid}); print(f"--- organization_purge: HTTP {code} {json.dumps(b)[:200]}")
    code, b = call("organization_show", {"id": oid}, get=True); print(f"--- organization_show after purge: HTTP {code} {json.dumps(b)}")
    code, b = call("organization_create", {"id": oid, "name": f"org-reborn-{RUN}"}); print(f"--- organization_create with purged id: HTTP {code}")

if "i" in ONLY:
    section("i. member_create and bulk_update_private")
    code, b = call("package_create", mini(name=f"mem-{RUN}")); mid = res(b)["id"]; mm0 = res(b)["metadata_modified"]
    time.sleep(1.1)
    code, b = call("member_create", {"id": GROUP, "object": mid, "object_type": "package", "capacity": "public"})
    show("member_create package->group", code, b)
    code, b = call("package_show", {"id": mid}, get=True)
    print(f"metadata_modified before/after member_create: {mm0} / {res(b)['metadata_modified']}; groups={[g['name'] for g in res(b)['groups']]}")
    code, b = call("package_search", {"q": f'id:"{mid}"', "fl": "id,groups,metadata_modified"}, get=True)
    print(f"search index after member_create: {res(b)['results']}")
    code, b = call("package_activity_list", {"id": mid}, get=True)
    print("activities:", [a["activity_type"] for a in res(b)])
    mm1 = None
    code, b = call("package_show", {"id": mid}, get=True); mm1 = res(b)["metadata_modified"]
    time.sleep(1.1)
    code, b = call("bulk_update_private", {"datasets": [mid], "org_id": ORG_ID})
    show("bulk_update_private", code, b)
    code, b = call("package_show", {"id": mid}, get=True)
    print(f"metadata_modified before/after bulk_update_private: {mm1} / {res(b)['metadata_modified']}; private={res(b)['private']}")
    code, b = call("package_activity_list", {"id": mid}, get=True)
    print("activities:", [a["activity_type"] for a in res(b)])
    time.sleep(1.1)
    code, b = call("member_delete", {"id": GROUP, "object": mid, "object_type": "package"})
    code2, b2 = call("package_show", {"id": mid}, get=True)
    print(f"member_delete: HTTP {code}; metadata_modified now {res(b2)['metadata_modified']}; groups={res(b2)['groups']}")
    code, b = call("package_owner_org_update", {"id": mid, "organization_id": f"org-reborn-{RUN}" if "h" in ONLY else ORG})
    code2, b2 = call("package_show", {"id": mid}, get=True)
    print(f"package_owner_org_update: HTTP {code}; metadata_modified now {res(b2)['metadata_modified']}")

if "j" in ONLY:
    section("j. dataset_purge then re-create with the same id")
    pid = uid(); rid = uid()
    code, b = call("package_create", mini(id=pid, name=f"purge-{RUN}", resources=[{"id": rid, "url": "http://x"}]))
    code, b = call("dataset_purge", {"id": pid}); show("dataset_purge", code, b)
    code, b = call("package_create", mini(id=pid, name=f"purge-{RUN}", resources=[{"id": rid, "url": "http://x"}]))
    print(f"package_create same id + same name + same resource id after purge: HTTP {code} id kept={res(b).get('id') == pid if code == 200 else b}")
    code, b = call("package_activity_list", {"id": pid}, get=True)
    print("activities of re-created package:", [(a["activity_type"], a["timestamp"]) for a in res(b)])
    # deleted (not purged) id reuse
    code, b = call("package_delete", {"id": pid})
    code, b = call("package_create", mini(id=pid, name=f"purge2-{RUN}")); show("package_create with id of a DELETED package", code, b)
    code, b = call("package_create", mini(resources=[{"id": rid, "url": "http://y"}]))
    print(f"package_create reusing a resource id of a DELETED package: HTTP {code} {json.dumps(b)[:300] if code != 200 else 'ok'}")

if "x" in ONLY:
    section("x. extra checks")
    zid = uid()
    code, b = call("package_create", mini(id=zid, metadata_modified="2021-02-03T04:05:06Z"))
    print(f"package_create metadata_modified=...Z: HTTP {code} {b.get('error', {}).get('__type') if isinstance(b, dict) else b}")
    code, b = call("package_show", {"id": zid}, get=True)
    print(f"  package_show of that id afterwards: HTTP {code} (404 = nothing stored)")
    code, b = call("package_create", mini(id=zid, metadata_modified="2021-02-03T04:05:06"))
    print(f"package_create metadata_modified without fraction: HTTP {code} mm={res(b).get('metadata_modified') if code == 200 else b}")
    code, b = call("package_create", mini(metadata_modified="2021-02-03T04:05:06.5"))
    print(f"package_create metadata_modified .5: HTTP {code} mm={res(b).get('metadata_modified') if code == 200 else b}")
    code, b = call("package_create", mini(metadata_modified="2021-02-03"))
    print(f"package_create metadata_modified date only: HTTP {code} mm={res(b).get('metadata_modified') if code == 200 else b}")
    # search dict vs package_show dict of a rich package
    rid = uid(); pid = uid()
    code, b = call("package_create", mini(id=pid, private=True, notes="n", tags=[{"name": "t1"}, {"name": "alpha", "vocabulary_id": VOCAB_ID}],
                                          extras=[{"key": "e", "value": "v"}], groups=[{"name": GROUP}],
                                          resources=[{"id": rid, "url": "http://x/y.csv", "created": "2018-03-04T05:06:07",
                                                      "metadata_modified": "2018-03-04T05:06:07", "extra_r": "r"}]))
    created = res(b)
    code, b = call("package_show", {"id": pid}, get=True); shown = res(b)
    code, b = call("package_search", {"q": f'id:"{pid}"', "include_private": "true"}, get=True); found = res(b)["results"][0]
    print("create==show:", created == shown, " search==show:", found == shown)
    for k in sorted(set(found) | set(shown)):
        if found.get(k) != shown.get(k):
            print("  search vs show differ on", k, ":", json.dumps(found.get(k))[:300], "|", json.dumps(shown.get(k))[:300])
    print("resource metadata_modified sent 2018-03-04T05:06:07 ->", shown["resources"][0]["metadata_modified"],
          " created ->", shown["resources"][0]["created"])
    # update that re-sends resources without 'created'
    upd = dict(shown, title="changed"); upd["resources"] = [{"id": rid, "url": "http://x/y.csv"}]
    code, b = call("package_update", upd); r0 = res(b)["resources"][0]
    print(f"package_update re-sending resource without created/extra_r: HTTP {code} created={r0.get('created')} "
          f"extra_r={r0.get('extra_r')} res.metadata_modified={r0.get('metadata_modified')}")
    # resource_create bumps package metadata_modified?
    mm = res(b)["metadata_modified"]; time.sleep(1.1)
    code, b = call("resource_create", {"package_id": pid, "url": "http://x/z.csv"})
    code, b = call("package_show", {"id": pid}, get=True)
    print(f"resource_create: package metadata_modified {mm} -> {res(b)['metadata_modified']}")
    # package_search q=id:<uuid> unquoted
    code, b = call("package_search", {"q": f"id:{pid}", "include_private": "true"}, get=True)
    print(f"package_search q=id:<uuid> unquoted: HTTP {code} count={res(b)['count'] if code == 200 else b}")
    # name lookups
    code, b = call("package_show", {"id": shown["name"]}, get=True)
    print(f"package_show by name: HTTP {code}")
    # vocabulary listing shape
    code, b = call("vocabulary_list", get=True)
    print("vocabulary_list:", json.dumps(res(b))[:600])
    code, b = call("vocabulary_show", {"id": VOCAB}, get=True)
    print("vocabulary_show by name: HTTP", code, "tags:", [t["name"] for t in res(b)["tags"]] if code == 200 else b)

if "k" in ONLY:
    section("k. timing")
    notes = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 55)[:3000]

    def realistic():
        return {"id": uid(), "name": f"t-{uuid.uuid4().hex}", "title": "Timing dataset", "owner_org": ORG, "notes": notes,
                "license_id": "cc-by",
                "tags": [{"name": f"tag{i}"} for i in range(10)],
                "extras": [{"key": f"extra_{i}", "value": f"value {i}"} for i in range(5)],
                "resources": [{"id": uid(), "url": f"http://example.org/r{i}.csv", "name": f"r{i}", "format": "CSV",
                               "description": "resource " * 20} for i in range(5)]}

    def worker(n, out):
        for _ in range(n):
            t = time.time(); code, b = call("package_create", realistic()); out.append((code, time.time() - t))

    n = args.timing_n
    for _ in range(2):
        call("package_create", realistic())  # warm-up
    for clients in (1, 3):
        out = []; t0 = time.time()
        th = [threading.Thread(target=worker, args=(n, out)) for _ in range(clients)]
        [t.start() for t in th]; [t.join() for t in th]
        el = time.time() - t0; lat = sorted(x[1] for x in out)
        print(f"{clients} client(s): {len(out)} creates in {el:.1f}s = {len(out) / el:.1f}/s; "
              f"latency median {lat[len(lat) // 2] * 1000:.0f} ms, p90 {lat[int(len(lat) * .9)] * 1000:.0f} ms; "
              f"non-200: {sum(1 for c, _ in out if c != 200)}")
    out = []; t0 = time.time()
    for _ in range(n):
        t = time.time(); call("package_search", {"q": "*:*", "rows": 100, "include_private": "true"}, get=True); out.append(time.time() - t)
    print(f"package_search rows=100 full dicts: median {sorted(out)[n // 2] * 1000:.0f} ms")
    out = []
    for _ in range(n):
        t = time.time(); call("package_search", {"q": "*:*", "rows": 1000, "fl": "id,metadata_modified", "include_private": "true"}, get=True)
        out.append(time.time() - t)
    print(f"package_search rows=1000 fl=id,metadata_modified: median {sorted(out)[n // 2] * 1000:.0f} ms")

# ------------------------------------------------------------------------------------------------- issue 9
def acts(limit=100, offset=0, token=TOKEN):
    q = {"offset": offset} if limit is None else {"limit": limit, "offset": offset}
    code, b = call("recently_changed_packages_activity_list", q, get=True, token=token)
    return code, (res(b) if code == 200 else b)


def kinds_for(pid, items):
    return [a["activity_type"] for a in items if a.get("object_id") == pid]


if "l" in ONLY:
    section("l. restore of a soft-deleted package (sysadmin)")
    pid = uid()
    code, b = call("package_create", mini(id=pid, groups=[{"name": GROUP}], resources=[{"id": uid(), "url": "http://example.org/r.csv"}]))
    created = res(b); name = created["name"]; print("create", code)
    code, b = call("package_delete", {"id": pid}); print("package_delete", code, json.dumps(b))
    code, b = call("package_show", {"id": pid}, get=True); d = res(b)
    print(f"package_show deleted (sysadmin): HTTP {code} state={d['state']} name==original:{d['name'] == name} groups={d['groups']} "
          f"metadata_modified unchanged:{d['metadata_modified'] == created['metadata_modified']}")
    code, b = call("package_show", {"id": pid}, get=True, token=None); show("package_show deleted, anonymous", code, b)
    for fq in (f'id:"{pid}"',):
        for extra in ({}, {"include_deleted": "true"}):
            q = {"q": "*:*", "fq": fq, "include_private": "true", "include_drafts": "true", **extra}
            code, b = call("package_search", q, get=True)
            print(f"package_search fq={fq} {extra}: HTTP {code} count={res(b)['count']}")
    code, b = call("package_create", mini(id=pid, name=name)); show("package_create same id + same name while deleted", code, b)
    code, b = call("package_revise", {"match": {"id": pid}, "update": {"state": "active", "title": "Revived by revise"}})
    r = res(b)["package"] if code == 200 else b
    print(f"package_revise match.id + update.state=active on the deleted package: HTTP {code}",
          json.dumps({k: r.get(k) for k in ("state", "title", "name", "metadata_modified")}) if code == 200 else json.dumps(b))
    code, b = call("package_delete", {"id": pid}); print("package_delete again", code)
    code, b = call("package_patch", {"id": pid, "state": "active"}); r = res(b)
    print(f"package_patch state=active: HTTP {code} state={r['state']} groups={r['groups']} mm={r['metadata_modified']}")
    code, b = call("package_search", {"q": "*:*", "fq": f'id:"{pid}"', "include_private": "true"}, get=True)
    print("  back in package_search:", res(b)["count"])
    code, b = call("package_delete", {"id": pid})
    shown = res(call("package_show", {"id": pid}, get=True)[1]); shown.pop("metadata_modified"); shown["state"] = "active"
    code, b = call("package_update", shown); r = res(b)
    print(f"package_update full dict with state=active: HTTP {code} state={r['state']} changed_entities={b.get('changed_entities')}")
    # a private package soft-deleted and revived keeps private
    ppid = uid(); call("package_create", mini(id=ppid, private=True)); call("package_delete", {"id": ppid})
    code, b = call("package_patch", {"id": ppid, "state": "active"})
    print(f"private package deleted then package_patch state=active: HTTP {code} private={res(b)['private']} state={res(b)['state']}")

if "m" in ONLY:
    section("m. activity stream (ckanext-activity): recently_changed_packages_activity_list, package_activity_list")
    code, items = acts(limit=2)
    print(f"recently_changed_packages_activity_list limit=2: HTTP {code}; item keys:",
          sorted(items[0].keys()) if items else items)
    if items:
        it = dict(items[0]); data = it.pop("data")
        print("  first item without data:", json.dumps(it))
        print("  data keys:", sorted(data.keys()), " data.package keys == package_show keys:",
              sorted(data["package"].keys()) if "package" in data else None)
    for i in range(105):
        call("package_create", mini())
    code, items = acts(limit=None); print("no limit -> len", len(items) if code == 200 else items)
    code, items = acts(limit=1000); print("limit=1000 -> len", len(items) if code == 200 else items)
    _, two = acts(limit=2); _, shifted = acts(limit=2, offset=1)
    print("offset=1 shifts by one:", two[1]["id"] == shifted[0]["id"])
    code, b = call("recently_changed_packages_activity_list", {"limit": -1}); show("limit=-1", code, b)
    code, b = call("recently_changed_packages_activity_list", {"limit": 5, "after": 4102444800}, get=True)
    print(f"after=<2100-01-01 epoch> (schema accepts it, the action ignores it?): HTTP {code} len={len(res(b)) if code == 200 else b}")
    code, b = call("recently_changed_packages_activity_list", {"limit": 5}, get=True, token=None)
    print(f"anonymous: HTTP {code} len={len(res(b)) if code == 200 else b}")
    pid = uid(); call("package_create", mini(id=pid))
    call("package_patch", {"id": pid, "title": "changed once"})
    call("package_patch", {"id": pid, "title": "changed once"})                       # no-op
    call("package_delete", {"id": pid})
    call("package_delete", {"id": pid})                                               # again
    _, items = acts(limit=20)
    print("create, patch, no-op patch, delete, delete again ->", kinds_for(pid, items), "(newest first)")
    print("  timestamps:", [a["timestamp"] for a in items if a.get("object_id") == pid])
    dele = [a for a in items if a.get("object_id") == pid and a["activity_type"] == "deleted package"]
    if dele:
        print("  deleted package activity: data.package.state =", dele[0]["data"]["package"]["state"],
              " permission_labels =", dele[0].get("permission_labels"))
    call("package_patch", {"id": pid, "state": "active"}); call("package_delete", {"id": pid})
    _, items = acts(limit=20)
    print("then restore + delete again ->", kinds_for(pid, items))
    call("dataset_purge", {"id": pid})
    _, items = acts(limit=20)
    print("then dataset_purge ->", kinds_for(pid, items), "(activities of the purged package stay)")
    code, b = call("package_activity_list", {"id": pid}, get=True); show("package_activity_list of the purged package", code, b)
    priv = uid(); call("package_create", mini(id=priv, private=True)); call("package_delete", {"id": priv})
    _, items = acts(limit=10)
    print("private package create+delete, sysadmin sees ->", kinds_for(priv, items))
    code, b = call("recently_changed_packages_activity_list", {"limit": 10}, get=True, token=None)
    print("  anonymous sees ->", kinds_for(priv, res(b)) if code == 200 else (code, b))
    bulk = uid(); call("package_create", mini(id=bulk))
    call("bulk_update_private", {"datasets": [bulk], "org_id": ORG_ID})
    _, items = acts(limit=10); print("bulk_update_private ->", kinds_for(bulk, items))
    dr = uid(); call("package_create", mini(id=dr)); call("package_patch", {"id": dr, "state": "deleted"})
    _, items = acts(limit=10); print("package_patch state=deleted ->", kinds_for(dr, items))
    code, b = call("package_activity_list", {"id": dr, "activity_types": ["deleted package"]})
    print(f"package_activity_list activity_types=[deleted package] (POST): HTTP {code}", [a["activity_type"] for a in res(b)] if code == 200 else b)
    code, b = call("package_activity_list", {"id": dr, "limit": 1}, get=True)
    print("package_activity_list of a deleted package, sysadmin: HTTP", code, [a["activity_type"] for a in res(b)] if code == 200 else b)

if "n" in ONLY:
    section("n. organization_purge / group_purge with datasets")
    o1 = f"porg-{RUN}"; o1id = res(call("organization_create", {"name": o1, "title": "Purge me"})[1])["id"]
    pid = uid(); call("package_create", {"id": pid, "name": f"in-{RUN}", "owner_org": o1})
    code, b = call("organization_purge", {"id": o1}); show("organization_purge of an org with an active dataset", code, b)
    code, b = call("package_show", {"id": pid}, get=True)
    print("  dataset afterwards:", code, json.dumps({k: res(b).get(k) for k in ("owner_org", "organization", "state")}) if code == 200 else b)
    call("package_delete", {"id": pid})
    code, b = call("organization_purge", {"id": o1}); show("organization_purge once its only dataset is deleted", code, b)
    code, b = call("package_show", {"id": pid}, get=True)
    print("  deleted dataset afterwards:", code, json.dumps({k: res(b).get(k) for k in ("owner_org", "state")}) if code == 200 else b)
    code, b = call("organization_show", {"id": o1}, get=True); show("organization_show of the purged org", code, b)
    code, b = call("package_create", {"id": uid(), "name": f"new-{RUN}", "owner_org": o1}); show("package_create into the purged org (by name)", code, b)
    code, b = call("package_create", {"id": uid(), "name": f"new2-{RUN}", "owner_org": o1id}); show("package_create into the purged org (by id)", code, b)
    code, b = call("organization_create", {"id": o1id, "name": o1, "title": "Purge me"}); print("organization_create again with the same id and name:", code)
    g1 = f"pgrp-{RUN}"; call("group_create", {"name": g1, "title": "Group purge"})
    gp = uid(); created = res(call("package_create", {"id": gp, "name": f"ing-{RUN}", "owner_org": ORG, "groups": [{"name": g1}]})[1])
    code, b = call("group_purge", {"id": g1}); show("group_purge with a member dataset", code, b)
    code, b = call("package_show", {"id": gp}, get=True)
    print(f"  member afterwards: groups={res(b)['groups']} metadata_modified unchanged={res(b)['metadata_modified'] == created['metadata_modified']}")
    code, b = call("package_search", {"q": "*:*", "fq": f'id:"{gp}"', "fl": "id,groups"}, get=True)
    print("  its search document:", json.dumps(res(b)["results"]))
    code, b = call("package_create", {"id": uid(), "name": f"ing2-{RUN}", "owner_org": ORG, "groups": [{"name": g1}]})
    print(f"package_create naming the purged group: HTTP {code} groups={res(b)['groups'] if code == 200 else b}")

if "o" in ONLY:
    section("o. metadata_modified set by a sysadmin (future), package_search sort desc + fl")
    pid = uid(); call("package_create", mini(id=pid))
    code, b = call("package_patch", {"id": pid, "metadata_modified": "2999-01-01T00:00:00"})
    print(f"package_patch with only metadata_modified=2999-01-01T00:00:00: HTTP {code} -> {res(b)['metadata_modified'] if code == 200 else b}")
    code, b = call("package_show", {"id": pid}, get=True); print("  package_show:", res(b)["metadata_modified"])
    code, b = call("package_patch", {"id": pid, "title": "future", "metadata_modified": "2999-01-01T00:00:00"})
    print(f"package_patch title + metadata_modified=2999: HTTP {code} -> {res(b)['metadata_modified']}")
    other = uid(); call("package_create", mini(id=other))
    q = {"q": "*:*", "sort": "metadata_modified desc", "rows": 2, "fl": "id,metadata_modified",
         "include_private": "true", "include_drafts": "true"}
    code, b = call("package_search", q, get=True); show("package_search sort=metadata_modified desc rows=2 fl=id,metadata_modified", code, b)
    code, b = call("package_search", dict(q, fl="id,metadata_modified,state,capacity,name"), get=True)
    print("  fl=id,metadata_modified,state,capacity,name ->", json.dumps(res(b)["results"][0]))
    code, b = call("package_search", {"q": "*:*", "fq": "metadata_modified:[NOW+1DAY TO *]", "fl": "id,metadata_modified",
                                      "include_private": "true"}, get=True)
    print(f"fq=metadata_modified:[NOW+1DAY TO *] (Solr date math): HTTP {code}", json.dumps(res(b)) if code == 200 else b)
    code, b = call("package_patch", {"id": pid, "title": "ordinary edit of the future package"})
    print(f"package_patch title only on the future package: metadata_modified -> {res(b)['metadata_modified']}")
    code, b = call("package_patch", {"id": other, "metadata_modified": "2999-01-01T00:00:00", "title": "zone"})
    code2, b2 = call("package_patch", {"id": other, "metadata_modified": "2999-01-01T00:00:00Z"})
    print(f"package_patch metadata_modified with Z: HTTP {code2} {json.dumps(b2)[:300]}")

if "p" in ONLY:
    section("p. a deterministic Solr error: an immense term")
    big = "x" * 40000
    for field, extra in (("title", {"title": big}), ("url", {"url": "http://example.org/" + big}),
                         ("extras value", {"extras": [{"key": "blob", "value": big}]}),
                         ("resource url", {"resources": [{"url": "http://e.org/" + big}]}),
                         ("notes", {"notes": big}), ("author", {"author": big}), ("maintainer", {"maintainer": big})):
        pid = uid()
        code, b = call("package_create", mini(id=pid, **extra))
        print(f"\n--- package_create with a 40,000-character {field}: HTTP {code}")
        print(json.dumps(b)[:1500] if code != 200 else "ok")
        if code == 500:
            print("  md5(id + site_id) =", hashlib.md5((pid + args.site_id).encode()).hexdigest())
        c2, _ = call("package_show", {"id": pid}, get=True); print("  package_show afterwards:", c2)
    pid = uid(); call("package_create", mini(id=pid))
    code, b = call("package_patch", {"id": pid, "title": big})
    print(f"\n--- package_patch title 40,000 characters on an existing package: HTTP {code} {json.dumps(b)[:400]}")
    code, b = call("package_show", {"id": pid}, get=True); print("  title length afterwards:", len(res(b)["title"]))
    code, b = call("package_revise", {"match": {"id": pid}, "update": {"title": big}})
    print(f"--- package_revise title 40,000 characters: HTTP {code} {json.dumps(b)[:400]}")

if "q" in ONLY:
    section("q. wrong URLs and response headers (what a client sees)")
    def raw(url, data=None, token=TOKEN):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = token
        req = urllib.request.Request(url, data=json.dumps(data or {}).encode(), headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                return r.status, dict(r.headers), r.read().decode()[:200]
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read().decode()[:200]
    for path in ("/api/3/action/config_option_list", "/api/3/action/api/3/action/config_option_list",
                 "/api/3/action/no_such_action", "/nothing/here"):
        code, headers, body = raw(BASE + path)
        if "Set-Cookie" in headers:   # a session cookie stays out of what we keep: its name and shape are enough
            headers["Set-Cookie"] = headers["Set-Cookie"][:12] + "...(redacted)..." + headers["Set-Cookie"][headers["Set-Cookie"].index(";"):]
        print(f"\n--- POST {path}: HTTP {code}\n  headers: {json.dumps(headers)}\n  body: {body[:60]!r}...")
    for path in ("/nothing/here", "/api/3/action/api/3/action/config_option_list"):
        try:
            with urllib.request.urlopen(BASE + path, timeout=60) as r:
                print(f"\n--- GET {path}: HTTP {r.status}")
        except urllib.error.HTTPError as e:
            print(f"\n--- GET {path}: HTTP {e.code} {e.headers.get('Content-Type')} Set-Cookie: {(e.headers.get('Set-Cookie') or '-')[:12]}...")
    code, headers, body = raw(BASE + "/api/3/action/config_option_list", token=None)
    print(f"\n--- POST config_option_list without token: HTTP {code}\n  headers: {json.dumps(headers)}")

print("\nPROBE DONE")
