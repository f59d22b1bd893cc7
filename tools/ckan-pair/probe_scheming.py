#!/usr/bin/env python3
"""Probe what ckanext-scheming (and ckanext-spatial) do to the Action API (FACTS.md "Extensions").

Usage (harness up with EXTENSIONS=scheming,spatial):
  probe_scheming.py --base http://127.0.0.1:5001 --token-file $BASE/a/api-token.txt \
                    --v1-base http://127.0.0.1:5003 --v1-token-file $BASE/c/api-token.txt [--only s1,s2,...]
--base runs scheming/dataset.json + station.json, --v1-base the older edition scheming/dataset-v1.json.
Creates its own organization and datasets (names end in a random suffix); run reset.py afterwards.
"""
import argparse, json, os, sys, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from probe_http import SUFFIX, call, multipart, res_view, show, want  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--v1-base", required=True)
ap.add_argument("--v1-token-file", required=True)
args, _ = ap.parse_known_args()
V1 = args.v1_base.rstrip("/")
V1_TOKEN = open(args.v1_token_file).read().strip()
ORG = f"schema-org-{SUFFIX}"
for base, tok in ((None, None), (V1, V1_TOKEN)):
    call("organization_create", {"name": ORG, "id": str(uuid.uuid4())}, base=base, token_value=tok)

CUSTOM = {
    "update_frequency": "daily",
    "data_steward": "Water team",
    "temporal_start": "2019-04-01",
    "contact_points": [{"name": "Ann Example", "email": "ann@example.org", "role": "owner"},
                       {"name": "Helpdesk", "email": "help@example.org", "role": "helpdesk"}],
    "quality_note": "gaps in 2020",
}
POINT = '{"type": "Point", "coordinates": [4.89, 52.37]}'


def dataset(name, **fields):
    d = {"id": str(uuid.uuid4()), "name": f"{name}-{SUFFIX}", "owner_org": ORG}
    d.update(fields)
    return d


def attempt(label, action, data, base=None, tok=None):
    s, r = call(action, data, base=base, token_value=tok)
    show(f"{label} -> {s}", r if s != 200 else "200 (accepted)")
    return s, r


def exists(ident, base=None, tok=None):
    s, _ = call("package_show", {"id": ident}, base=base, token_value=tok)
    return s


def custom_view(pkg):
    keys = ["type", "update_frequency", "data_steward", "temporal_start", "contact_points", "quality_note",
            "station_code", "measured_quantity", "sensors", "spatial", "extras", "metadata_modified"]
    return {k: pkg.get(k, "<absent>") for k in keys}


if want("s1"):
    d = dataset("scheming-full", **CUSTOM, extras=[{"key": "source", "value": "sensor network"}],
                tags=[{"name": "water"}], resources=[{"name": "x", "url": "https://example.org/x.csv"}])
    s, r = call("package_create", d)
    show(f"s1 package_create type=dataset with every custom field -> {s}", custom_view(r["result"]))
    s, shown = call("package_show", {"id": d["id"]})
    show("s1 package_show", custom_view(shown["result"]))
    s, found = call("package_search", {"q": f"id:{d['id']}", "rows": 1})
    show("s1 package_search result", custom_view(found["result"]["results"][0]))
    s, again = call("package_update", dict(shown["result"]))
    show("s1 package_update with package_show's dict: metadata_modified before/after",
         [shown["result"]["metadata_modified"], again["result"]["metadata_modified"]])
    s, rev = call("package_revise", {"match": {"id": d["id"]}, "update": {"contact_points": [
        {"name": "Bob Example", "email": "bob@example.org", "role": "publisher"}]}})
    show(f"s1 package_revise replacing contact_points -> {s}",
         rev["result"]["package"]["contact_points"] if s == 200 else rev)
    s, plain = call("package_create", dataset("scheming-plain", tags=[{"name": "plain"}],
                                              extras=[{"key": "frequency", "value": "daily"}]))
    show(f"s1 a plain dataset (no custom field) under scheming -> {s}", sorted(plain["result"].keys()))

