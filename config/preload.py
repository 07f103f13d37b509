"""What gunicorn's master loads before it forks its workers (config/gunicorn.py), beyond the app itself.

Every URL pattern, and so every view module, and every template of the site's own, compiled (Django
keeps compiled templates when DEBUG is off). A worker would otherwise import and compile them at its
first requests, each into memory of its own; loaded once in the master, the workers share them. On the
demo site this took each worker from about 145 MB (PSS) to about 70 (benchmarks/public_pages.py).
"""

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.template.loader import get_template
from django.urls import get_resolver


def site_template_folders():
    """The template folders of the project and its own apps; not those of installed packages."""
    base = Path(settings.BASE_DIR).resolve()
    folders = [Path(folder).resolve() for folder in engines["django"].template_dirs]
    return [
        folder
        for folder in folders
        if folder.is_relative_to(base) and "site-packages" not in folder.parts and folder.is_dir()
    ]


def load_views_and_templates():
    get_resolver().url_patterns  # noqa: B018 (reading it imports every URLconf and view module)
    for folder in site_template_folders():
        for path in sorted(folder.rglob("*.html")):
            get_template(path.relative_to(folder).as_posix())
