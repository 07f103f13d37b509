"""Production settings refuse to start without the values that must never default to localhost."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "a-long-random-secret-for-this-test-only",
    "DJANGO_ALLOWED_HOSTS": "stepping-stones.test",
    "WAGTAILADMIN_BASE_URL": "https://stepping-stones.test",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "STRIPE_SECRET_KEY": "sk_test_for_this_test",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_for_this_test",
    "STRIPE_WEBHOOK_SECRET": "whsec_for_this_test",
}


def load_production_settings(**environment):
    """Import the production settings in a fresh interpreter, as the server would."""
    env = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENVIRONMENT}
    env.update({key: value for key, value in {**PRODUCTION_ENVIRONMENT, **environment}.items() if value})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_start_with_everything_set():
    result = load_production_settings()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "variable",
    ["WAGTAILADMIN_BASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"],
)
def test_production_settings_refuse_to_start_without(variable):
    result = load_production_settings(**{variable: ""})

    assert result.returncode != 0
    assert f"Set the {variable} environment variable." in result.stderr
