"""`koers worker`: runs the background jobs (publishing reports, rendering PDF and Word)
as they are queued; start as many as there may be renders at the same time, on one machine
or several (docs/operations.md). `--batch` runs what is waiting and stops."""

import os
import time
from typing import Any

import structlog
from django.db import OperationalError, close_old_connections
from django.utils.translation import gettext as _
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

log = structlog.get_logger(__name__)
PAUSE_SECONDS = 5


class Command(DatabaseWorker):
    help = _("Run Koers's background jobs as they are queued.")

    def add_arguments(self, parser: Any) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--nice",
            type=int,
            default=int(os.environ.get("KOERS_WORKER_NICE", "10")),
            help=_(
                "lower the worker's CPU priority by this much (KOERS_WORKER_NICE; default 10), "
                "so that pages go before renders on a machine they share"
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["nice"]:
            os.nice(options["nice"])
        # A database that is busy (SQLite during an import) or away for a moment (a
        # PostgreSQL restart) makes the worker wait and try again, not stop.
        while True:
            try:
                return super().handle(*args, **options)
            except OperationalError as error:
                if options.get("batch"):
                    raise
                log.warning("worker_database_unavailable", error=str(error))
                close_old_connections()
                time.sleep(PAUSE_SECONDS)
