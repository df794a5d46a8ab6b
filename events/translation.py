"""Translated fields (modeltranslation): English is required, German and Chinese fall back to it."""

from modeltranslation.translator import TranslationOptions, register

from events.models import City, Edition, Event, EventPhoto, Message, Session, Speaker, Topic, Venue
from nanjingweek import history


@register(Edition)
class EditionTranslationOptions(TranslationOptions):
    fields = ("name", "theme", "description")
    required_languages = ("en",)


@register(City)
class CityTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Venue)
class VenueTranslationOptions(TranslationOptions):
    fields = ("name", "address", "accessibility")
    required_languages = {"en": ("name",)}


@register(Topic)
class TopicTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en",)


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = (
        "title",
        "subtitle",
        "theme",
        "summary",
        "description",
        "announced_period",
        "image_alt",
        "outcome_report",
    )
    required_languages = {"en": ("title",)}


@register(EventPhoto)
class EventPhotoTranslationOptions(TranslationOptions):
    fields = ("caption", "credit", "image_alt")
    required_languages = {"en": ("image_alt",)}


@register(Session)
class SessionTranslationOptions(TranslationOptions):
    fields = ("title", "description", "room")
    required_languages = {"en": ("title",)}


@register(Speaker)
class SpeakerTranslationOptions(TranslationOptions):
    fields = ("name", "role", "bio", "photo_alt")
    required_languages = {"en": ("name",)}


@register(Message)
class MessageTranslationOptions(TranslationOptions):
    fields = ("subject", "body")
    required_languages = {"en": ("subject", "body")}


# History of every change (nanjingweek/history.py), registered after the translations to get their columns.
for model in (Edition, City, Venue, Topic, Event, EventPhoto, Session, Speaker):
    history.track(model)
