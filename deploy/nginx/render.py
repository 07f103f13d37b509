#!/usr/bin/env python3
"""Write deploy/nginx/stepping-stones.conf with its ${NAME}s filled in from the environment.

    SERVER_NAME=portal.example.org APP_SERVERS="127.0.0.1:8001 127.0.0.1:8002" \\
    TLS_CERTIFICATE=/etc/letsencrypt/live/portal.example.org/fullchain.pem \\
    TLS_CERTIFICATE_KEY=/etc/letsencrypt/live/portal.example.org/privkey.pem \\
    STATIC_ROOT=/srv/stepping-stones/staticfiles \\
    python3 deploy/nginx/render.py > /etc/nginx/sites-available/stepping-stones.conf

| variable | what it is | default |
| --- | --- | --- |
| SERVER_NAME | the site's host name(s), as nginx's server_name takes them | required |
| APP_SERVERS | the gunicorn app servers, host:port, separated by spaces | required |
| TLS_CERTIFICATE, TLS_CERTIFICATE_KEY | the certificate (full chain) and its key, PEM files | required |
| STATIC_ROOT | the folder `manage.py collectstatic` fills (settings' STATIC_ROOT) | required |
| HTTP_PORT, HTTPS_PORT | the ports nginx listens on | 80, 443 |
| LOG_DIR | where nginx writes the site's access and error logs | /var/log/nginx |

Only the standard library, so it runs before the project's venv exists. A name left unset, or a ${NAME}
in the template this script does not know, stops it with a message rather than writing a broken file.
The stack test (tests/deploy/test_stack.py) calls `render()` on the same template.
"""

import os
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).with_name("stepping-stones.conf")
PLACEHOLDER = re.compile(r"\$\{([A-Z_]+)\}")
REQUIRED = ("SERVER_NAME", "APP_SERVERS", "TLS_CERTIFICATE", "TLS_CERTIFICATE_KEY", "STATIC_ROOT")
DEFAULTS = {"HTTP_PORT": "80", "HTTPS_PORT": "443", "LOG_DIR": "/var/log/nginx"}
# An app server that fails (refused, timed out) is skipped for this long before it is tried again.
UPSTREAM_SERVER = "    server {address} max_fails=1 fail_timeout=10s;"


def values_from(environ):
    missing = [name for name in REQUIRED if not environ.get(name)]
    if missing:
        raise SystemExit(f"Set {', '.join(missing)} (see deploy/nginx/render.py).")
    values = {**DEFAULTS, **{name: environ[name] for name in (*REQUIRED, *DEFAULTS) if environ.get(name)}}
    values["UPSTREAM_SERVERS"] = "\n".join(
        UPSTREAM_SERVER.format(address=address) for address in values["APP_SERVERS"].split()
    )
    # The redirect to HTTPS names the port only when it is not the usual one.
    values["HTTPS_PORT_SUFFIX"] = "" if values["HTTPS_PORT"] == "443" else f":{values['HTTPS_PORT']}"
    return values


def render(environ):
    """The configuration, every ${NAME} of the template replaced by its value from `environ`."""
    values = values_from(environ)
    template = TEMPLATE.read_text()
    unknown = sorted(set(PLACEHOLDER.findall(template)) - set(values))
    if unknown:
        raise SystemExit(f"The template uses {', '.join(unknown)}, which render.py does not fill in.")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


if __name__ == "__main__":
    sys.stdout.write(render(os.environ))
