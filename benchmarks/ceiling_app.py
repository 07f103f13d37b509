"""The ceiling for benchmarks/public_pages.py: a minimal WSGI app that serves saved bytes from memory.

CEILING_PAGES names a folder of files saved by the benchmark, one per page, with the page's path
quoted as the file name; each is served with no work beyond a dictionary lookup, under the same
server as the site, so the site's figures can be read as a share of what the server itself allows.
"""

import os
from pathlib import Path
from urllib.parse import unquote

PAGES = {unquote(path.name): path.read_bytes() for path in Path(os.environ["CEILING_PAGES"]).iterdir()}


def application(environ, start_response):
    body = PAGES.get(environ["PATH_INFO"])
    if body is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    start_response(
        "200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]
