"""What every admin page of the organizers shares: the site's name, tabbed languages, translation completeness
(nanjingweek/admin_completeness.py), review marks (admin_review.py) and the history (admin_history.py).

The names of admin_completeness are imported here too, where every app's admin has always found them.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname

from nanjingweek.admin_completeness import (  # noqa: F401 (the names every app's admin imports from here)
    COMPLETE,
    MissingTranslationFilter,
    TranslationCompletenessMixin,
    language_columns,
    language_name,
    missing_any_translation_q,
    missing_languages,
    missing_translation_q,
    other_languages,
    translated_fields,
)
from nanjingweek.admin_history import HistoryAdminMixin
from nanjingweek.admin_input import AdminInputMixin
from nanjingweek.admin_review import TranslationReviewAdminMixin
from nanjingweek.forms import ModelForm
from nanjingweek.images import IMAGE_FORMFIELD_OVERRIDES, AltTextRequiredMixin
from nanjingweek.slugs import slug_from

admin.site.site_header = _("Nanjing Week administration")
admin.site.site_title = _("Nanjing Week administration")
admin.site.index_title = _("Programme, exhibitions and partners")

# Every admin form: websites typed without a scheme ("www.siemens.com") are taken as https, as browsers do
# today, and image uploads are checked by our rule with our messages before Django's own check.
FORMFIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}, **IMAGE_FORMFIELD_OVERRIDES}


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
