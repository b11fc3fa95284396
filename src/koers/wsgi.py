import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 (the views and what they import, loaded before freezing)

# What is loaded now (Django, the apps, their modules) lives as long as the process: frozen,
# a full garbage collection no longer walks it. Without this, one request in ten waited
# 125-190 ms for one (docs/performance.md); gunicorn's workers inherit the frozen state.
gc.freeze()
