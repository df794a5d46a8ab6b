"""The organizers' admin for the programme: editions, cities, venues, topics, events, sessions and speakers.

Times are typed and shown in the venue's local time (the zone of its city), never in the server's zone:
an organizer in Nanjing and one in Leipzig both type the hour printed on the invitation. Status changes,
duplication and the calendar revision go through events/services.py.

Registrations and their e-mails are managed here too; every action calls the rules in events/registrations.py.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from events import admin_door, admin_import, registrations, services
from events.admin_attendee import (
    LoggedCorrectionsMixin,
    PinyinNameAdminMixin,
    RegistrationChangeInline,
    registrant_name,
)
from events.admin_editions import EditionCopyMixin
from events.admin_tickets import EventBadgesMixin, RegistrationBadgesMixin
from events.admin_times import (
    DayOptionalSplitDateTimeField,
    LocalSplitDateTime,
    LocalSplitDateTimeField,
    format_local,
    is_bare_time,
    session_day,
)
from events.exports import export_csv, export_xlsx
from events.models import (
    City,
    Edition,
    Event,
    EventPhoto,
    Registration,
    Session,
    Speaker,
    Topic,
    Venue,
)
from events.timezones import attach_zone, zone_name
from nanjingweek.admin import (
    FORMFIELD_OVERRIDES,
    MissingTranslationFilter,
    TranslatedAdmin,
    TranslatedModelForm,
    TranslatedStackedInline,
    language_columns,
)
from nanjingweek.admin_input import AdminInputMixin
from nanjingweek.admin_preview import PreviewLinksMixin
from nanjingweek.forms import Form, ModelForm
from nanjingweek.typography import labelled
from partners.models import EventRole

# --- Local times -------------------------------------------------------------------------------------


LOCAL_TIME_FIELDS = {
    **FORMFIELD_OVERRIDES,
    models.DateTimeField: {"form_class": LocalSplitDateTimeField, "widget": LocalSplitDateTime},
}
# Agenda times: a time alone is on the event's day (events/admin_times.session_day).
SESSION_TIME_FIELDS = {
    **LOCAL_TIME_FIELDS,
    models.DateTimeField: {"form_class": DayOptionalSplitDateTimeField, "widget": LocalSplitDateTime},
}


class LocalTimesForm(TranslatedModelForm):
    """A form whose date-times are the local times of a place (`place_zone`), shown and typed as such.

    What the organizer sees is what is stored: if the place moves to another zone, the times on the
    page are taken as local times of the new place (and count as changed).
    """

    local_time_fields: tuple[str, ...] = ()
    local_time_help = _("Local time of the venue: %(zone)s.")
    local_time_help_unknown = _("Local time of the venue, in the time zone of its city.")
    # A sentence after the zone for some fields; it replaces the model's help text, which would repeat the zone.
    local_time_notes: dict[str, str] = {}

    def place_zone(self) -> ZoneInfo | None:
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.display_zone = self.place_zone()
        for name in self.local_time_fields:
            if name not in self.fields:
                continue
            value = self.initial.get(name)
            if isinstance(value, datetime) and timezone.is_aware(value):
                self.initial[name] = value.astimezone(self.display_zone or timezone.get_current_timezone()).replace(
                    tzinfo=None
                )
            field = self.fields[name]
            # The zone beside the inputs, where the pickers would otherwise note the browser's offset.
            field.widget.zone_note = (
                self.local_time_help % {"zone": zone_name(self.display_zone)}
                if self.display_zone
                else self.local_time_help_unknown
            )
            field.help_text = self.local_time_notes.get(name, "")

    def clean(self):
        cleaned_data = super().clean()
        zone = self.place_zone() or timezone.get_current_timezone()
        for name in self.local_time_fields:
            value = cleaned_data.get(name)
            if is_bare_time(value):
                day = self.day_of_time_alone(name, cleaned_data, zone)
                if day is None:
                    self.add_error(name, _("Type the date too: the event has no date yet."))
                    continue
                value = datetime.combine(day, value)
            if isinstance(value, datetime) and timezone.is_naive(value):
                try:
                    cleaned_data[name] = attach_zone(value, zone)
                except ValidationError as error:
                    self.add_error(name, error)
        return cleaned_data

    def day_of_time_alone(self, name, cleaned_data, zone):
        """The day of a time typed without a date; only forms with a day-optional field have one."""
        return None

    def zone_moved(self) -> bool:
        """True when the times on the page were shown in one zone and are now saved in another."""
        if self.instance.pk is None or self.display_zone is None or not self.is_bound:
            return False
        zone = self.place_zone()
        return zone is not None and zone.key != self.display_zone.key

    @property
    def changed_data(self) -> list[str]:
        changed = list(super().changed_data)
        if self.zone_moved():
            changed += [
                name
                for name in self.local_time_fields
                if name in self.fields and name not in changed and self.initial.get(name) is not None
            ]
        return changed


def _venue_zone(venue: Venue | None) -> ZoneInfo | None:
    return venue.city.zone if venue is not None else None


class EventAdminForm(LocalTimesForm):
    local_time_fields = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
    local_time_notes = {
        "starts_at": _("Leave start and end empty if the event has no date yet, and give an announced period."),
        "ends_at": _("If you change the venue, the times on this page are kept as local times of the new venue."),
    }

    def place_zone(self):
        venue = getattr(self, "cleaned_data", {}).get("venue")
        if venue is None and self.instance.venue_id:
            venue = self.instance.venue
        return _venue_zone(venue)


class SessionAdminForm(LocalTimesForm):
    local_time_fields = ("starts_at", "ends_at")
    local_time_help = _("Local time of the event's venue: %(zone)s.")
    local_time_help_unknown = _("Local time of the event's venue.")
    local_time_notes = {
        "starts_at": _("A time without a date is on the event's first day."),
        "ends_at": _("A time without a date is on the day the session starts."),
    }

    def __init__(self, *args, parent_event: Event | None = None, **kwargs):
        # On the event's page: its new rows (and the "Add another" template) know their event before they have one.
        self.parent_event = parent_event
        super().__init__(*args, **kwargs)

    def _event(self):
        # Inside the event's page the parent event (with the venue and start chosen on that page) arrives as "event".
        event = getattr(self, "cleaned_data", {}).get("event")
        if event is None and self.instance.event_id:
            event = self.instance.event
        return event or self.parent_event

    def place_zone(self):
        event = self._event()
        if event is None or not event.venue_id:
            return None
        return _venue_zone(event.venue)

    def day_of_time_alone(self, name, cleaned_data, zone):
        event = self._event()
        start = cleaned_data.get("starts_at")
        return session_day(
            name,
            event_start=event.starts_at if event is not None else None,
            session_start=start if isinstance(start, datetime) and timezone.is_aware(start) else None,
            zone=zone,
        )


class DuplicateEventForm(Form):
    starts_at = LocalSplitDateTimeField(label=_("New start"), required=False)
    edition = forms.ModelChoiceField(queryset=Edition.objects.all(), label=_("Edition"))

    def __init__(self, *args, event: Event, **kwargs):
        self.event = event
        initial = {"edition": event.edition_id}
        if event.starts_at:
            initial["starts_at"] = event.local_start.replace(tzinfo=None)
        super().__init__(*args, initial=initial, **kwargs)
        if event.starts_at:
            self.fields["starts_at"].widget.zone_note = LocalTimesForm.local_time_help % {"zone": zone_name(event.zone)}
            self.fields["starts_at"].help_text = _(
                "The end, the registration window and every session move by the same amount. Leave empty to keep "
                "the original's times."
            )
        else:
            # Nothing to move from: the copy is announced like the original, and dated afterwards.
            del self.fields["starts_at"]

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        return attach_zone(value, self.event.zone) if value else None


# --- Inlines -----------------------------------------------------------------------------------------


class SessionFormSet(BaseInlineFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "parent_event": self.instance}


class SessionInline(TranslatedStackedInline):
    model = Session
    form = SessionAdminForm
    formset = SessionFormSet
    formfield_overrides = SESSION_TIME_FIELDS
    fields = ("title", ("starts_at", "ends_at"), "room", "speakers", "description", "order")
    autocomplete_fields = ("speakers",)

    def get_queryset(self, request):
        # The form shows each session in its event's zone: load venue and city with it.
        return super().get_queryset(request).select_related("event__venue__city")

    def view_on_site(self, session: Session) -> str | None:
        return session.get_absolute_url() if session.event.is_public else None


class EventPhotoInline(TranslatedStackedInline):
    """The gallery of what came of the event: shown on its page once it is over."""

    model = EventPhoto
    fields = ("image", "image_alt", "caption", "credit", "order")
    verbose_name = _("photo")
    verbose_name_plural = _("photo gallery")


class EventRoleInline(AdminInputMixin, admin.TabularInline):
    model = EventRole
    form = ModelForm
    extra = 0
    fields = ("organization", "role", "order")
    autocomplete_fields = ("organization",)
    verbose_name = _("partner")
    verbose_name_plural = _("partners")


# --- Admins ------------------------------------------------------------------------------------------


def _count_registrations(status: str) -> Count:
    # distinct: a list filter through a many-to-many relation (topics) would otherwise count each row twice.
    return Count("registrations", filter=Q(registrations__status=status), distinct=True)


def status_change_message() -> list[dict]:
    """A LogEntry message saying the status changed, stored untranslated like Django's own."""
    with translation.override(None):
        return [{"changed": {"fields": [str(capfirst(Event._meta.get_field("status").verbose_name))]}}]


