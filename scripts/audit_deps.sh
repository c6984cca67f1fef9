#!/usr/bin/env bash
# Audit the pinned dependencies (requirements.txt) for known vulnerabilities with pip-audit.
#
#   bash scripts/audit_deps.sh                      # requirements.txt
#   bash scripts/audit_deps.sh requirements-dev.txt # another pinned file
#
# Exit codes: 0 = every pin audited, no known vulnerability; 1 = a known vulnerability (listed);
#             2 = could not audit (pip-audit missing, or no vulnerability database reachable).
#
# pip-audit needs a vulnerability database from the network: PyPI's per-release JSON API
# (https://pypi.org/pypi/<name>/<version>/json, the default) or OSV (api.osv.dev). Neither is reachable on
# this project's build machines (only the package index itself is), so here it reports every package as
# skipped, and plain `pip-audit` then prints "No known vulnerabilities found" and exits 0 having checked
# nothing. This script reads pip-audit's JSON instead and exits 2 in that case, so a skipped audit can never
# pass for a clean one. Run it on a machine with internet access (a developer laptop, GitHub Actions).
# pip-audit is not a project dependency; install it in its own environment:
#   python -m venv /tmp/audit && /tmp/audit/bin/pip install pip-audit==2.10.1 && PATH=/tmp/audit/bin:$PATH bash scripts/audit_deps.sh
set -euo pipefail
cd "$(dirname "$0")/.."
requirements="${1:-requirements.txt}"

if command -v pip-audit >/dev/null 2>&1; then
    audit=(pip-audit)
elif python -c "import pip_audit" >/dev/null 2>&1; then
    audit=(python -m pip_audit)
else
    echo "audit_deps: pip-audit is not installed; nothing audited (see the comment at the top of $0)" >&2
    exit 2
fi

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
# --no-deps --disable-pip: audit exactly the pins (every dependency is pinned), without building an environment
"${audit[@]}" -r "$requirements" --no-deps --disable-pip --progress-spinner off --format json --output "$report" 2>/dev/null || true

python - "$report" "$requirements" <<'PY'
import json, sys

path, requirements = sys.argv[1], sys.argv[2]
try:
    with open(path) as handle:
        dependencies = json.load(handle).get("dependencies", [])
except (OSError, ValueError):
    print(f"audit_deps: pip-audit produced no report for {requirements}; nothing audited", file=sys.stderr)
    sys.exit(2)
vulnerable = [d for d in dependencies if d.get("vulns")]
skipped = [d for d in dependencies if d.get("skip_reason")]
for d in vulnerable:
    for v in d["vulns"]:
        fixed = ", ".join(v.get("fix_versions") or []) or "no fix yet"
        print(f"VULNERABLE {d['name']}=={d['version']}: {v['id']} (fixed in {fixed})")
if vulnerable:
    sys.exit(1)
if skipped or not dependencies:
    for d in skipped:
        print(f"NOT AUDITED {d['name']}: {d['skip_reason']}")
    print(f"audit_deps: {len(skipped)} of {len(dependencies)} pins could not be audited (no vulnerability database reachable?)", file=sys.stderr)
    sys.exit(2)
print(f"audit_deps: {len(dependencies)} pins of {requirements} audited, no known vulnerabilities")
PY
