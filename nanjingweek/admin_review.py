"""The admin side of stale translations (the rules are in nanjingweek/translation_review.py).

`TranslatedAdmin` (nanjingweek/admin.py) mixes in `TranslationReviewAdminMixin`, so every translated model's
admin offers, next to its completeness column and filter:

- the "needs review" filter (German / Simplified Chinese / nothing to review), one query with the list;
- the "Needs review" column ("German (description)"), the page's marks read in one query;
- in the change form, at each marked field's language tab, the previous and the current English side by side
  with what changed, and a "Mark as still correct" button. The button posts the change form to its own view
  (``formaction``, with the form's CSRF token), which clears the mark and saves nothing else.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from nanjingweek import translation_review
from nanjingweek.admin_completeness import MissingTranslationFilter, language_name
from nanjingweek.typography import annotated, clock_time, date_and_time, joined, labelled, long_date

NOTHING_TO_REVIEW = "none"
# The change form's button: "<field>:<language>", posted to the view below.
REVIEWED = "_translation_reviewed"
# The marks of the list page's objects, put on each object by the changelist.
ON_OBJECT = "_translation_reviews"


def _field_label(model, field: str) -> str:
    return str(model._meta.get_field(field).verbose_name)


class NeedsReviewFilter(admin.SimpleListFilter):
    """ "German needs review / Simplified Chinese needs review / nothing to review", as a subquery of the list."""

    title = _("needs review")
    parameter_name = "needs_review"

    def lookups(self, request, model_admin):
        choices = [
            (code, _("%(language)s needs review") % {"language": language_name(code)})
            for code in translation_review.review_languages()
        ]
        return [*choices, (NOTHING_TO_REVIEW, _("Nothing to review"))]

    def queryset(self, request, queryset):
        value = self.value()
        if value == NOTHING_TO_REVIEW:
            return queryset.exclude(translation_review.needs_any_review_q(queryset.model))
        if value in translation_review.review_languages():
            return queryset.filter(translation_review.needs_review_q(queryset.model, value))
        return queryset


class TranslationReviewAdminMixin:
    """Stale translations in a translated model's admin: the filter, the column, the diff and the button."""

    @property
    def media(self):
        return super().media + forms.Media(css={"all": ["css/admin-translation-review.css"]})

    # --- The list -------------------------------------------------------------------------------------------

    def get_list_display(self, request):
        return self._beside(super().get_list_display(request), "missing_translations", "needs_review")

    def get_list_filter(self, request):
        return self._beside(super().get_list_filter(request), MissingTranslationFilter, NeedsReviewFilter)

    @staticmethod
    def _beside(items, existing, new):
        """`items` with `new` right after `existing`, where an admin lists `existing`."""
        items = list(items)
        if existing in items and new not in items:
            items.insert(items.index(existing) + 1, new)
        return items

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if "needs_review" in changelist.list_display:
            objects = list(changelist.result_list)
            found = translation_review.reviews_by_object(self.model, [obj.pk for obj in objects])
            for obj in objects:
                obj.__dict__[ON_OBJECT] = found.get(obj.pk, [])
        return changelist

    @admin.display(description=_("Needs review"))
    def needs_review(self, obj) -> str:
        by_language: dict[str, list[str]] = {}
        order = list(translation_review.translated_columns(type(obj)))
        for review in sorted(self._reviews(obj), key=lambda review: order.index(review.field_name)):
            by_language.setdefault(review.language, []).append(_field_label(type(obj), review.field_name))
        return joined(
            annotated(language_name(code), joined(by_language[code]))
            for code in translation_review.review_languages()
            if code in by_language
        )

    @staticmethod
    def _reviews(obj):
        if ON_OBJECT not in obj.__dict__:
            obj.__dict__[ON_OBJECT] = translation_review.reviews_for(obj)
        return obj.__dict__[ON_OBJECT]

    # --- The change form ------------------------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # On the form itself, after every mixin has made its form class: some make it afresh (the speakers' pinyin).
        if obj is not None and obj.pk is not None and "adminform" in context:
            fields = context["adminform"].form.fields
            for review in self._reviews(obj):
                field = fields.get(build_localized_fieldname(review.field_name, review.language))
                if field is not None:
                    note = self._review_note(obj, review)
                    field.help_text = format_html("{}{}", field.help_text, note) if field.help_text else note
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def _review_note(self, obj, review):
        changed_at = timezone.localtime(review.changed_at)
        when = date_and_time(long_date(changed_at), clock_time(changed_at))
        language = language_name(review.language)
        if review.changed_by is not None:
            who = review.changed_by.get_full_name() or review.changed_by.get_username()
            said = _("%(who)s changed the English text on %(when)s. Is the %(language)s text still correct?") % {
                "who": who,
                "when": when,
                "language": language,
            }
        else:
            said = _("The English text changed on %(when)s. Is the %(language)s text still correct?") % {
                "when": when,
                "language": language,
            }
        previous, current = translation_review.word_diff(review.previous_text, review.current_text)
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_translation_reviewed", args=[obj.pk])
        return format_html(
            '<div class="translation-review">'
            '<p class="translation-review__note">{said}</p>'
            '<div class="translation-review__texts">'
            '<div class="translation-review__text"><p class="translation-review__label">{previous_label}</p>'
            '<div lang="en">{previous}</div></div>'
            '<div class="translation-review__text"><p class="translation-review__label">{current_label}</p>'
            '<div lang="en">{current}</div></div>'
            "</div>"
            '<button type="submit" class="button" formaction="{url}" formnovalidate name="{name}" value="{value}">'
            "{button}</button>"
            "</div>",
            said=said,
            previous_label=_("Previous English text"),
            current_label=_("Current English text"),
            previous=previous,
            current=current,
            url=url,
            name=REVIEWED,
            value=f"{review.field_name}:{review.language}",
            button=_("Mark as still correct"),
        )

    def get_urls(self):
        opts = self.opts
        return [
            path(
                "<path:object_id>/translation-reviewed/",
                self.admin_site.admin_view(self.translation_reviewed_view),
                name=f"{opts.app_label}_{opts.model_name}_translation_reviewed",
            ),
            *super().get_urls(),
        ]

    def translation_reviewed_view(self, request, object_id):
        """ "Mark as still correct": clears one field's mark in one language; the object itself is not saved."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        field, _sep, language = request.POST.get(REVIEWED, "").partition(":")
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        known = field in translation_review.translated_columns(self.model)
        if known and language in translation_review.review_languages():
            translation_review.mark_reviewed(obj, language=language, field=field)
            said = labelled(
                _("Marked as still correct"), annotated(_field_label(self.model, field), language_name(language))
            )
            # In the object's admin history, who vouched for the translation; the object itself is not saved.
            self.log_change(request, obj, said)
            self.message_user(request, said, messages.SUCCESS)
        else:
            self.message_user(request, _("There is no such translation to mark as still correct."), messages.ERROR)
        return redirect(change_url)
