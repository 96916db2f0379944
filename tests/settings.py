"""The suite runs the production settings (DEBUG off), with three stand-ins.

A throwaway key for the production secret; plain HTTP, because Django's test client does not speak
HTTPS; and static files served as they are, because the suite never runs collectstatic.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from newsroom.settings import *  # noqa: E402, F403

SECURE_SSL_REDIRECT = False
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
