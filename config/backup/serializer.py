"""Django's JSON serialization with datetimes and times to the microsecond.

Django's JSON encoder cuts them to the millisecond (for JavaScript's sake), so a round trip
through `dumpdata` would change every timestamp written with microseconds — and the arrival
order of registrations written in the same millisecond. Registered as the `backup_json` format
(SERIALIZATION_MODULES); Django's own JSON deserializer reads it back exactly.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder

Deserializer = django_json.Deserializer


class ExactJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactJSONEncoder
