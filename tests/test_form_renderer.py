"""nanjingweek/form_renderer.py and nanjingweek/widgets.py write the same bytes as Django's form templates.

Each form of the site, and every admin's change form, is rendered field by field with our renderer and with
Django's own (DjangoTemplates), unbound, with initial values and bound with errors, in each language.
"""

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.forms.renderers import DjangoTemplates
from django.test import RequestFactory
from django.utils import translation

from events.forms import CheckInForm, RegistrationForm, ScheduleFilterForm
from events.forms_attendee import PersonalDataForm
from nanjingweek.form_renderer import WRITERS, FormRenderer
from nanjingweek.widgets import Select
from tests.factories import make_city

pytestmark = pytest.mark.django_db

OURS, DJANGOS = FormRenderer(), DjangoTemplates()
LANGUAGES = ("en", "de", "zh-hans")

SITE_FORMS = [
    (RegistrationForm, {}),
    (RegistrationForm, {"data": {"name": "<b>A & B</b>", "email": "not an address", "country": "DE", "consent": "on"}}),
    (RegistrationForm, {"data": {"country": "nowhere"}}),
    (PersonalDataForm, {"initial": {"name": "Zhang & Co", "country": "CN", "organization_kind": "company"}}),
    (PersonalDataForm, {"data": {"name": "", "country": "DE", "language": "de"}}),
    (ScheduleFilterForm, {"data": {"tz": "Asia/Shanghai", "kind": "not a kind", "city": "leipzig"}}),
    (CheckInForm, {}),
    (CheckInForm, {"data": {}}),
]


def rendered(form) -> list[str]:
    """Every piece of the form that goes through a template: fields, labels, errors, widgets, the whole form."""
    if form.is_bound:
        form.is_valid()
    pieces = [str(form.non_field_errors())]
    for field in form:
        pieces += [field.as_field_group(), field.label_tag(), str(field.errors), str(field)]
    return pieces


def test_every_writer_is_used_for_djangos_own_templates():
    assert OURS.writers.keys() == WRITERS.keys()


@pytest.mark.parametrize("language", LANGUAGES)
def test_site_forms_are_written_as_djangos_templates_write_them(language):
    make_city(slug="leipzig")
    with translation.override(language):
        for form_class, arguments in SITE_FORMS:
            ours = rendered(form_class(renderer=OURS, **arguments))
            djangos = rendered(form_class(renderer=DJANGOS, **arguments))
            assert ours == djangos, form_class.__name__


def test_admin_change_forms_are_written_as_djangos_templates_write_them():
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.create_superuser("renderer", "renderer@example.org", "a long password 1")
    compared = 0
    for model, model_admin in admin.site._registry.items():
        form_class = model_admin.get_form(request)
        ours = form_class(renderer=OURS)
        # The same initial values (some are random: a new device's key).
        djangos = form_class(renderer=DJANGOS, initial={name: ours[name].initial for name in ours.fields})
        for name in ours.fields:
            assert str(ours[name]) == str(djangos[name]), f"{model.__name__}.{name}"
            assert ours[name].label_tag() == djangos[name].label_tag(), f"{model.__name__}.{name}"
            compared += 1
    assert compared > 100


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_remembered_options_mark_the_same_option_selected_as_django(language):
    """The country list is written once per language; only the first option of the value is marked selected."""
    with translation.override(language):
        for value in ("", "DE", "CN", "XK", "nowhere", "<script>", None):
            form = RegistrationForm({"country": value} if value is not None else None)
            field = form["country"]
            widget = field.field.widget
            assert isinstance(widget, Select) and widget.options_depend_on is not None
            plain = forms.Select(attrs=widget.attrs, choices=widget.choices)
            assert field.as_widget() == field.as_widget(widget=plain), value
            assert widget.use_required_attribute(None) == plain.use_required_attribute(None)
            assert field.as_widget().count(" selected>") == (0 if value in ("nowhere", "<script>") else 1)


def test_an_overridden_template_is_rendered_as_the_override_says(tmp_path, settings):
    """A project that replaces one of Django's form templates gets its own, not our writer."""
    override = tmp_path / "forms_templates" / "django" / "forms"
    override.mkdir(parents=True)
    (override / "label.html").write_text("<span>{{ label }}</span>", encoding="utf-8")

    class Overriding(FormRenderer):
        @property
        def engine(self):
            engine = super().engine
            engine.engine.dirs = [str(tmp_path / "forms_templates"), *engine.engine.dirs]
            return engine

    renderer = Overriding()
    assert "django/forms/label.html" not in renderer.writers
    assert RegistrationForm(renderer=renderer)["name"].label_tag() == "<span>Name</span>"
