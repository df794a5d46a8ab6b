"""What every admin page of the organizers shares: the site's name, tabbed languages, translation completeness.

An object "lacks" a language when one of its translated fields has English text and no text in that
language. English is always there (it is required), so only German and Chinese can be missing. The list
column reads the loaded object; the list filter is one database query over the ``_de`` / ``_zh_hans``
columns, so it works on thousands of objects without loading them.
"""

from __future__ import annotations

from functools import reduce
from operator import or_

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from nanjingweek.admin_history import HistoryAdminMixin
from nanjingweek.admin_input import AdminInputMixin
from nanjingweek.admin_review import TranslationReviewAdminMixin
from nanjingweek.forms import ModelForm
from nanjingweek.images import IMAGE_FORMFIELD_OVERRIDES, AltTextRequiredMixin
from nanjingweek.slugs import slug_from
from nanjingweek.typography import joined

admin.site.site_header = _("Nanjing Week administration")
admin.site.site_title = _("Nanjing Week administration")
admin.site.index_title = _("Programme, exhibitions and partners")

COMPLETE = "complete"

# Every admin form: websites typed without a scheme ("www.siemens.com") are taken as https, as browsers do
# today, and image uploads are checked by our rule with our messages before Django's own check.
FORMFIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}, **IMAGE_FORMFIELD_OVERRIDES}


def translated_fields(model: type[Model]) -> list[str]:
    """The model's translated fields as modeltranslation knows them (``title``, ``summary`` …)."""
    return list(translator.get_options_for_model(model).all_fields)


def other_languages() -> list[str]:
    """The languages that fall back to the default one and can therefore be missing: de, zh-hans."""
    return [code for code in mt_settings.AVAILABLE_LANGUAGES if code != mt_settings.DEFAULT_LANGUAGE]


def language_columns(*fields: str) -> list[str]:
    """Each field in every language: ``("title",)`` → ``["title_en", "title_de", "title_zh_hans"]``.

    Lookups through relations work too: ``"venue__name"`` → ``"venue__name_en"`` …
    """
    return [build_localized_fieldname(field, code) for field in fields for code in mt_settings.AVAILABLE_LANGUAGES]


def _has_text(column: str) -> Q:
    return Q(**{f"{column}__isnull": False}) & ~Q(**{column: ""})


def _lacks_text(column: str) -> Q:
    return Q(**{f"{column}__isnull": True}) | Q(**{column: ""})


def missing_translation_q(model: type[Model], language: str) -> Q:
    """Objects lacking ``language``: some translated field has English text and none (NULL or "") in it."""
    default = mt_settings.DEFAULT_LANGUAGE
    conditions = [
        _has_text(build_localized_fieldname(field, default)) & _lacks_text(build_localized_fieldname(field, language))
        for field in translated_fields(model)
    ]
    return reduce(or_, conditions)


def missing_any_translation_q(model: type[Model]) -> Q:
    """Objects lacking at least one of the languages; ``exclude()`` it for the complete ones."""
    return reduce(or_, (missing_translation_q(model, language) for language in other_languages()))


def missing_languages(obj: Model) -> list[str]:
    """The language codes ``obj`` lacks, by the same rule as `missing_translation_q`, from its loaded fields."""
    default = mt_settings.DEFAULT_LANGUAGE
    fields = translated_fields(type(obj))
    missing = []
    for language in other_languages():
        for field in fields:
            if getattr(obj, build_localized_fieldname(field, default)) and not getattr(
                obj, build_localized_fieldname(field, language)
            ):
                missing.append(language)
                break
    return missing


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


class MissingTranslationFilter(admin.SimpleListFilter):
    """ "Missing translation: German / Simplified Chinese / complete", as one query over the language columns."""

    title = _("missing translation")
    parameter_name = "missing_translation"

    def lookups(self, request, model_admin):
        choices = [(code, language_name(code)) for code in other_languages()]
        return [*choices, (COMPLETE, _("Complete"))]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value == COMPLETE:
            return queryset.exclude(missing_any_translation_q(queryset.model))
        if value in other_languages():
            return queryset.filter(missing_translation_q(queryset.model, value))
        return queryset


class TranslationCompletenessMixin:
    """The "Missing translations" column: "German and Simplified Chinese" (in the admin's language), or ✓."""

    @admin.display(description=_("Missing translations"))
    def missing_translations(self, obj: Model) -> str:
        return joined(language_name(code) for code in missing_languages(obj)) or "✓"


# Said where a slug cannot be made from the name the organizer typed (a name only in Chinese).
NO_SLUG = _(
    "Please type a slug: it cannot be made from a name without Latin letters or digits. Use lowercase letters, "
    "digits and hyphens, for example the name in pinyin."
)


