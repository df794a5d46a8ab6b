"""Our wording of the messages Django's form fields give, for every form of the site and of the admin.

Django's own messages are written for developers ("Ensure this value has at most 200 characters (it has
201)."), and its catalogs translate them word for word: "确保该变量包含不超过 200 字符" ("this variable"),
"输入一个有效的 Email 地址", "Dieses Feld ist zwingend erforderlich." Ours say the same plainly, with the
limit, and live in our catalogs, where `makemessages` keeps them and our translators see them.

Forms get them by inheriting from `Form` or `ModelForm` here (the admin's through
``nanjingweek.admin.TranslatedModelForm``): each field's stock message is replaced by ours, while a message a
form gives a field itself (``error_messages={"required": …}``) stays. tests/test_forms.py checks that every
form of ours, and every admin form, inherits them.
"""

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

REQUIRED = _("Please fill in this field.")
REQUIRED_CHOICE = _("Please choose one.")
REQUIRED_CHOICES = _("Please choose at least one.")
REQUIRED_TICK = _("Please tick this box.")
REQUIRED_FILE = _("Please choose a file.")
INVALID_CHOICE = _("Please choose one of the options offered.")
MAX_LENGTH = ngettext_lazy(
    "Please enter at most %(limit_value)d character (you entered %(show_value)d).",
    "Please enter at most %(limit_value)d characters (you entered %(show_value)d).",
    "limit_value",
)
MIN_LENGTH = ngettext_lazy(
    "Please enter at least %(limit_value)d character (you entered %(show_value)d).",
    "Please enter at least %(limit_value)d characters (you entered %(show_value)d).",
    "limit_value",
)
NULL_CHARACTER = _("The text contains a control character that is not allowed. Please type it again.")
INVALID_EMAIL = _("Please enter a valid e-mail address, such as name@example.com.")
INVALID_URL = _("Please enter a valid web address, such as https://www.example.com.")
INVALID_WHOLE_NUMBER = _("Please enter a whole number.")
INVALID_NUMBER = _("Please enter a number.")
MAX_VALUE = _("Please enter a number no greater than %(limit_value)s.")
MIN_VALUE = _("Please enter a number no smaller than %(limit_value)s.")
INVALID_DATE = _("Please enter a valid date.")
INVALID_TIME = _("Please enter a valid time.")

# For each error code, our message by the field class it applies to; the class nearest to the field wins
# (a DecimalField is an IntegerField, but wants a number, not a whole one). Codes raised by validators
# (max_length, min_value …) are not in Django's error_messages; Field.run_validators looks them up there.
MESSAGES: dict[str, dict[type[forms.Field], Promise]] = {
    "required": {
        forms.Field: REQUIRED,
        forms.ChoiceField: REQUIRED_CHOICE,
        forms.MultipleChoiceField: REQUIRED_CHOICES,
        forms.ModelMultipleChoiceField: REQUIRED_CHOICES,
        forms.BooleanField: REQUIRED_TICK,
        forms.FileField: REQUIRED_FILE,
    },
    "invalid_choice": {forms.ChoiceField: INVALID_CHOICE},
    "max_length": {forms.CharField: MAX_LENGTH},
    "min_length": {forms.CharField: MIN_LENGTH},
    "null_characters_not_allowed": {forms.CharField: NULL_CHARACTER},
    "invalid": {
        forms.EmailField: INVALID_EMAIL,
        forms.URLField: INVALID_URL,
        forms.IntegerField: INVALID_WHOLE_NUMBER,
        forms.FloatField: INVALID_NUMBER,
        forms.DecimalField: INVALID_NUMBER,
        forms.DateField: INVALID_DATE,
        forms.TimeField: INVALID_TIME,
    },
    "max_value": {forms.IntegerField: MAX_VALUE},
    "min_value": {forms.IntegerField: MIN_VALUE},
    "invalid_date": {forms.SplitDateTimeField: INVALID_DATE},
    "invalid_time": {forms.SplitDateTimeField: INVALID_TIME},
}


def _django_messages(field_class: type[forms.Field]) -> dict:
    """The messages Django's own field classes give `field_class`, as Field.__init__ collects them."""
    messages = {}
    for cls in reversed(field_class.__mro__):
        if cls.__module__.startswith("django."):
            messages.update(cls.__dict__.get("default_error_messages", {}))
    return messages


def our_messages(field: forms.Field) -> dict[str, Promise]:
    """Our message for each code where `field` would give Django's stock one (or a validator's)."""
    stock = _django_messages(type(field))
    mro = type(field).__mro__
    messages = {}
    for code, by_class in MESSAGES.items():
        nearest = next((cls for cls in mro if cls in by_class), None)
        if nearest is None:
            continue
        current = field.error_messages.get(code)
        if current is None or current is stock.get(code):
            messages[code] = by_class[nearest]
    return messages


def use_our_messages(fields) -> None:
    """Give each of the fields (a form's ``fields``) our messages where it has Django's."""
    for field in fields.values():
        field.error_messages.update(our_messages(field))


class OurMessagesMixin:
    """A form whose fields speak our wording (see the module's docstring)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_our_messages(self.fields)


class Form(OurMessagesMixin, forms.Form):
    pass


class ModelForm(OurMessagesMixin, forms.ModelForm):
    pass
