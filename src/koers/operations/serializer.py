"""Django's JSON Lines serializer with times as exact as the database keeps them.

Django's JSON encoder cuts datetimes to milliseconds; a backup keeps the microseconds, so
that a restored history is the history (registered as `koersjsonl` in settings).
"""

import datetime
from typing import Any

from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(jsonl.Serializer):
    def _init_options(self) -> None:
        super()._init_options()  # type: ignore[misc]
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = jsonl.Deserializer