if want("s2"):
    d = dataset("station", type="sensor-station", title="Station Rhine 1", station_code="RH-001",
                measured_quantity="river-level", spatial=POINT,
                sensors=[{"model": "LevelPro 3", "serial": "LP-77", "installed": "2022-03-01"},
                         {"model": "LevelPro 2"}])
    s, r = call("package_create", d)
    show(f"s2 package_create type=sensor-station -> {s}", custom_view(r["result"]) if s == 200 else r)
    s, up = multipart("resource_create", {"package_id": d["id"], "name": "Levels"}, "levels.csv", b"t,level\n1,2\n")
    show("s2 uploaded file of a sensor-station dataset", res_view(up["result"]) if s == 200 else up)

if want("s3"):
    attempt("s3 bad choice update_frequency=hourly", "package_create", dataset("bad-choice", update_frequency="hourly"))
    attempt("s3 sensor-station without required fields", "package_create", dataset("no-req", type="sensor-station"))
    attempt("s3 subfield without its required model", "package_create",
            dataset("no-model", type="sensor-station", station_code="X", measured_quantity="no2",
                    sensors=[{"serial": "only"}]))
    attempt("s3 bad choice inside a subfield (role=boss)", "package_create",
            dataset("bad-role", contact_points=[{"name": "N", "role": "boss"}]))
    attempt("s3 bad date", "package_create", dataset("bad-date", temporal_start="first of May"))
    attempt("s3 unknown dataset type", "package_create", dataset("no-type", type="no-such-type"))
    d = dataset("unknown-top", favourite_colour="blue")
    attempt("s3 unknown top-level field favourite_colour", "package_create", d)
    s, r = call("package_show", {"id": d["id"]})
    show("s3 ... stored as", r["result"].get("favourite_colour", "<absent>") if s == 200 else r)
    d = dataset("unknown-sub", contact_points=[{"name": "N", "phone": "123"}])
    attempt("s3 unknown subfield key phone", "package_create", d)
    attempt("s3 extra whose key is a scheming field", "package_create",
            dataset("extra-clash", extras=[{"key": "update_frequency", "value": "daily"}]))
    d = dataset("bad-spatial", extras=[{"key": "spatial", "value": "{not json"}])
    attempt("s3 spatial extra that is not JSON", "package_create", d)
    show("s3 ... package_show after that refused create", exists(d["id"]))
    d = dataset("bad-geojson", extras=[{"key": "spatial", "value": '{"type": "Point", "coordinates": "x"}'}])
    attempt("s3 spatial extra that is not valid GeoJSON", "package_create", d)
    show("s3 ... package_show after that refused create", exists(d["id"]))
    d = dataset("good-spatial", extras=[{"key": "spatial", "value": POINT}])
    s, r = attempt("s3 valid spatial extra", "package_create", d)
    s, u = call("package_patch", {"id": d["id"], "extras": [{"key": "spatial", "value": "nope"}]})
    show(f"s3 package_patch to a bad spatial extra -> {s}", u)
    s, r = call("package_show", {"id": d["id"]})
    show("s3 ... spatial extra after the refused patch", r["result"]["extras"])

if want("s4"):
    # A's dataset (edition 2) sent to a portal running edition 1 of the schema
    for label, fields in (("quality_note (unknown field)", {"quality_note": "gaps"}),
                          ("update_frequency=continuous (choice it lacks)", {"update_frequency": "continuous"}),
                          ("contact role (subfield it lacks)", {"contact_points": [{"name": "N", "role": "owner"}]}),
                          ("sensor-station dataset", {"type": "sensor-station", "station_code": "S",
                                                      "measured_quantity": "pm10"})):
        d = dataset("to-v1", **fields)
        d["name"] = f"v1-{uuid.uuid4().hex[:8]}"
        s, r = attempt(f"s4 edition-1 portal gets {label}", "package_create", d, V1, V1_TOKEN)
        if s == 200:
            show("s4 ... stored as", custom_view(r["result"]))
