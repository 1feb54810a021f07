import pytest
from django.contrib.auth.models import Group
from django.forms import CheckboxInput, MultiWidget
from django.test import Client
from django.urls import reverse

from tests import factories


def _user_client(group_name):
    user = factories.UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.user = user
    return client


@pytest.fixture
def editor(db):
    """An editor (Editors group): saves drafts and submits them, publishes nothing."""
    return _user_client("Editors")


@pytest.fixture
def chief(db):
    """A chief editor (Chief editors group): publishes, schedules, sends back, recovers."""
    return _user_client("Chief editors")


def admin_url(obj_or_model, view, *args):
    opts = obj_or_model._meta
    if view in ("change", "history", "delete", "revisions"):
        args = (obj_or_model.pk, *args)
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


def _form_values(form, data):
    for name, field in form.fields.items():
        bound = form[name]
        key = bound.html_name
        value = bound.value()
        widget = field.widget
        if isinstance(widget, CheckboxInput):
            if value:
                data[key] = "on"
        elif isinstance(widget, MultiWidget):
            values = widget.decompress(value) if not isinstance(value, list) else value
            for index, part in enumerate(values):
                data[f"{key}_{index}"] = "" if part is None else str(part)
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        else:
            data[key] = "" if value is None else str(getattr(value, "pk", value))


def form_data(client, url, **changes):
    """What the admin form at `url` would post unchanged (fields and inline rows), with
    `changes` on top."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = {}
    _form_values(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = str(value)
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(len(formset.initial_forms))
        data[f"{formset.prefix}-INITIAL_FORMS"] = str(len(formset.initial_forms))
        for form in formset.initial_forms:
            _form_values(form, data)
    data.update(changes)
    return data
