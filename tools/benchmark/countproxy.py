#!/usr/bin/env python3
"""A counting reverse proxy in front of one CKAN portal (standard library only).

  countproxy.py --listen 5131 --target http://127.0.0.1:5121 --name a --log calls-a.jsonl

Forwards every request unchanged to the portal (keep-alive towards both sides) and appends one JSON line per
request to the log: {"t": epoch seconds at arrival, "portal", "method", "action", "status", "ms"}. The
freshness benchmark points ckan-sync at two of these, so that every call it makes (start-up checks included,
which its own run counters leave out) is counted per action and per run. Headers and bodies are never logged:
the Authorization header carries a sysadmin token.
"""
import argparse, http.client, json, threading, time, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
       "transfer-encoding", "upgrade", "host", "content-length"}


def make_handler(target, name, log):
    host, port = target.hostname, target.port or 80
    lock = threading.Lock()
    local = threading.local()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def _forward(self):
            t0 = time.time()
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP}
            path = self.path
            status, data, rh = 502, b"", []
            for attempt in range(2):      # the portal may have closed an idle keep-alive connection
                conn = getattr(local, "conn", None) or http.client.HTTPConnection(host, port, timeout=600)
                local.conn = conn
                try:
                    conn.request(self.command, path, body=body, headers=headers)
                    r = conn.getresponse()
                    status, data, rh = r.status, r.read(), r.getheaders()
                    break
                except (http.client.HTTPException, OSError):
                    conn.close()
                    local.conn = None
                    if attempt == 1:
                        status, data, rh = 502, b'{"success": false}', [("Content-Type", "application/json")]
            self.send_response(status)
            for k, v in rh:
                if k.lower() not in HOP:
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)
            action = urllib.parse.urlsplit(path).path.rsplit("/", 1)[-1] if "/api/" in path else path.split("?")[0]
            line = json.dumps({"t": round(t0, 3), "portal": name, "method": self.command, "action": action,
                               "status": status, "ms": round((time.time() - t0) * 1000, 1)})
            with lock:
                log.write(line + "\n")
                log.flush()

        do_GET = do_POST = do_HEAD = _forward

    return Handler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", type=int, required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--log", required=True)
    a = ap.parse_args()
    log = open(a.log, "a")
    server = ThreadingHTTPServer(("127.0.0.1", a.listen), make_handler(urllib.parse.urlsplit(a.target), a.name, log))
    server.daemon_threads = True
    print(f"countproxy {a.name}: 127.0.0.1:{a.listen} -> {a.target}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
