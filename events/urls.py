from django.urls import path, register_converter

from events import (
    views,
    views_attendee,
    views_delegations,
    views_door,
    views_programme,
    views_registration,
    views_tickets,
)
from nanjingweek.content_version import registrations_key
from nanjingweek.page_cache import public_page, seats

app_name = "events"

register_converter(views_registration.RegistrationTokenConverter, "registration_token")

urlpatterns = [
    # Lists of event cards mark the full events: they depend on the seats too (nanjingweek/content_version.py).
    path("schedule/", public_page(views.ScheduleView.as_view(), versions=seats), name="schedule"),
    # The printable programme (events/programme_pdf.py), in the language of the address.
    path("schedule.pdf", public_page(views_programme.schedule_pdf), name="schedule_pdf"),
    path("editions/<slug:slug>/", public_page(views.EditionView.as_view(), versions=seats), name="edition"),
    path(
        "events/<slug:slug>/",
        # The event page shows its seats left: it depends on the event's registrations too.
        public_page(views.EventDetailView.as_view(), versions=lambda slug: [registrations_key(slug)]),
        name="detail",
    ),
    path("venues/<slug:slug>/", public_page(views.VenueDetailView.as_view(), versions=seats), name="venue"),
    path("cities/<slug:slug>/", public_page(views.CityDetailView.as_view(), versions=seats), name="city"),
    path("speakers/", public_page(views.SpeakerListView.as_view()), name="speakers"),
    path("speakers/<slug:slug>/", public_page(views.SpeakerDetailView.as_view()), name="speaker"),
    # Registration: the form, the attendee's own page (the token is its only key) and check-in at the door.
    path(
        "events/<slug:slug>/register/",
        # Wrapped so that its form, which carries a CSRF token, is marked private: it is never stored.
        public_page(views_registration.RegisterView.as_view()),
        name="register",
    ),
    path(
        "events/<slug:slug>/register/sent/",
        views_registration.RegistrationSentView.as_view(),
        name="registration_sent",
    ),
    path(
        "registration/<registration_token:token>/",
        views_registration.RegistrationDetailView.as_view(),
        name="registration",
    ),
    path(
        "registration/<registration_token:token>/ticket.pdf",
        views_tickets.registration_ticket,
        name="registration_ticket",
    ),
    path(
        "registration/<registration_token:token>/confirm/",
        views_registration.ConfirmView.as_view(),
        name="registration_confirm",
    ),
    path(
        "registration/<registration_token:token>/cancel/",
        views_registration.CancelView.as_view(),
        name="registration_cancel",
    ),
    path(
        "registration/<registration_token:token>/erase/",
        views_registration.EraseView.as_view(),
        name="registration_erase",
    ),
    path(
        "registration/<registration_token:token>/details/",
        views_attendee.PersonalDataView.as_view(),
        name="registration_correct",
    ),
    # The door, for check-in staff (events/views_door.py): the list of events, and each event's door.
    path("check-in/", views_door.CheckInIndexView.as_view(), name="check_in"),
    path("check-in/<slug:slug>/", views_door.CheckInEventView.as_view(), name="check_in_event"),
    # Delegations: one contact registers a group (events/delegations.py).
    path(
        "events/<slug:slug>/register/group/",
        public_page(views_delegations.DelegationRegisterView.as_view()),
        name="register_delegation",
    ),
    path(
        "events/<slug:slug>/register/group/sent/",
        views_delegations.DelegationSentView.as_view(),
        name="delegation_sent",
    ),
    path(
        "registration/group/<registration_token:token>/",
        views_delegations.DelegationDetailView.as_view(),
        name="delegation",
    ),
    path(
        "registration/group/<registration_token:token>/confirm/",
        views_delegations.DelegationConfirmView.as_view(),
        name="delegation_confirm",
    ),
    path(
        "registration/group/<registration_token:token>/cancel-people/",
        views_delegations.DelegationCancelMembersView.as_view(),
        name="delegation_cancel_members",
    ),
    path(
        "registration/group/<registration_token:token>/cancel/",
        views_delegations.DelegationCancelView.as_view(),
        name="delegation_cancel",
    ),
]
