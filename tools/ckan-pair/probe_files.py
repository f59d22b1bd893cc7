#!/usr/bin/env python3
"""Probe how a real CKAN stores, shows and serves uploaded resource files (FACTS.md "Uploaded files").

Usage: probe_files.py --base http://127.0.0.1:5003 --token-file $BASE/c/api-token.txt [--only u1,u2,...]
Creates its own organization and datasets (names end in a random suffix); run reset.py afterwards.
Standard library only (helpers in probe_http.py).
"""
import os, sys, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from probe_http import SUFFIX, call, download, multipart, res_view, show, want  # noqa: E402

ORG = f"files-org-{SUFFIX}"
call("organization_create", {"name": ORG, "id": str(uuid.uuid4())})


def dataset(name, private=False, resources=None):
    s, r = call("package_create", {"id": str(uuid.uuid4()), "name": f"{name}-{SUFFIX}", "owner_org": ORG,
                                   "private": private, "resources": resources or []})
    assert s == 200, r
    return r["result"]


CSV = b"station,value\nA1,3.5\nB2,4.25\n"

if want("u1"):
    pkg = dataset("upload")
    s, r = multipart("resource_create", {"package_id": pkg["id"], "name": "Readings", "format": "CSV",
                                         "description": "first file"}, "readings 2024.csv", CSV)
    show(f"u1 resource_create multipart -> {s}", r)
    res = r["result"]
    s, shown = call("package_show", {"id": pkg["id"]})
    show("u1 package_show resource", res_view(shown["result"]["resources"][0]))
    s, found = call("package_search", {"q": f"id:{pkg['id']}", "rows": 1})
    show("u1 package_search resource", res_view(found["result"]["results"][0]["resources"][0]))
    show("u1 download anonymous (public dataset)", download(res["url"], token=False))
    ondisk = [os.path.join(d, f) for d, _, fs in os.walk(os.path.join(os.environ.get("PROBE_STORAGE", "/nonexistent"), "resources")) for f in fs]
    show("u1 files under $PROBE_STORAGE/resources", ondisk)

    # u2: replace the file: resource_update (full) and resource_patch (partial), each multipart
    s, r = multipart("resource_update", {"id": res["id"], "name": "Readings", "format": "CSV"},
                     "readings 2025.csv", CSV + b"C3,5.0\n")
    show(f"u2 resource_update multipart (new file) -> {s}", res_view(r["result"]) if s == 200 else r)
    s, r = multipart("resource_patch", {"id": res["id"]}, "readings 2025.csv", CSV + b"C3,5.0\nD4,6.5\n")
    show(f"u2 resource_patch multipart (new file, only id) -> {s}", res_view(r["result"]) if s == 200 else r)
    show("u2 download after patch", download(r["result"]["url"], token=False))
    old = res["url"]
    show("u2 the first file's URL after the replacement (file name changed)", download(old, token=False))

    # u3: size / last_modified / hash sent together with a file
    s, r = multipart("resource_patch", {"id": res["id"], "size": "5", "last_modified": "2020-01-02T03:04:05",
                                        "hash": "sha256:given"}, "readings 2025.csv", CSV)
    show(f"u3 resource_patch multipart with size=5, last_modified, hash -> {s}", res_view(r["result"]) if s == 200 else r)

    # u4: a JSON package_update that re-sends package_show's dict (full download URL) unchanged
    s, shown = call("package_show", {"id": pkg["id"]})
    before = shown["result"]
    s, r = call("package_update", before)
    show(f"u4 package_update with package_show's dict -> {s}", res_view(r["result"]["resources"][0]) if s == 200 else r)
    # and a JSON resource_patch that only changes the description keeps the file
    s, r = call("resource_patch", {"id": res["id"], "description": "edited"})
    show(f"u4 JSON resource_patch description -> {s}", res_view(r["result"]) if s == 200 else r)
    show("u4 download after JSON patch", download(r["result"]["url"], token=False))
    # JSON resource_patch with url_type '' and an external url: the resource stops being an upload
    s, r = call("resource_patch", {"id": res["id"], "url": "https://example.org/x.csv", "url_type": ""})
    show(f"u4 JSON resource_patch url_type='' + external url -> {s}", res_view(r["result"]) if s == 200 else r)

