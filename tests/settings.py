"""The suite runs the real settings, with a throwaway key standing in for the production secret."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from newsroom.settings import *  # noqa: E402, F403
