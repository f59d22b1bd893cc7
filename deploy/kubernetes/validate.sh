#!/usr/bin/env bash
# Validates the manifests against the Kubernetes JSON schemas, strictly (an unknown or misspelt field is an error),
# offline: the schemas ship inside the kubernetes-validate package, installed from PyPI once into a virtualenv.
#   deploy/kubernetes/validate.sh [FILE...]        (default: every deploy/kubernetes/*.yaml)
#   env: K8S_VERSION (1.33.0), VALIDATE_VENV (where the virtualenv lives)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
venv=${VALIDATE_VENV:-${TMPDIR:-/tmp}/ckan-sync-kubernetes-validate}
if [ ! -x "$venv/bin/kubernetes-validate" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q kubernetes-validate==1.37.0
fi
if [ $# -eq 0 ]; then
  set -- "$here"/*.yaml
fi
exec "$venv/bin/kubernetes-validate" --strict --kubernetes-version "${K8S_VERSION:-1.33.0}" "$@"