class VenueClockMixin:
    """Render an object's change page on its venue's clock: the pickers' "Now" and timestamps match the fields."""

    zone_lookup = "venue__city__timezone"

    def venue_zone(self, object_id) -> ZoneInfo | None:
        try:
            pk = self.opts.pk.to_python(unquote(object_id))
        except ValidationError:
            return None
        name = self.model.objects.filter(pk=pk).values_list(self.zone_lookup, flat=True).first()
        return ZoneInfo(name) if name else None

    def history_zone(self, obj) -> ZoneInfo | None:
        # The history page shows starts and ends as the change form does: on the venue's clock.
        return self.venue_zone(str(obj.pk))

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        zone = self.venue_zone(object_id) if object_id is not None else None
        if zone is None:
            return super().changeform_view(request, object_id, form_url, extra_context)
        with timezone.override(zone):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            # Rendered here, inside the zone: a TemplateResponse would otherwise render after it is left.
            if hasattr(response, "render"):
                response.render()
        return response


@admin.register(Event)
class EventAdmin(PreviewLinksMixin, EventBadgesMixin, VenueClockMixin, TranslatedAdmin):
    form = EventAdminForm
    formfield_overrides = LOCAL_TIME_FIELDS
    list_display = (
        "title",
        "local_start",
        "venue",
        "kind",
        "status",
        "edition",
        "seats_taken",
        "waiting_count",
        "awaiting_count",
        "missing_translations",
        admin_door.check_in_link,
    )
    list_display_links = ("title",)
    list_filter = (
        "edition",
        ("venue__city", admin.RelatedOnlyFieldListFilter),
        "kind",
        "status",
        "topics",
        MissingTranslationFilter,
    )
    list_select_related = ("venue__city", "edition")
    search_fields = (
        *language_columns("title", "subtitle", "venue__name", "venue__city__name"),
        "slug",
    )
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("edition", "venue", "topics")
    readonly_fields = ("sequence", "created_at", "updated_at")
    inlines = (SessionInline, EventRoleInline, EventPhotoInline)
    actions = ("publish", "unpublish", "cancel", "duplicate")
    fieldsets = (
        (None, {"fields": ("edition", "kind", "status", "title", "slug", "subtitle", "theme")}),
        (
            _("When and where"),
            {"fields": ("venue", ("starts_at", "ends_at"), "announced_period")},
        ),
        (
            pgettext_lazy("admin fieldset: how an event is presented", "Presentation"),
            {"fields": ("summary", "description", "topics", "image", "image_alt")},
        ),
        (
            _("Registration"),
            {
                "fields": (
                    "registration_required",
                    "capacity",
                    ("registration_opens_at", "registration_closes_at"),
                )
            },
        ),
        (
            _("Outcomes"),
            {
                "fields": ("outcome_report", "participant_count"),
                "description": _(
                    "What came of the event, shown on its page once it is over: the report, the number of "
                    "participants, the photos below, and the agreements and projects that name this event."
                ),
            },
        ),
        (_("Revision"), {"fields": ("sequence", "created_at", "updated_at"), "classes": ("collapse",)}),
    )

    @admin.display(description=_("starts (local time)"), ordering="starts_at")
    def local_start(self, event: Event) -> str:
        if event.starts_at is None:
            return event.announced_period or "—"
        return format_local(event.local_start)

    def view_on_site(self, event: Event) -> str | None:
        # Drafts have no public page yet.
        return event.get_absolute_url() if event.is_public else None

    def get_queryset(self, request):
        # The registration columns, counted in the list's own query (one per page, however many events).
        status = Registration.Status
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_count=_count_registrations(status.CONFIRMED),
                waiting_count=_count_registrations(status.WAITLISTED),
                awaiting_count=_count_registrations(status.AWAITING_CONFIRMATION),
            )
        )

    @admin.display(description=_("confirmed / capacity"), ordering="confirmed_count")
    def seats_taken(self, event: Event) -> str:
        return f"{event.confirmed_count} / {event.capacity if event.capacity is not None else '∞'}"

    @admin.display(
        description=pgettext_lazy("admin column: registrations on the waiting list", "waiting"),
        ordering="waiting_count",
    )
    def waiting_count(self, event: Event) -> int:
        return event.waiting_count

    @admin.display(description=_("awaiting confirmation"), ordering="awaiting_count")
    def awaiting_count(self, event: Event) -> int:
        return event.awaiting_count

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            services.save_event_edit(obj, changed_fields=form.changed_data if change else ())
            if change and "capacity" in form.changed_data:
                # More seats: the waiting list moves up at once (and is told by e-mail).
                registrations.change_capacity(obj, obj.capacity)

    # Actions: thin wrappers around the services, which hold the rules.

    def _report(self, request, changed: list[Event], selected: int, done: str, skipped: str) -> None:
        message = status_change_message()
        for event in changed:
            self.log_change(request, event, message)
        if changed:
            self.message_user(request, done % {"count": len(changed)}, messages.SUCCESS)
        if selected > len(changed):
            self.message_user(request, skipped % {"count": selected - len(changed)}, messages.WARNING)

    @admin.action(description=_("Publish selected events"), permissions=("change",))
    def publish(self, request, queryset):
        selected = queryset.count()
        changed = services.publish_events(queryset)
        self._report(
            request,
            changed,
            selected,
            ngettext("Published %(count)d event.", "Published %(count)d events.", len(changed)),
            ngettext(
                "%(count)d event was already published.",
                "%(count)d events were already published.",
                selected - len(changed),
            ),
        )

    @admin.action(description=_("Unpublish selected events (back to draft)"), permissions=("change",))
    def unpublish(self, request, queryset):
        selected = queryset.count()
        changed = services.unpublish_events(queryset)
        self._report(
            request,
            changed,
            selected,
            ngettext("Set %(count)d event back to draft.", "Set %(count)d events back to draft.", len(changed)),
            ngettext(
                "%(count)d event was already a draft.", "%(count)d events were already drafts.", selected - len(changed)
            ),
        )

    @admin.action(description=_("Cancel selected events (registrants are told by e-mail)"), permissions=("change",))
    def cancel(self, request, queryset):
        selected = queryset.count()
        changed = services.cancel_events(queryset)
        self._report(
            request,
            changed,
            selected,
            ngettext("Cancelled %(count)d event.", "Cancelled %(count)d events.", len(changed)),
            ngettext(
                "%(count)d event was left alone: drafts are not announced, so there is nothing to cancel, "
                "and cancelled events stay cancelled.",
                "%(count)d events were left alone: drafts are not announced, so there is nothing to cancel, "
                "and cancelled events stay cancelled.",
                selected - len(changed),
            ),
        )

    @admin.action(description=_("Duplicate the selected event …"), permissions=("add",))
    def duplicate(self, request, queryset):
        events = list(queryset.values_list("pk", flat=True)[:2])
        if len(events) != 1:
            self.message_user(request, _("Select exactly one event to duplicate."), messages.WARNING)
            return None
        return redirect(reverse("admin:events_event_duplicate", args=[events[0]]))

    def get_urls(self):
        return [
            path(
                "<path:object_id>/duplicate/",
                self.admin_site.admin_view(self.duplicate_view),
                name="events_event_duplicate",
            ),
            *admin_import.import_urls(self),
            *super().get_urls(),
        ]

    def duplicate_view(self, request, object_id):
        """The page between the action and the copy: new start (venue's local time) and target edition."""
        event = self.get_object(request, unquote(object_id))
        if event is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_add_permission(request) and self.has_view_or_change_permission(request, event)):
            raise PermissionDenied
        form = DuplicateEventForm(request.POST or None, event=event)
        if request.method == "POST" and form.is_valid():
            try:
                copy = services.duplicate_event(
                    event, starts_at=form.cleaned_data.get("starts_at"), edition=form.cleaned_data["edition"]
                )
            except services.ProgrammeError as error:
                form.add_error(None, str(error))
            else:
                self.log_addition(request, copy, [{"added": {}}])
                self.message_user(
                    request,
                    format_html(
                        gettext("Created “{copy}” as a draft, a copy of “{original}” with its sessions and partners."),
                        copy=copy,
                        original=event,
                    ),
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:events_event_change", args=[copy.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Duplicate an event"),
            "subtitle": str(event),
            "opts": self.opts,
            "original": event,
            "form": form,
            # The date and time pickers need the admin's core script; the language tabs have nothing to do here.
            "media": forms.Media(js=["admin/js/core.js"]) + form.media,
            "session_count": event.sessions.count(),
            "role_count": event.roles.count(),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/events/event/duplicate.html", context)


