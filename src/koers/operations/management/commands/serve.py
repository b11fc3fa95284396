"""`koers serve`: Koers in production, under gunicorn (docs/operations.md).

Run `koers migrate` and `koers collectstatic --noinput` first, after every upgrade. The
workers are separate processes, so a slow PDF holds one worker, never the others; a
worker is replaced after some hundreds of requests, so that memory a report took is given
back.
"""

import os
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = _("Serve Koers with gunicorn, the production web server.")

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--bind",
            default=os.environ.get("KOERS_BIND", "127.0.0.1:8000"),
            help=_("address and port to listen on (KOERS_BIND; default 127.0.0.1:8000)"),
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "3")),
            help=_("worker processes (WEB_CONCURRENCY; default 3)"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        from koers.wsgi import application

        settings = {
            "bind": options["bind"],
            "workers": options["workers"],
            # A framework PDF takes several seconds; a minute and a half is a hung worker.
            "timeout": int(os.environ.get("WEB_TIMEOUT", "90")),
            "max_requests": 500,
            "max_requests_jitter": 50,
            # Requests are logged by django-structlog, with their request id.
            "accesslog": None,
            "errorlog": "-",
            "forwarded_allow_ips": os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        }

        class Server(BaseApplication):
            def load_config(self) -> None:
                for key, value in settings.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        Server().run()
