"""Stale translations: an English change marks the other languages' texts, the translator's save clears them."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event
from nanjingweek import content_version, translation_review
from nanjingweek.models import TranslationReview
from tests import factories

DESCRIBED = {
    "description_en": "A forum on the Ming City Wall.",
    "description_de": "Ein Forum über die Stadtmauer der Ming-Zeit.",
    "description_zh_hans": "关于明城墙的论坛。",
}


def marks(obj) -> dict[tuple[str, str], tuple[str, str]]:
    return {
        (review.field_name, review.language): (review.previous_text, review.current_text)
        for review in translation_review.reviews_for(obj)
    }


def loaded(event: Event) -> Event:
    return Event.objects.get(pk=event.pk)


def test_english_change_marks_both_translations_with_previous_and_current_text(db):
    event = loaded(factories.make_event(**DESCRIBED))
    before = timezone.now()
    event.description_en = "A forum on the Ming City Wall and Leipzig's old town."
    event.save()

    change = ("A forum on the Ming City Wall.", "A forum on the Ming City Wall and Leipzig's old town.")
    assert marks(event) == {("description", "de"): change, ("description", "zh-hans"): change}
    review = translation_review.reviews_for(event)[0]
    assert before <= review.changed_at <= timezone.now()
    assert review.changed_by is None  # Outside a request: nobody in particular.


def test_new_object_and_unchanged_english_make_no_marks(db):
    event = factories.make_event(**DESCRIBED)
    event = loaded(event)
    event.summary_de = "Neu"  # Only German, and in a field without English.
    event.save()

    assert marks(event) == {}


def test_german_only_change_marks_nothing(db):
    event = loaded(factories.make_event(**DESCRIBED))
    event.description_de = "Ein Forum über die Stadtmauer."
    event.save()

    assert marks(event) == {}


def test_empty_translation_is_missing_not_stale(db):
    event = loaded(factories.make_event(**{**DESCRIBED, "description_zh_hans": ""}))
    event.description_en = "A forum on city walls."
    event.save()

    assert set(marks(event)) == {("description", "de")}


def test_english_and_german_in_one_save_mark_only_chinese(db):
    event = loaded(factories.make_event(**DESCRIBED))
    event.description_en = "A forum on city walls."
    event.description_de = "Ein Forum über Stadtmauern."
    event.save()

    assert set(marks(event)) == {("description", "zh-hans")}


def test_second_english_change_keeps_what_the_translator_last_saw(db):
    event = loaded(factories.make_event(**DESCRIBED))
    event.description_en = "Second version."
    event.save()
    event.description_en = "Third version."
    event.save()

    assert marks(event)[("description", "de")] == ("A forum on the Ming City Wall.", "Third version.")

    event.description_en = "A forum on the Ming City Wall."
    event.save()

    assert marks(event) == {}  # Back to the English the translations were made from.


def test_translation_save_clears_only_its_own_mark(db):
    event = loaded(factories.make_event(**DESCRIBED))
    event.description_en = "A forum on city walls."
    event.save()
    event.description_de = "Ein Forum über Stadtmauern."
    event.save()

    assert set(marks(event)) == {("description", "zh-hans")}


def test_object_loaded_without_its_texts_is_compared_with_the_database(db):
    event = factories.make_event(**DESCRIBED)
    partial = Event.objects.only("pk", "slug").get(pk=event.pk)
    partial.description_en = "A forum on city walls."
    partial.save()

    assert set(marks(event)) == {("description", "de"), ("description", "zh-hans")}


def test_english_change_moves_last_modified_and_still_correct_does_not(db):
    event = factories.make_event(**DESCRIBED)
    created = event.updated_at
    event = loaded(event)
    event.description_en = "A forum on city walls."
    event.save()
    changed = loaded(event).updated_at
    token = content_version.current([content_version.CONTENT])

    assert translation_review.mark_reviewed(event, language="de") == 1

    assert changed > created
    assert loaded(event).updated_at == changed
    # The marks are not content: clearing them keeps every cached public page.
    assert content_version.current([content_version.CONTENT]) == token
    assert set(marks(event)) == {("description", "zh-hans")}


def test_deleted_object_takes_its_marks_along(db):
    event = loaded(factories.make_event(**DESCRIBED))
    event.description_en = "A forum on city walls."
    event.save()
    event.delete()

    assert not TranslationReview.objects.exists()


def test_word_diff_marks_changed_words_and_escapes_them():
    previous, current = translation_review.word_diff("Talks on <b>walls</b> today", "Talks on <i>walls</i> & gates")

    assert previous == "Talks on &lt;<del>b</del>&gt;walls&lt;/<del>b</del>&gt; <del>today</del>"
    assert current == "Talks on &lt;<ins>i</ins>&gt;walls&lt;/<ins>i</ins>&gt; <ins>&amp; gates</ins>"


def test_save_of_a_loaded_object_reads_no_stored_texts(db):
    event = loaded(factories.make_event(**DESCRIBED))
    event.description_en = "A forum on city walls."

    with CaptureQueriesContext(connection) as queries:
        event.save()

    # Other receivers may read other columns (the image's renditions do); none reads the texts.
    reads = [
        query["sql"] for query in queries if query["sql"].startswith("SELECT") and "description_en" in query["sql"]
    ]
    assert reads == []
    assert len(marks(event)) == 2
