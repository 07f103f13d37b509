"""The ceiling for benchmarks/public_pages.py: a minimal WSGI app that serves saved bytes from memory.

CEILING_PAGES names a folder of files saved by the benchmark, one per page, with the page's path
quoted as the file name, and beside them in `headers/` the headers the site sent with each (as JSON pairs):
each page is served with those same headers and no work beyond a dictionary lookup, under the same server
as the site, so the site's figures can be read as a share of what the server itself allows for the same
bytes (gunicorn's cost grows with each header it writes, and the site's security headers are part of every
answer).
"""

import json
import os
from pathlib import Path
from urllib.parse import unquote

FOLDER = Path(os.environ["CEILING_PAGES"])
PAGES = {
    unquote(path.name): (path.read_bytes(), json.loads((FOLDER / "headers" / path.name).read_text()))
    for path in FOLDER.iterdir()
    if path.is_file()
}


def application(environ, start_response):
    page = PAGES.get(environ["PATH_INFO"])
    if page is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    body, headers = page
    start_response("200 OK", [tuple(header) for header in headers])
    return [body]