class SlugFromSourcesFormMixin:
    """Makes a slug left empty from its source fields with `slug_from`, on the server.

    The admin's script fills slugs as the organizer types; this does the same without JavaScript, and refuses
    a name that gives no slug with `NO_SLUG` rather than a bare "This field is required."
    ``slug_sources`` (``{"slug": ("title_en",)}``) is set by `PrepopulatedSlugsMixin.get_form`.
    """

    slug_sources: dict[str, tuple[str, ...]] = {}

    def clean(self):
        cleaned_data = super().clean()
        for field, sources in self.slug_sources.items():
            if cleaned_data.get(field) or field in self.errors:
                continue
            if any(source in self.errors for source in sources):
                # The name itself was refused (left empty, say): the slug is simply still needed.
                self.add_error(field, ValidationError(self.fields[field].error_messages["required"], code="required"))
                continue
            name = " ".join(str(cleaned_data.get(source) or "") for source in sources)
            slug = slug_from(name, max_length=self.fields[field].max_length or 50)
            if slug:
                cleaned_data[field] = slug
            else:
                self.add_error(field, ValidationError(NO_SLUG, code="required"))
        return cleaned_data


class PrepopulatedSlugsMixin:
    """Prepopulated slugs keep words apart at dashes and punctuation, in the browser and on the server.

    In the browser static/js/admin-slugs.js wraps Django's URLify (loaded only where a slug is prepopulated);
    on the server the slug may be left empty, and `SlugFromSourcesFormMixin` makes it from the same sources.
    """

    @property
    def media(self):
        media = super().media
        if self.prepopulated_fields:
            # urlify.js named first: Media orders files only within one list, and the wrapper needs URLify defined.
            media += forms.Media(js=["admin/js/urlify.js", "js/admin-slugs.js"])
        return media

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        sources = {
            field: tuple(names)
            for field, names in self.get_prepopulated_fields(request, obj).items()
            if field in form.base_fields
        }
        if not sources:
            return form
        # A subclass with the mixin; ModelForm's metaclass builds its fields afresh from the same Meta, so
        # making them optional here changes no other form.
        form = type(form)(form.__name__, (SlugFromSourcesFormMixin, form), {"slug_sources": sources})
        for field in sources:
            form.base_fields[field].required = False
        return form


class TranslatedModelForm(AltTextRequiredMixin, ModelForm):
    """A model form for translated models that shows a model's error on ``title`` at ``title_en``.

    Its fields speak our wording (nanjingweek.forms), not Django's stock messages.

    An uploaded image without alt text is refused next to the alt field (``image_alt_en``).

    Models name their translated fields plainly in ``clean()`` (``{"announced_period": …}``), but the
    admin form only has the language columns; Django would fail on the unknown name instead of showing it.
    """

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict"):
            default = mt_settings.DEFAULT_LANGUAGE
            translated = set(translated_fields(self._meta.model))
            error_dict = {}
            for field, messages in errors.error_dict.items():
                if field in translated and field not in self.fields:
                    field = build_localized_fieldname(field, default)
                if field != NON_FIELD_ERRORS and field not in self.fields:
                    field = NON_FIELD_ERRORS
                error_dict.setdefault(field, []).extend(messages)
            errors = ValidationError(error_dict)
        super()._update_errors(errors)


class TranslatedAdmin(
    AdminInputMixin,
    PrepopulatedSlugsMixin,
    TranslationCompletenessMixin,
    TranslationReviewAdminMixin,
    HistoryAdminMixin,
    TabbedTranslationAdmin,
):
    """Base for admins of translated models: language tabs (jQuery UI from our static files), completeness,
    slugs that keep words apart (`PrepopulatedSlugsMixin`) and the history of changes (`HistoryAdminMixin`).
    Translations whose English changed since (nanjingweek/admin_review.py) get their filter and column next to
    `MissingTranslationFilter` and ``missing_translations`` by themselves. `AdminInputMixin` is named here although
    the site mixes it into every admin (nanjingweek/accounts/site.py): the inlines below need it in their bases.

    List it explicitly so each admin shows what it offers::

        list_display = ("title", ..., "missing_translations")
        list_filter = (..., MissingTranslationFilter)
    """

    # Translated forms are long (three tabs per text field): the save buttons belong at the top too.
    save_on_top = True
    form = TranslatedModelForm
    formfield_overrides = FORMFIELD_OVERRIDES

    @property
    def media(self):
        # After modeltranslation's tabs script: its tabs read "de"; static/js/admin-language-tabs.js names them.
        return super().media + forms.Media(js=["js/admin-language-tabs.js"])


class TranslatedTabularInline(AdminInputMixin, TranslationTabularInline):
    form = TranslatedModelForm
    formfield_overrides = FORMFIELD_OVERRIDES
    extra = 0


class TranslatedStackedInline(AdminInputMixin, TranslationStackedInline):
    form = TranslatedModelForm
    formfield_overrides = FORMFIELD_OVERRIDES
    extra = 0
