"""Images: the server time of uploading a 10 MB photo, and serving an image beside a static file.

    python -m bench.media [--uploads N] [--seconds S]     # make bench runs it too

Upload: a blogapp app in this process, on a fresh SQLite database, signed in
as an editor through the login form; each upload is a different 24-megapixel
JPEG of about 10 MB (noise over a gradient, so it compresses like a detailed
photo) with EXIF and a GPS position. The time is the POST's, measured around
the test client's call: decoding, checks, orientation, metadata removal,
three widths encoded, files written, row committed, the redirect. Serving:
one gunicorn (the shipped gunicorn.conf.py), wrk on /media/<960 px JPEG>, then
on /static/style.<digest>.css, one after the other, alternating for a few rounds.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

from . import load
from .data import REPOSITORY

sys.path.insert(0, str(REPOSITORY / "tests"))
from helpers.servers import start_server, stop_server  # noqa: E402  (the tests' gunicorn helper)

TEN_MB = 10 * 1024 * 1024


def photo(seed: int, size: tuple[int, int] = (6000, 4000)) -> bytes:
    """A JPEG just under MEDIA_MAX_BYTES that compresses like a detailed photo, with GPS EXIF."""
    rng = Image.effect_noise(size, 40 + seed % 7).convert("RGB")
    picture = Image.blend(Image.linear_gradient("L").resize(size).convert("RGB"), rng, 0.5)
    exif = Image.Exif()
    exif[0x010F] = "Camera Maker"
    exif.get_ifd(0x8825).update({1: "N", 2: (52.0, 31.0, float(seed)), 3: "E", 4: (13.0, 24.0, 36.0)})
    for quality in (95, 92, 88, 84, 80, 75):
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=quality, exif=exif.tobytes())
        if out.tell() <= TEN_MB:
            return out.getvalue()
    return out.getvalue()


def _app(folder: Path):
    from flask_migrate import upgrade

    from blogapp import create_app
    from blogapp.extensions import db
    from blogapp.storage.models import Role, User

    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SERVER_NAME": "bench.test", "LOG_LEVEL": "WARNING",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'media.sqlite3'}",
                      "MEDIA_DIR": str(folder / "media"), "INSTANCE_PATH": str(folder)})
    with app.app_context():
        upgrade()
        user = User(username="editor", role=Role.EDITOR)
        user.set_password("bench password here")
        db.session.add(user)
        db.session.commit()
    return app


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def in_process_costs(app, requests: int = 2000) -> dict[str, float]:
    """Milliseconds of app time per GET of an image and of the stylesheet (the test client, no network)."""
    client = app.test_client()
    media = Path(app.config["MEDIA_DIR"])
    name = next(n for n in sorted(os.listdir(media)) if n.endswith("-960.jpg"))
    page = client.get("/").get_data(as_text=True)
    stylesheet = re.search(r'href="(/static/style\.[0-9a-f]{12}\.css)"', page).group(1)
    costs = {}
    for label, path in (("image", f"/media/{name}"), ("static file", stylesheet)) * 2:
        started = time.perf_counter()
        for _ in range(requests):
            response = client.get(path)
            response.get_data()
            response.close()
        costs[label] = (time.perf_counter() - started) / requests * 1000
    return costs


def upload_times(uploads: int, folder: Path) -> tuple[list[tuple[float, float]], int, dict[str, float]]:
    """Seconds each upload's POST took (wall clock, and CPU: the same on a busy machine),
    the photos' mean size, and in-process serving costs."""
    app = _app(folder)
    client = app.test_client()
    headers = {"Origin": "http://bench.test", "Sec-Fetch-Site": "same-origin"}
    client.get("/auth/login")
    client.post("/auth/login", data={"username": "editor", "password": "bench password here"}, headers=headers)
    photos = [photo(seed) for seed in range(uploads)]
    times = []
    for data in photos:
        token = _token(client.get("/desk/media/").get_data(as_text=True))
        started, cpu = time.perf_counter(), time.process_time()
        response = client.post("/desk/media/upload", content_type="multipart/form-data", headers=headers,
                               data={"csrf_token": token, "alt_text": "A photo", "image": (io.BytesIO(data), "p.jpg")})
        times.append((time.perf_counter() - started, time.process_time() - cpu))
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return times, sum(len(p) for p in photos) // len(photos), in_process_costs(app)


def serving(folder: Path, seconds: int, rounds: int) -> dict[str, tuple[load.Result, int]]:
    """wrk on an image and on the stylesheet, on one gunicorn, alternating."""
    media = folder / "media"
    name = next(n for n in sorted(os.listdir(media)) if n.endswith("-960.jpg"))
    server = start_server(f"sqlite:///{folder / 'media.sqlite3'}", folder, workers=2, MEDIA_DIR=str(media),
                          LOG_LEVEL="WARNING")
    try:
        page = __import__("urllib.request").request.urlopen(server.url + "/").read().decode()
        stylesheet = re.search(r'href="(/static/style\.[0-9a-f]{12}\.css)"', page).group(1)
        targets = {"image /media/ (960 px JPEG)": (f"/media/{name}", (media / name).stat().st_size),
                   "static file (style.css)": (stylesheet, (REPOSITORY / "blogapp/static/style.css").stat().st_size)}
        results: dict[str, list[load.Result]] = {label: [] for label in targets}
        for _ in range(rounds):
            for label, (path, _) in targets.items():
                results[label].append(load.run(server.url + path, seconds, connections=16))
        return {label: (load.combined(found), targets[label][1]) for label, found in results.items()}
    finally:
        stop_server(server)


def notes(uploads: int = 5, seconds: int = 8, rounds: int = 2) -> list[str]:
    with tempfile.TemporaryDirectory(prefix="blogapp-bench-media-") as folder:
        times, size, costs = upload_times(uploads, Path(folder))
        lines = [f"upload of a {size / 1024 / 1024:.1f} MB 24-megapixel JPEG (server time, {uploads} photos): "
                 f"median {statistics.median(t for t, _ in times):.2f} s, slowest {max(t for t, _ in times):.2f} s; "
                 f"CPU median {statistics.median(c for _, c in times):.2f} s",
                 f"app time per GET, in process (2,000 each, second of two turns): image {costs['image']:.2f} ms, "
                 f"static file {costs['static file']:.2f} ms"]
        for label, (result, length) in serving(Path(folder), seconds, rounds).items():
            lines.append(f"{label}, {length:,} bytes: {result.rate:,.0f} req/s, p50 {result.p50:.1f} ms, "
                         f"p99 {result.p99:.1f} ms, {result.errors} errors")
        return lines


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.media", description=__doc__)
    parser.add_argument("--uploads", type=int, default=5)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    options = parser.parse_args(argv)
    for line in notes(options.uploads, options.seconds, options.rounds):
        print(f"- {line}")


if __name__ == "__main__":
    main()
