"""What gunicorn's master loads before forking (config/preload.py): the site's own templates, all of them."""

from django.conf import settings
from django.template import engines

from config.preload import load_views_and_templates, site_template_folders


def test_the_site_s_own_template_folders_are_found_and_no_package_s():
    folders = site_template_folders()

    assert settings.BASE_DIR / "templates" in folders
    assert settings.BASE_DIR / "portal" / "placements" / "templates" in folders
    assert not any("site-packages" in folder.parts for folder in folders)


def test_every_template_of_the_site_s_own_is_compiled_before_forking():
    load_views_and_templates()

    cached = engines["django"].engine.template_loaders[0].get_template_cache
    assert "base.html" in cached
    assert "home/home_page.html" in cached
    assert "placements/placement_list.html" in cached or any(
        name.startswith("placements/") for name in cached
    )
