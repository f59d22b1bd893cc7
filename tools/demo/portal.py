#!/usr/bin/env python3
"""Small CKAN Action API helper for the demo: seed a portal from sample-catalogue.json, or make user edits."""
import json, sys, urllib.request, urllib.error, uuid, pathlib

def call(base, token, action, data):
    req = urllib.request.Request(f"{base}/api/3/action/{action}", data=json.dumps(data).encode(),
                                 headers={"Authorization": token, "Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.load(r)["result"]
    except urllib.error.HTTPError as e:
        raise SystemExit(f"{action} on {base} failed: HTTP {e.code} {e.read().decode()[:300]}")

def seed(base, token):
    cat = json.loads((pathlib.Path(__file__).parent / "sample-catalogue.json").read_text())
    vocab_ids = {}
    for v in cat["vocabularies"]:
        res = call(base, token, "vocabulary_create", {"name": v["name"], "tags": [{"name": t} for t in v["tags"]]})
        vocab_ids[v["name"]] = res["id"]
    for o in cat["organizations"]:
        call(base, token, "organization_create", dict(o, id=str(uuid.uuid4())))
    for g in cat["groups"]:
        call(base, token, "group_create", dict(g, id=str(uuid.uuid4())))
    for d in cat["datasets"]:
        d = dict(d, id=str(uuid.uuid4()))
        d["tags"] = [{"name": t["name"], "vocabulary_id": vocab_ids[t["vocabulary"]]} if "vocabulary" in t else t
                     for t in d.get("tags", [])]
        d["resources"] = [dict(r, id=str(uuid.uuid4())) for r in d.get("resources", [])]
        call(base, token, "package_create", d)
    print(f"seeded {base}: {len(cat['organizations'])} organizations, {len(cat['groups'])} groups, "
          f"{len(cat['datasets'])} datasets ({sum(1 for d in cat['datasets'] if d.get('private'))} private)")

def form_edit(pkg):
    """What the web form sends: no timestamps (a sysadmin sending metadata_modified back keeps the old one on 2.12)."""
    pkg.pop("metadata_modified", None)
    pkg.pop("metadata_created", None)
    return pkg

def edit_source(base, token):
    """A's editors: retitle the air quality dataset, move its CSV, add a dataset."""
    pkg = form_edit(call(base, token, "package_show", {"id": "air-quality-hourly"}))
    pkg["title"] = "Air quality, hourly measurements (validated)"
    pkg["resources"][0]["url"] = "https://data.example.org/air/2026-validated.csv"
    call(base, token, "package_update", pkg)
    call(base, token, "package_create", {"id": str(uuid.uuid4()), "name": "pollen-forecast", "title": "Pollen forecast",
         "owner_org": "environment-agency", "notes": "Daily pollen forecast for birch, grass and ragweed.",
         "license_id": "cc-by", "tags": [{"name": "pollen"}, {"name": "forecast"}], "groups": [{"name": "health"}],
         "resources": [{"id": str(uuid.uuid4()), "name": "Forecast (JSON)", "url": "https://data.example.org/pollen.json", "format": "JSON"}]})
    print("A: air-quality-hourly retitled and its CSV moved; pollen-forecast created")

def edit_target(base, token):
    """B's editors: improve the description of the same dataset and tag it."""
    pkg = form_edit(call(base, token, "package_show", {"id": "air-quality-hourly"}))
    pkg["notes"] = pkg["notes"] + "\n\nNational portal note: also published in the national air quality index."
    pkg["tags"].append({"name": "national-index"})
    call(base, token, "package_update", pkg)
    print("B: air-quality-hourly got a national note and the tag national-index")

if __name__ == "__main__":
    cmd, base, token_file = sys.argv[1], sys.argv[2], sys.argv[3]
    token = pathlib.Path(token_file).read_text().strip()
    {"seed": seed, "edit-source": edit_source, "edit-target": edit_target}[cmd](base, token)
