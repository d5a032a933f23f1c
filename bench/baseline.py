"""Configuration B: the smallest Flask app that returns a 12 KB page from memory.

It is what the same machine, gunicorn and Flask can do with no work at all;
every blogapp figure is reported as a fraction of it.
"""

from flask import Flask

PAGE = ("<!doctype html><html><head><title>B</title></head><body>"
        + "<p>Twelve kilobytes of article text, served from memory.</p>\n" * 200)[: 12 * 1024]

app = Flask(__name__)


@app.get("/")
def page():
    return PAGE


@app.get("/healthz")
def healthz():
    # Only so the bench can tell when the server is up, as it does for blogapp.
    return "ok"
