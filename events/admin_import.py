"""The event admin's "Import programme" pages: upload a spreadsheet, read the dry run, confirm it.

Thin: the rules are in events/programme_import/. The upload is kept as a ProgrammeImport between the dry run
and the confirmation; the confirmation sends the dry run's digest, and the import is applied only if it still
does exactly that. Who may add and change events may import.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events import programme_import
from events.models import Event, ProgrammeImport
from nanjingweek.forms import Form


class ProgrammeUploadForm(Form):
    file = forms.FileField(label=_("Spreadsheet (XLSX or CSV)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > programme_import.MAX_FILE_SIZE:
            raise ValidationError(
                _("The file is larger than %(size)d MB. Split the programme into several files.")
                % {"size": programme_import.MAX_FILE_SIZE // (1024 * 1024)}
            )
        return upload


class ConfirmImportForm(Form):
    digest = forms.CharField(widget=forms.HiddenInput, max_length=64)


def import_urls(model_admin) -> list:
    """The import pages, for EventAdmin.get_urls."""
    pages = ImportPages(model_admin)
    view = model_admin.admin_site.admin_view
    return [
        path("import/", view(pages.upload), name="events_event_import"),
        path("import/template.xlsx", view(pages.template_xlsx), name="events_event_import_template_xlsx"),
        path("import/template.csv", view(pages.template_csv), name="events_event_import_template_csv"),
        path("import/<int:pk>/", view(pages.review), name="events_event_import_review"),
    ]


class ImportPages:
    def __init__(self, model_admin):
        self.model_admin = model_admin

    def check_permission(self, request) -> None:
        if not (self.model_admin.has_add_permission(request) and self.model_admin.has_change_permission(request)):
            raise PermissionDenied

    def render(self, request, template: str, context: dict) -> TemplateResponse:
        admin_site = self.model_admin.admin_site
        request.current_app = admin_site.name
        context = {
            **admin_site.each_context(request),
            "opts": Event._meta,
            "title": _("Import programme"),
            **context,
        }
        response = TemplateResponse(request, template, context)
        response["Cache-Control"] = "private, no-store"
        return response

    def upload(self, request):
        self.check_permission(request)
        form = ProgrammeUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            plan = programme_import.plan_import(content, upload.name)
            if plan.file_errors:
                for error in plan.file_errors:
                    form.add_error("file", error.message)
            else:
                stored = ProgrammeImport.objects.create(
                    name=upload.name[:255], content=content, uploaded_by=request.user, summary=plan.summary()
                )
                return redirect(reverse("admin:events_event_import_review", args=[stored.pk]))
        columns = [
            {
                "name": column.name,
                "required": column.required,
                "meaning": programme_import.column_meaning(column),
                "example": column.example,
            }
            for column in programme_import.COLUMNS
        ]
        return self.render(
            request,
            "admin/events/event/import.html",
            {
                "form": form,
                "columns": columns,
                "max_rows": programme_import.MAX_ROWS,
                "max_megabytes": programme_import.MAX_FILE_SIZE // (1024 * 1024),
            },
        )

    def review(self, request, pk: int):
        self.check_permission(request)
        stored = get_object_or_404(ProgrammeImport, pk=pk)
        content = bytes(stored.content)
        if stored.applied_at is not None:
            self.model_admin.message_user(request, gettext("This file has been imported already."), messages.WARNING)
            return redirect(reverse("admin:events_event_changelist"))
        if request.method == "POST":
            confirm = ConfirmImportForm(request.POST)
            if confirm.is_valid():
                plan = programme_import.apply_import(
                    content, stored.name, expected_digest=confirm.cleaned_data["digest"]
                )
                if plan.applied:
                    stored.applied_at = timezone.now()
                    stored.summary = {**stored.summary, "applied": plan.summary()}
                    stored.save(update_fields=["applied_at", "summary"])
                    self.log(request, plan)
                    self.model_admin.message_user(
                        request,
                        gettext("Imported %(file)s: %(summary)s.")
                        % {"file": stored.name, "summary": plan.summary_text()},
                        messages.SUCCESS,
                    )
                    return redirect(reverse("admin:events_event_changelist"))
                if plan.stale:
                    self.model_admin.message_user(
                        request,
                        gettext(
                            "The programme changed since this dry run, so nothing was imported. Here is what the "
                            "file would do now: check it and confirm again."
                        ),
                        messages.WARNING,
                    )
                return self.review_page(request, stored, plan)
        return self.review_page(request, stored, programme_import.plan_import(content, stored.name))

    def review_page(self, request, stored: ProgrammeImport, plan) -> TemplateResponse:
        return self.render(
            request,
            "admin/events/event/import_review.html",
            {
                "stored": stored,
                "plan": plan,
                "summary": plan.summary_text(),
                "errors": plan.errors,
                "confirm": ConfirmImportForm(initial={"digest": plan.digest}),
                "subtitle": stored.name,
            },
        )

    def log(self, request, plan) -> None:
        """The admin's history of each object, as if it had been saved on its page."""
        for obj, row in programme_import.changed_objects(plan):
            if row.action == programme_import.CREATE:
                self.model_admin.log_addition(request, obj, [{"added": {}}])
            else:
                fields = sorted({change.field for change in row.changes})
                self.model_admin.log_change(request, obj, [{"changed": {"fields": fields}}])

    def template_xlsx(self, request):
        self.check_permission(request)
        return _attachment(
            programme_import.template_xlsx(),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "programme-template.xlsx",
        )

    def template_csv(self, request):
        self.check_permission(request)
        # German Excel reads semicolons as the separator, English Excel commas; the import reads both.
        delimiter = ";" if translation.get_language() == "de" else ","
        return _attachment(
            programme_import.template_csv(delimiter), "text/csv; charset=utf-8", "programme-template.csv"
        )


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
