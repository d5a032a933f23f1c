"""Which cached pages are current: retirements by tag, and the file the host's workers share."""

from __future__ import annotations

import multiprocessing

from blogapp.pagecache.entries import Entry
from blogapp.pagecache.versions import MAX_REMEMBERED_TAGS, Clock, Version, VersionFile, fresh_version


def page(version: Version, *tags: str) -> Entry:
    return Entry(version.token, version.seq, tags, "etag", version.changed_at, "text/html; charset=utf-8", b"<p>")


def test_a_retirement_retires_the_pages_that_show_its_tags_and_only_those():
    version = fresh_version(1000.0, None)
    x, y, listing = page(version, "article-1"), page(version, "article-2"), page(version, "article-1", "home")
    after = version.retiring({"article-1"}, 1001.0)
    assert [after.admits(entry) for entry in (x, y, listing)] == [False, True, False]
    assert after.admits(page(after, "article-1")), "a page rendered after the retirement is current"
    assert not fresh_version(1002.0, None).admits(y), "a new token retires every page"


def test_the_file_forgets_old_tags_and_the_pages_rendered_before_them():
    version = fresh_version(1000.0, None)
    old = page(version, "article-0")
    for number in range(MAX_REMEMBERED_TAGS + 1):
        version = version.retiring({f"article-{number + 1}"}, 1000.0 + number)
    assert len(version.retired) <= MAX_REMEMBERED_TAGS
    assert not version.admits(old), "its tag was never retired, but it is older than what was forgotten"
    assert version.admits(page(version, "article-0"))


def test_only_a_sooner_moment_replaces_the_next_clock_change_unless_the_clock_check_says():
    version = fresh_version(1000.0, next_change=5000.0)
    assert version.retiring((), 1001.0, Clock(9000.0)).next_change == 5000.0
    assert version.retiring((), 1001.0, Clock(3000.0)).next_change == 3000.0
    checked = version.retiring((), 5001.0, Clock(None, checked=True))
    assert (checked.next_change, checked.checked_at) == (None, 5001.0)


def test_a_version_and_a_page_read_back_as_written():
    version = fresh_version(1000.5, 2000.25).retiring({"home", "article-7"}, 1001.0)
    assert Version.loads(version.dumps()) == version
    entry = page(version, "article-7", "home")
    assert Entry.loads(entry.dumps()) == entry
    assert Entry.loads(b"\x80\x04pickled, not a page") is None


def _retire_many(path: str, worker: int, count: int) -> None:
    versions = VersionFile(path)
    for number in range(count):
        versions.update(lambda current, tag=f"w{worker}-{number}", at=1000.0 + number: current.retiring({tag}, at))


def test_workers_retiring_at_once_lose_none_of_each_others_tags(tmp_path):
    path = str(tmp_path / "content-version")
    VersionFile(path).update(lambda _current: fresh_version(1000.0, None))
    workers = [multiprocessing.get_context("fork").Process(target=_retire_many, args=(path, n, 40)) for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    final = VersionFile(path).read()
    assert final.seq == 160 and len(final.retired) == 160
