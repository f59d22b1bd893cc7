#!/usr/bin/env python3
"""Writes a folder as a one-layer image in `docker save` format (manifest.json, the image config, layer.tar).

   docker_archive.py ROOTFS OUT.tar

Files are owned by root except /var/lib/ckan-sync (65532, the image's user); /tmp is world-writable (1777).
"""
import hashlib, io, json, os, sys, tarfile

USER = 65532
ROOTFS, OUT = sys.argv[1], sys.argv[2]


def layer_bytes():
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path, dirs, files in os.walk(ROOTFS):
            dirs.sort()
            for name in [""] + sorted(files) + sorted(d for d in dirs if os.path.islink(os.path.join(path, d))):
                full = os.path.join(path, name) if name else path
                rel = os.path.relpath(full, ROOTFS)
                if rel == ".":
                    continue
                info = tar.gettarinfo(full, arcname=rel)
                info.uid = info.gid = 0
                info.uname = info.gname = "root"
                info.mtime = 0
                if rel == "var/lib/ckan-sync":
                    info.uid = info.gid = USER
                    info.uname = info.gname = "ckan-sync"
                    info.mode = 0o750
                if rel == "tmp":
                    info.mode = 0o1777
                if info.isfile():
                    with open(full, "rb") as f:
                        tar.addfile(info, f)
                else:
                    tar.addfile(info)
    return buf.getvalue()


layer = layer_bytes()
diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
config = {
    "architecture": "amd64",
    "os": "linux",
    "created": "1970-01-01T00:00:00Z",
    "config": {
        "Env": ["PATH=/opt/java/bin:/usr/bin:/bin", "JAVA_HOME=/opt/java"],
        "User": str(USER),
        "WorkingDir": "/var/lib/ckan-sync",
    },
    "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "deploy/image/base-image.sh"}],
}
config_bytes = json.dumps(config, sort_keys=True).encode()
config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
manifest = [{"Config": config_name, "RepoTags": ["ckan-sync-base:local"], "Layers": ["layer.tar"]}]
with tarfile.open(OUT, "w") as out:
    for name, data in [(config_name, config_bytes), ("layer.tar", layer),
                       ("manifest.json", json.dumps(manifest).encode())]:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        out.addfile(info, io.BytesIO(data))
