"""The suite runs the production settings (DEBUG off), with four stand-ins.

A throwaway key for the production secret; plain HTTP, because Django's test client does not speak
HTTPS; static files served as they are, because the suite never runs collectstatic; and the page
cache off, so that no test sees a page an earlier one cached (tests/test_page_cache.py turns it on).
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from newsroom.settings import *  # noqa: E402, F403

SECURE_SSL_REDIRECT = False
PAGE_CACHE_SECONDS = 0
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
