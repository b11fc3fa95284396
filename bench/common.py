"""What the benchmarks share: Django on a fresh database with the Heerde plan loaded."""

import os
import tempfile
from pathlib import Path


def django_with_heerde(scale: int = 1) -> Path:
    """Set Django up on its own SQLite file in a temporary folder (or DATABASE_URL when set),
    create the tables and load the Heerde plan `scale` times over. Returns the folder."""
    work = Path(tempfile.mkdtemp(prefix="koers-bench-"))
    os.environ.setdefault("KOERS_VAR_DIR", str(work))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{work / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", "--scale", str(scale), verbosity=0)
    return work
