"""Shared helpers of probe_files.py and probe_scheming.py: arguments, JSON and multipart calls, printing.

Standard library only: the multipart bodies are built here, the way a browser or `curl -F` sends them.
"""
import argparse, json, urllib.error, urllib.request, uuid

ap = argparse.ArgumentParser()
ap.add_argument("--base", required=True)
ap.add_argument("--token-file", required=True)
ap.add_argument("--only", default="")
args, _ = ap.parse_known_args()
BASE = args.base.rstrip("/")
TOKEN = open(args.token_file).read().strip()
ONLY = set(filter(None, args.only.split(",")))
SUFFIX = uuid.uuid4().hex[:6]


def show(label, obj):
    print(f"--- {label}")
    print(json.dumps(obj, indent=1, sort_keys=True) if not isinstance(obj, str) else obj)


def request(url, data=None, headers=None, method=None, token=True, token_value=None):
    h = dict(headers or {})
    if token:
        h["Authorization"] = token_value or TOKEN
    req = urllib.request.Request(url, data=data, headers=h, method=method)
    try:
        with urllib.request.urlopen(req, timeout=300) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def call(action, data, token=True, base=None, token_value=None):
    """POSTs JSON to --base (or `base` with `token_value`); returns (status, parsed envelope)."""
    status, _, body = request(f"{base or BASE}/api/3/action/{action}", json.dumps(data).encode(),
                              {"Content-Type": "application/json"}, "POST", token, token_value)
    return status, json.loads(body)


def multipart(action, fields, filename, content, token=True):
    """POST fields plus one file part named `upload` as multipart/form-data."""
    boundary = "----probe" + uuid.uuid4().hex
    parts = []
    for k, v in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode())
    if filename is not None:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; filename="{filename}"\r\n'
                     f'Content-Type: application/octet-stream\r\n\r\n'.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    status, _, body = request(f"{BASE}/api/3/action/{action}", b"".join(parts),
                              {"Content-Type": f"multipart/form-data; boundary={boundary}"}, "POST", token)
    try:
        return status, json.loads(body)
    except ValueError:
        return status, body.decode(errors="replace")


def res_view(r):
    keys = ["id", "url", "url_type", "size", "hash", "last_modified", "mimetype", "name", "format", "created",
            "metadata_modified"]
    return {k: r.get(k) for k in keys if k in r}


def download(url, token):
    status, headers, body = request(url, token=token)
    keep = {k: v for k, v in headers.items() if k.lower() in ("content-type", "content-length", "content-disposition",
                                                               "last-modified", "etag", "location", "accept-ranges")}
    return {"status": status, "headers": keep, "body": body[:60].decode(errors="replace")}


def want(section):
    return not ONLY or section in ONLY