@admin.register(Session)
class SessionAdmin(VenueClockMixin, TranslatedAdmin):
    zone_lookup = "event__venue__city__timezone"
    form = SessionAdminForm
    formfield_overrides = SESSION_TIME_FIELDS
    list_display = ("title", "event", "local_start", "room", "order", "missing_translations")
    list_filter = ("event__edition", ("event__venue__city", admin.RelatedOnlyFieldListFilter), MissingTranslationFilter)
    list_select_related = ("event__venue__city",)
    search_fields = language_columns("title", "room", "event__title")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("event", "speakers")
    fields = ("event", "title", ("starts_at", "ends_at"), "room", "speakers", "description", "order")

    def view_on_site(self, session: Session) -> str | None:
        return session.get_absolute_url() if session.event.is_public else None

    @admin.display(description=_("starts (local time)"), ordering="starts_at")
    def local_start(self, session: Session) -> str:
        if session.starts_at is None:
            return "—"
        return format_local(session.starts_at.astimezone(session.event.zone))


@admin.register(Edition)
class EditionAdmin(EditionCopyMixin, TranslatedAdmin):
    list_display = ("name", "start_date", "end_date", "is_current", "organizer", "missing_translations")
    list_filter = ("is_current", MissingTranslationFilter)
    list_select_related = ("organizer",)
    search_fields = (*language_columns("name", "theme"), "slug")
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organizer",)
    fields = ("name", "slug", "theme", "description", ("start_date", "end_date"), "organizer", "is_current")
    actions = ("copy_to_new_edition",)


