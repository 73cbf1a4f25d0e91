"""Check the installed Python packages against the PyPI vulnerability database (pip-audit).

pip-audit asks PyPI's JSON API, one package version at a time. Where that API does not
answer (a machine that reaches only a package mirror), the audit cannot run: this says
so plainly and exits 0, rather than failing or pretending that it passed.
"""

import json
import subprocess
import sys
import urllib.request
from importlib.metadata import version

PROBE = f"https://pypi.org/pypi/pip/{version('pip')}/json"


def database_reachable() -> bool:
    try:
        with urllib.request.urlopen(PROBE, timeout=10) as response:  # noqa: S310 (fixed https URL)
            return "vulnerabilities" in json.load(response)
    except (OSError, ValueError):
        return False


def main() -> int:
    if not database_reachable():
        print(f"pip-audit SKIPPED: the vulnerability database does not answer ({PROBE}).")
        return 0
    command = [sys.executable, "-m", "pip_audit", "--strict", "--skip-editable"]
    return subprocess.call([*command, "--progress-spinner", "off"])  # noqa: S603 (our own)


if __name__ == "__main__":
    sys.exit(main())