if want("u5"):
    # u5: package_create carrying url_type=upload and A's download URL, no file; then a file via resource_patch
    rid = str(uuid.uuid4())
    a_url = f"http://127.0.0.1:1/dataset/aaa/resource/{rid}/download/station%20list.csv"
    pkg = dataset("no-file", resources=[{"id": rid, "name": "Stations", "url": a_url, "url_type": "upload",
                                         "format": "CSV", "size": 999, "last_modified": "2021-05-06T07:08:09",
                                         "hash": "md5:aaa"}])
    show("u5 package_create with url_type=upload, no file: stored resource", res_view(pkg["resources"][0]))
    show("u5 download before any file", download(pkg["resources"][0]["url"], token=True))
    s, r = multipart("resource_patch", {"id": rid}, "station list.csv", CSV)
    show(f"u5 resource_patch multipart onto that resource -> {s}", res_view(r["result"]) if s == 200 else r)
    show("u5 download after the patch", download(r["result"]["url"], token=False))
    # package_revise with a url_type=upload resource, no file
    rid2 = str(uuid.uuid4())
    s, shown = call("package_show", {"id": pkg["id"]})
    s, r = call("package_revise", {"match": {"id": pkg["id"]}, "update": {"resources": shown["result"]["resources"] + [
        {"id": rid2, "name": "More", "url": "more.csv", "url_type": "upload"}]}})
    show(f"u5 package_revise adding url_type=upload without file -> {s}",
         res_view(r["result"]["package"]["resources"][1]) if s == 200 else r)
    # multipart package_create: top-level form fields only (resources cannot be nested in a form)
    s, r = multipart("package_create", {"name": f"multi-{SUFFIX}", "owner_org": ORG}, "x.csv", CSV)
    show(f"u5 package_create as multipart with an upload part -> {s}",
         {k: r["result"].get(k) for k in ("name", "num_resources", "resources")} if s == 200 else r)

if want("u6"):
    # u6: a private dataset's file: anonymous, sysadmin token, and an ordinary user's token
    pkg = dataset("private-upload", private=True)
    s, r = multipart("resource_create", {"package_id": pkg["id"], "name": "Secret"}, "secret.csv", CSV)
    url = r["result"]["url"]
    show("u6 private dataset: resource url", url)
    show("u6 download anonymous", download(url, token=False))
    show("u6 download sysadmin token", download(url, token=True))
    s, u = call("user_create", {"name": f"plain-{SUFFIX}", "email": f"p{SUFFIX}@example.org",
                                "password": "Plain-pass-123456"})
    show("u6 download with a non-member user's token: see FACTS (needs a user token; skipped here)", s)

if want("u7"):
    # u7: the resource id of B is the same as A's after create + patch; hashes and deleted resources
    pkg = dataset("limits")
    s, r = multipart("resource_create", {"package_id": pkg["id"], "name": "Empty"}, "empty.csv", b"")
    show(f"u7 resource_create with an empty file -> {s}", res_view(r["result"]) if s == 200 else r)
    s, r = multipart("resource_create", {"package_id": pkg["id"], "name": "No name"}, "", CSV)
    show(f"u7 resource_create with a file part without filename -> {s}", res_view(r["result"]) if s == 200 else r)
    s, r = multipart("resource_create", {"package_id": pkg["id"], "name": "Weird", "url": "ignored.txt"},
                     "../../etc/Pass wd (1).CSV", CSV)
    show(f"u7 resource_create with a path-like file name and a url field -> {s}", res_view(r["result"]) if s == 200 else r)