@admin.register(City)
class CityAdmin(TranslatedAdmin):
    list_display = ("name", "country", "timezone", "missing_translations")
    list_filter = ("country", MissingTranslationFilter)
    search_fields = (*language_columns("name"), "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "country", "timezone")


@admin.register(Venue)
class VenueAdmin(TranslatedAdmin):
    list_display = ("name", "city", "capacity", "missing_translations")
    list_filter = (("city", admin.RelatedOnlyFieldListFilter), MissingTranslationFilter)
    list_select_related = ("city",)
    search_fields = (*language_columns("name", "address", "city__name"), "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("city",)
    fields = (
        "name",
        "slug",
        "city",
        "address",
        ("street_address", "postal_code"),
        ("latitude", "longitude"),
        "capacity",
        "accessibility",
        "website",
    )


@admin.register(Topic)
class TopicAdmin(TranslatedAdmin):
    list_display = ("name", "slug", "missing_translations")
    list_filter = (MissingTranslationFilter,)
    search_fields = (*language_columns("name"), "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Speaker)
class SpeakerAdmin(PinyinNameAdminMixin, TranslatedAdmin):
    list_display = ("name", "role", "organization", "missing_translations")
    list_filter = (MissingTranslationFilter,)
    list_select_related = ("organization",)
    search_fields = (*language_columns("name", "role", "organization__name"), "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("organization",)
    fields = ("name", "slug", "role", "organization", "bio", "photo", "photo_alt")


# --- Registrations -----------------------------------------------------------------------------------


class RegistrationAdminForm(ModelForm):
    class Meta:
        model = Registration
        fields = (
            "event",
            "name",
            "name_romanized",
            "email",
            "organization",
            "organization_kind",
            "country",
            "language",
        )

    def clean(self):
        # The status is read only here, so Django does not check the one-live-registration rule, which names it:
        # checked here, the organizer gets a message instead of an error page.
        cleaned_data = super().clean()
        event = cleaned_data.get("event") or (self.instance.event if self.instance.event_id else None)
        email = registrations.normalize_email(cleaned_data.get("email") or "")
        if event is not None and email and self.instance.is_live:
            others = Registration.objects.live().filter(event=event, email__iexact=email).exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error("email", _("This e-mail address is already registered for this event."))
        cleaned_data["email"] = email
        return cleaned_data


@admin.register(Registration)
class RegistrationAdmin(LoggedCorrectionsMixin, RegistrationBadgesMixin, admin.ModelAdmin):
    form = RegistrationAdminForm
    inlines = (RegistrationChangeInline,)
    list_display = (registrant_name, "email", "event", "status", "created_at", "confirmed_at", "checked_in_at")
    list_filter = ("event__edition", "event", "status", "organization_kind", "language")
    list_select_related = ("event__venue__city",)
    search_fields = ("name", "name_romanized", "email", "organization")
    date_hierarchy = "created_at"
    autocomplete_fields = ("event",)
    # The status changes only through the actions below, which apply the rules (seats, waiting list, e-mails).
    readonly_fields = (
        "status",
        "token",
        "ticket_code",
        "created_at",
        "consent_at",
        "confirmed_at",
        "cancelled_at",
        "checked_in_at",
        "checked_in_by",
        "anonymized_at",
    )
    fieldsets = (
        (None, {"fields": ("event", "status", "name", "name_romanized", "email", "language")}),
        (_("Organization"), {"fields": ("organization", "organization_kind", "country")}),
        (
            _("History"),
            {
                "fields": (
                    "ticket_code",
                    "token",
                    "created_at",
                    "consent_at",
                    "confirmed_at",
                    "cancelled_at",
                    ("checked_in_at", "checked_in_by"),
                    "anonymized_at",
                )
            },
        ),
    )
    actions = (
        "confirm",
        "move_to_waiting_list",
        "cancel",
        "resend_link",
        "check_in",
        export_csv,
        export_xlsx,
        "print_badges",
    )

    def get_readonly_fields(self, request, obj=None):
        # Moving a registration to another event would skip that event's seats and waiting list.
        return (*self.readonly_fields, "event") if obj is not None else self.readonly_fields

    def has_check_in_permission(self, request) -> bool:
        return request.user.has_perm(f"{self.opts.app_label}.check_in_registration")

    def _apply(self, request, queryset, rule, done) -> None:
        """Apply a rule to each selected registration; a refusal becomes a message naming the person."""
        changed = 0
        for registration in queryset.select_related("event"):
            try:
                rule(registration)
            except registrations.RegistrationError as error:
                self.message_user(request, labelled(registration.name, str(error)), messages.ERROR)
            else:
                changed += 1
        if changed:
            self.message_user(request, done(changed) % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Confirm selected registrations"), permissions=("change",))
    def confirm(self, request, queryset):
        self._apply(
            request,
            queryset,
            registrations.confirm,
            lambda n: ngettext("Confirmed %(count)d registration.", "Confirmed %(count)d registrations.", n),
        )

    @admin.action(description=_("Move selected registrations to the waiting list"), permissions=("change",))
    def move_to_waiting_list(self, request, queryset):
        self._apply(
            request,
            queryset,
            registrations.move_to_waiting_list,
            lambda n: ngettext(
                "Moved %(count)d registration to the waiting list.",
                "Moved %(count)d registrations to the waiting list.",
                n,
            ),
        )

    @admin.action(description=_("Cancel selected registrations (the waiting list moves up)"), permissions=("change",))
    def cancel(self, request, queryset):
        self._apply(
            request,
            queryset,
            registrations.cancel,
            lambda n: ngettext("Cancelled %(count)d registration.", "Cancelled %(count)d registrations.", n),
        )

    @admin.action(description=_("Send the link by e-mail again"), permissions=("change",))
    def resend_link(self, request, queryset):
        self._apply(
            request,
            queryset,
            registrations.resend_link,
            lambda n: ngettext(
                "The link is on its way again to %(count)d registrant.",
                "The link is on its way again to %(count)d registrants.",
                n,
            ),
        )

    @admin.action(description=_("Check in selected attendees"), permissions=("check_in",))
    def check_in(self, request, queryset):
        self._apply(
            request,
            queryset,
            lambda registration: registrations.check_in(registration.ticket_code, by=request.user),
            lambda n: ngettext("Checked in %(count)d attendee.", "Checked in %(count)d attendees.", n),
        )

    def delete_model(self, request, obj):
        self.delete_queryset(request, Registration.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        # A deleted registration gives its seat to the waiting list, as a cancellation does (without an e-mail).
        with transaction.atomic():
            for registration in queryset:
                if registration.status == Registration.Status.CONFIRMED and registration.checked_in_at is None:
                    registrations.cancel(registration, notify=False)
            queryset.delete()


# The delegations', the e-mails' and the organizers' messages' admins register themselves.
from events import admin_delegations, admin_messages, admin_notifications  # noqa: E402, F401
