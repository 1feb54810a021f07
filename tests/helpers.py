"""Pieces several test modules share."""

import inspect

import factory
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories


def queries_for(client, url):
    """How many queries a GET of `url` runs (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _factories_by_model():
    found = {}
    for value in vars(factories).values():
        if (
            inspect.isclass(value)
            and issubclass(value, factory.django.DjangoModelFactory)
            and value._meta.model is not None
        ):
            found.setdefault(value._meta.get_model_class(), value)
    return found


FACTORIES = _factories_by_model()
