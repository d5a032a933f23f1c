"""Hostile strings: the fetched corpora (see tests/corpora/fetch.py) and our own cases.

Every loader returns distinct, non-empty strings. When a corpus is not in the
cache the calling test skips with the reason, or fails under CI, where the
registries are always reachable.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
CORPORA = REPOSITORY / ".cache" / "corpora"
NPM_MODULES = REPOSITORY / ".cache" / "npm" / "node_modules"
AXE_SCRIPT = NPM_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NPM_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# The known ways past HTML sanitisers (bleach's CVE classes), written for this project.
OWN_CASES = (
    # svg / math namespace confusion (CVE-2020-6802, CVE-2021-23980)
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(2)>",
    "<svg></p><style><a id=\"</style><img src=1 onerror=alert(3)>\">",
    "<math><mi><mglyph><svg><mtext><textarea><path id=\"</textarea><img onerror=alert(4) src=1>\">",
    "<svg><foreignObject><iframe srcdoc=\"<script>alert(5)</script>\"></iframe></foreignObject></svg>",
    "<math href=\"javascript:alert(6)\">click</math>",
    # noscript and raw-text mutation (CVE-2020-6816 and kin)
    "<noscript><p title=\"</noscript><img src=x onerror=alert(7)>\">",
    "<noscript><style></noscript><img src=x onerror=alert(8)></style>",
    "<p><noscript><script>alert(9)</script></noscript></p>",
    "<xmp><p title=\"</xmp><img src=x onerror=alert(10)>\">",
    "<iframe><p title=\"</iframe><img src=x onerror=alert(11)>\">",
    "<noembed><p title=\"</noembed><img src=x onerror=alert(12)>\">",
    "<textarea><p title=\"</textarea><img src=x onerror=alert(13)>\">",
    "<title><p title=\"</title><img src=x onerror=alert(14)>\">",
    "<template><p title=\"</template><img src=x onerror=alert(15)>\">",
    "<!--<img src=\"--><img src=x onerror=alert(16)//\">",
    "<![CDATA[<]]><img src=x onerror=alert(17)>",
    # javascript: with zero-width, control and entity-encoded characters
    "<a href=\"java\u200bscript:alert(18)\">zero width space</a>",
    "<a href=\"java\u200dscript:alert(19)\">zero width joiner</a>",
    "<a href=\"\u200bjavascript:alert(20)\">leading zero width</a>",
    "<a href=\"java\tscript:alert(21)\">tab</a>",
    "<a href=\"java\nscript:alert(22)\">newline</a>",
    "<a href=\"java\rscript:alert(23)\">carriage return</a>",
    "<a href=\"\x01javascript:alert(24)\">control character</a>",
    "<a href=\" \x0ejavascript:alert(25)\">shift out</a>",
    "<a href=\"jav&#x09;ascript:alert(26)\">encoded tab</a>",
    "<a href=\"jav&#0000010;ascript:alert(27)\">padded entity</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(28)\">entities</a>",
    "<a href=\"javascript&colon;alert(29)\">named colon</a>",
    "<a href=\"JaVaScRiPt:alert(30)\">mixed case</a>",
    "<a href=\"vbscript:msgbox(31)\">vbscript</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgzMik8L3NjcmlwdD4=\">data</a>",
    "<a href=\"\uff4aavascript:alert(33)\">fullwidth j</a>",
    "[markdown link](javascript:alert(34))",
    "[markdown link](java%0ascript:alert(35))",
    "<javascript:alert(36)>",
    "![image](javascript:alert(37))",
    # formaction and other attributes that act on click or load
    "<form><button formaction=\"javascript:alert(38)\">send</button></form>",
    "<input type=\"submit\" formaction=\"javascript:alert(39)\" value=\"send\">",
    "<form id=f></form><button form=f formaction=javascript:alert(40)>x</button>",
    "<isindex type=image src=1 onerror=alert(41)>",
    "<object data=\"javascript:alert(42)\"></object>",
    "<embed src=\"javascript:alert(43)\">",
    "<img src=x onerror=alert(44)>",
    "<details open ontoggle=alert(45)>",
    "<a href=\"https://example.org\" onmouseover=\"alert(46)\" style=\"position:fixed;inset:0\">cover</a>",
    "<base href=\"javascript:alert(47)//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(48)\">",
    "<p style=\"background:url(javascript:alert(49))\">styled</p>",
    "<code class=\"language-x onerror=alert(50)\">code</code>",
    "<code class=\"language-js\" onclick=\"alert(51)\">code</code>",
    "<img src=\"https://example.org/x.png\" alt=\"x\" onload=\"alert(52)\">",
    "<a href=\"mailto:x@example.org\" rel=\"opener\" target=\"_blank\">mail</a>",
)


def _required(path: Path, what: str) -> Path:
    if not path.exists():
        reason = f"not in the cache: {what} ({path}); run `python tests/corpora/fetch.py` with network access"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def _distinct(strings) -> list[str]:
    return list(dict.fromkeys(s for s in strings if s.strip()))


def bleach_vectors() -> list[str]:
    """The input half of each ``tests/data/N.test`` in bleach's sdist."""
    folder = _required(CORPORA / "bleach", "bleach's test vectors")
    files = sorted(folder.glob("*.test"), key=lambda path: int(path.stem))
    return _distinct(path.read_text().split("\n--\n")[0] for path in files)


def blns_strings() -> list[str]:
    """The Big List of Naughty Strings, without its comment lines."""
    text = _required(CORPORA / "blns.txt", "the blns strings").read_text()
    return _distinct(line for line in text.splitlines() if not line.startswith("#"))


def wfuzz_list(name: str) -> list[str]:
    """One of wfuzz's injection lists: ``XSS`` or ``SQL``."""
    text = _required(CORPORA / "wfuzz" / f"{name}.txt", f"wfuzz's {name} list").read_text(errors="replace")
    return _distinct(text.splitlines())


def xss_payloads() -> list[str]:
    """Every hostile string we have, ours first."""
    return _distinct([*OWN_CASES, *bleach_vectors(), *wfuzz_list("XSS"), *blns_strings()])


def axe_script() -> str:
    return _required(AXE_SCRIPT, "axe-core").read_text()


def vnu_jar() -> Path:
    return _required(VNU_JAR, "vnu-jar (the Nu HTML Checker)")
