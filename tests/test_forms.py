"""Our wording of form errors (nanjingweek/forms.py): plain, with the limit, in every form of ours and the admin's.

Django's own messages read like a developer's ("确保该变量包含不超过 200 字符", "Dieses Feld ist zwingend
erforderlich."); ours replace them in every field that would show them, and leave alone what a form says itself.
"""

import importlib
from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from nanjingweek.forms import Form, OurMessagesMixin

OUR_APPS = ("events", "exhibitions", "partners", "nanjingweek")


class Everything(Form):
    text = forms.CharField(max_length=5, min_length=2)
    email = forms.EmailField()
    website = forms.URLField(assume_scheme="https")
    choice = forms.ChoiceField(choices=[("a", "A")])
    choices = forms.MultipleChoiceField(choices=[("a", "A")])
    tick = forms.BooleanField()
    count = forms.IntegerField(min_value=0, max_value=10)
    amount = forms.DecimalField()
    day = forms.DateField()
    upload = forms.FileField()
    own = forms.CharField(max_length=3, error_messages={"required": "Ours to say.", "max_length": "Too long, friend."})


class PlainDjango(forms.Form):
    text = forms.CharField(max_length=5)


def errors(data: dict, language: str) -> dict[str, list[str]]:
    with translation.override(language):
        form = Everything(data)
        form.is_valid()
        return {field: [str(message) for message in messages] for field, messages in form.errors.items()}


BAD = {
    "text": "123456",
    "email": "zhang.san@",
    "website": "not a site",
    "choice": "z",
    "choices": ["z"],
    "count": "-1",
    "amount": "a lot",
    "day": "tomorrow",
    "own": "four",
}


def test_our_messages_in_english_state_limits_and_examples():
    assert errors(BAD, "en") == {
        "text": ["Please enter at most 5 characters (you entered 6)."],
        "email": ["Please enter a valid e-mail address, such as name@example.com."],
        "website": ["Please enter a valid web address, such as https://www.example.com."],
        "choice": ["Please choose one of the options offered."],
        "choices": ["Please choose one of the options offered."],
        "tick": ["Please tick this box."],
        "count": ["Please enter a number no smaller than 0."],
        "amount": ["Please enter a number."],
        "day": ["Please enter a valid date."],
        "upload": ["Please choose a file."],
        "own": ["Too long, friend."],
    }


def test_our_messages_in_chinese_and_german_read_naturally():
    chinese = errors({**BAD, "text": "1", "own": ""}, "zh-hans")
    german = errors({**BAD, "text": "1", "own": ""}, "de")

    assert (chinese["text"], german["text"]) == (
        ["请至少输入 2 个字符，您输入了 1 个。"],
        ["Bitte geben Sie mindestens 2 Zeichen ein (Sie haben 1 eingegeben)."],
    )
    assert (chinese["email"], german["email"]) == (
        ["请输入有效的电子邮箱地址，例如 name@example.com。"],
        ["Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. name@example.com."],
    )
    assert (chinese["choice"], german["choice"]) == (
        ["请从给出的选项中选择。"],
        ["Bitte wählen Sie einen der angebotenen Einträge."],
    )
    assert (chinese["tick"], german["tick"]) == (["请勾选此项。"], ["Bitte setzen Sie hier ein Häkchen."])
    assert (chinese["count"], german["count"]) == (
        ["请输入不小于 0 的数字。"],
        ["Bitte geben Sie eine Zahl ein, die nicht kleiner als 0 ist."],
    )
    # A message the form gives a field itself stays as it is.
    assert (chinese["own"], german["own"]) == (["Ours to say."], ["Ours to say."])


@pytest.mark.parametrize(
    ("language", "too_long", "stock"),
    [
        ("zh-hans", "最多可输入 5 个字符，您输入了 6 个。", "确保该变量"),
        ("de", "Bitte geben Sie höchstens 5 Zeichen ein (Sie haben 6 eingegeben).", "Bitte sicherstellen"),
    ],
)
def test_our_maximum_length_replaces_djangos(language, too_long, stock):
    ours = errors(BAD, language)
    with translation.override(language):
        djangos = [str(message) for message in PlainDjango({"text": "123456"}).errors["text"]]

    assert ours["text"] == [too_long]
    assert stock in djangos[0]  # what a plain Django form would have said


def test_required_is_worded_by_what_the_field_asks_for():
    assert errors({}, "en") == {
        "text": ["Please fill in this field."],
        "email": ["Please fill in this field."],
        "website": ["Please fill in this field."],
        "choice": ["Please choose one."],
        "choices": ["Please choose at least one."],
        "tick": ["Please tick this box."],
        "count": ["Please fill in this field."],
        "amount": ["Please fill in this field."],
        "day": ["Please fill in this field."],
        "upload": ["Please choose a file."],
        "own": ["Ours to say."],
    }


def test_valid_data_passes_with_our_messages():
    with translation.override("de"):
        form = Everything(
            {
                "text": "ab",
                "email": "a@example.org",
                "website": "https://example.org",
                "choice": "a",
                "choices": ["a"],
                "tick": "on",
                "count": "3",
                "amount": "1.5",
                "day": "2025-11-07",
                "own": "ok",
            },
            {"upload": SimpleUploadedFile("a.txt", b"1")},
        )

        assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("1.5")


def _our_classes(base: type) -> list[type]:
    for app in OUR_APPS:
        for module in ("forms", "admin", "views", "views_registration"):
            try:
                importlib.import_module(f"{app}.{module}")
            except ModuleNotFoundError:
                continue
    found, todo = [], [base]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in OUR_APPS:
            found.append(cls)
    return found


def test_every_form_of_ours_speaks_our_wording():
    strays = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in _our_classes(forms.BaseForm)
        if not issubclass(cls, OurMessagesMixin)
    ]

    assert strays == []
    assert len(_our_classes(forms.BaseForm)) >= 8  # the public forms, the admin forms, and ours


def test_every_admin_form_of_ours_speaks_our_wording():
    admins = [
        (model, model_admin) for model, model_admin in admin.site._registry.items() if model._meta.app_label in OUR_APPS
    ]
    strays = [
        f"{type(model_admin).__name__}.form"
        for _model, model_admin in admins
        if not issubclass(model_admin.form, OurMessagesMixin)
    ] + [
        f"{type(model_admin).__name__}: {inline.__name__}.form"
        for _model, model_admin in admins
        for inline in model_admin.inlines
        if not issubclass(inline.form, OurMessagesMixin)
    ]

    assert len(admins) > 10
    assert strays == []
