"""English is the language every other one falls back to: the database never lets it be missing."""

import pytest

from tests.constraints import refused_by
from tests.factories import (
    make_agreement,
    make_city,
    make_edition,
    make_event,
    make_exhibit,
    make_exhibition,
    make_key_figure,
    make_organization,
    make_project,
    make_session,
    make_speaker,
    make_topic,
    make_venue,
)

pytestmark = pytest.mark.django_db

ENGLISH_REQUIRED = [
    pytest.param(make_edition, "name_en", "edition_name_in_english", id="edition"),
    pytest.param(make_city, "name_en", "city_name_in_english", id="city"),
    pytest.param(make_venue, "name_en", "venue_name_in_english", id="venue"),
    pytest.param(make_topic, "name_en", "topic_name_in_english", id="topic"),
    pytest.param(make_event, "title_en", "event_title_in_english", id="event"),
    pytest.param(make_session, "title_en", "session_title_in_english", id="session"),
    pytest.param(make_speaker, "name_en", "speaker_name_in_english", id="speaker"),
    pytest.param(make_exhibition, "title_en", "exhibition_title_in_english", id="exhibition"),
    pytest.param(make_exhibit, "title_en", "exhibit_title_in_english", id="exhibit"),
    pytest.param(make_organization, "name_en", "organization_name_in_english", id="organization"),
    pytest.param(make_project, "title_en", "project_title_in_english", id="project"),
    pytest.param(make_agreement, "title_en", "agreement_title_in_english", id="agreement"),
    pytest.param(make_key_figure, "label_en", "key_figure_label_in_english", id="key-figure"),
]


@pytest.mark.parametrize(("build", "field", "constraint"), ENGLISH_REQUIRED)
@pytest.mark.parametrize("missing", [None, ""], ids=["null", "empty"])
def test_english_text_missing_is_refused(build, field, constraint, missing):
    with refused_by(constraint):
        build(**{field: missing, field.replace("_en", "_de"): "Nur auf Deutsch"})


@pytest.mark.parametrize(("build", "field", "constraint"), ENGLISH_REQUIRED)
@pytest.mark.parametrize("missing", [None, ""], ids=["null", "empty"])
def test_english_text_removed_later_is_refused(build, field, constraint, missing):
    instance = build()

    with refused_by(constraint):
        type(instance).objects.filter(pk=instance.pk).update(**{field: missing})


@pytest.mark.parametrize(("build", "field", "constraint"), ENGLISH_REQUIRED)
def test_english_text_alone_is_enough(build, field, constraint):
    instance = build(**{field: "N"})

    assert getattr(type(instance).objects.get(pk=instance.pk), field) == "N"
