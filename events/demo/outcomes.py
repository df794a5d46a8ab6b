"""What came of the 2025 events, for the demo (`manage.py load_demo`): reports, projects, gallery, attendees.

Facts from the organizing committee's release of 12 November 2025 (seed/press-release-2025.txt), in our words:
70 representatives at the Leipzig forum and at the Munich dialogue (their `participant_count` is in
`content.EVENTS`), the 14 agreements of the Stuttgart forum (`content.AGREEMENTS`, already signed "at" it by the
loader), the 15 projects of May (`content.MAY_PROJECTS`, linked here to the May event in Nanjing), and the
exhibition's extension week at Leipzig University (an ExhibitionRun of `content.EXHIBITION`, told in the report).

Illustrative, like the agreements' titles: the three gallery pictures are drawings (their alt texts say so),
and the Leipzig forum's 70 attendees are synthetic check-ins, "Participant 1" to "Participant 70", with no
personal data, so that its page can show the breakdown by kind of organization and by country. The release
names the kinds (local governments, cultural institutions, creative industries) and the two countries; how
the 70 divide between them is made up. They are stored as already anonymized (there is nobody to erase), so
the retention job leaves them as they are and a second run finds them by their address.

`load(loader)` is idempotent: found by slug, by title or by (event, order / e-mail), drawn only when missing.
"""

from __future__ import annotations

import functools
import random
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile

from events.demo import content, images, scenes
from events.demo.content import T
from events.models import Event, EventPhoto, Registration
from partners.models import CooperationProject

if TYPE_CHECKING:
    from events.demo.loader import DemoLoader

# Rows this module adds to the demo, for the loader's summary and the demo's tests.
DEMO_MODELS = [EventPhoto, Registration]

REPORTS = {
    content.FORUM_SLUG: T(
        "Seventy representatives of local governments, cultural institutions and creative industries from China "
        "and Germany came to Leipzig for the forum, held on the 37th anniversary of the sister-city partnership "
        "between Nanjing and Leipzig. Under the theme “Common Heritage, Common World” they compared how the two "
        "cities keep their walls, churches and town halls in use, and how heritage can welcome visitors without "
        "being worn out by them.\n\n"
        "The exhibition “Nanjing Ming City Wall & Leipzig Historic Buildings”, opened at the end of the day, set "
        "the landmarks of both cities side by side in exhibits, images and comparisons. After its week at the "
        "forum venue it moves to Leipzig University for a one-week extension, so that students and residents "
        "can see it too.",
        "Siebzig Vertreterinnen und Vertreter aus Kommunalverwaltungen, Kultureinrichtungen und "
        "Kreativwirtschaft aus China und Deutschland kamen zum Forum nach Leipzig, ausgerichtet zum 37. Jahrestag "
        "der Städtepartnerschaft zwischen Nanjing und Leipzig. Unter dem Motto „Gemeinsames Erbe, gemeinsame "
        "Welt“ verglichen sie, wie beide Städte ihre Mauern, Kirchen und Rathäuser in Gebrauch halten und wie "
        "Denkmäler Gäste empfangen können, ohne unter ihnen zu leiden.\n\n"
        "Die am Abend eröffnete Ausstellung „Nanjinger Ming-Stadtmauer & historische Bauten Leipzigs“ stellte "
        "die Wahrzeichen beider Städte in Exponaten, Bildern und Gegenüberstellungen nebeneinander. Nach ihrer "
        "Woche am Ort des Forums zieht sie für eine Verlängerungswoche in die Universität Leipzig, damit auch "
        "Studierende und Leipzigerinnen und Leipziger sie sehen können.",
        "在南京与莱比锡缔结友好城市37周年之际，来自中德两国地方政府、文化机构和创意产业的70位代表齐聚莱比锡。"
        "围绕“共同的遗产，共同的世界”这一主题，与会者交流了两座城市如何让城墙、教堂和市政厅在日常中继续发挥作用，"
        "以及如何在迎接游客的同时守护好文化遗产。\n\n"
        "于论坛当天傍晚开幕的“南京明城墙与莱比锡历史建筑”展览，通过展品、图片和对比展示，把两座城市的地标并置呈现。"
        "展览在论坛会场展出一周后，将移至莱比锡大学延展一周，让更多师生和市民有机会参观。",
    ),
    content.MUNICH_SLUG: T(
        "Seventy representatives of companies and governments from China and Germany took part in the dialogue "
        "in Munich. They reached consensus on working together in industrial innovation and the low-carbon "
        "economy: linking the two cities’ research parks and manufacturing clusters, and sharing what works in "
        "cutting emissions from industry, buildings and transport.\n\n"
        "The series continues in Dietfurt, where further activities will be held in the coming months.",
        "Siebzig Vertreterinnen und Vertreter aus Unternehmen und Verwaltung in China und Deutschland nahmen am "
        "Dialog in München teil. Sie verständigten sich auf eine Zusammenarbeit in industrieller Innovation und "
        "CO₂-armer Wirtschaft: die Forschungsparks und Industriecluster beider Städte zu vernetzen und "
        "Erfahrungen auszutauschen, wie sich die Emissionen von Industrie, Gebäuden und Verkehr senken lassen.\n\n"
        "Die Reihe geht in Dietfurt weiter, wo in den kommenden Monaten weitere Veranstaltungen stattfinden.",
        "来自中德两国的70位企业和政府代表参加了在慕尼黑举行的对话会。与会各方在产业创新和低碳经济领域达成合作共识："
        "推动两市科技园区与产业集群对接，并分享工业、建筑和交通减排的经验。\n\n"
        "系列活动还将在迪特富特继续举行，相关活动将于未来几个月内陆续开展。",
    ),
    content.STUTTGART_SLUG: T(
        "The forum ended with the signing of 14 agreements between companies and institutions from Nanjing and "
        "Stuttgart, in advanced manufacturing, finance and art. They range from precision machining and robot "
        "components to financial services for companies investing in both cities, and exchanges between "
        "museums and artists.",
        "Das Forum endete mit der Unterzeichnung von 14 Vereinbarungen zwischen Unternehmen und Institutionen "
        "aus Nanjing und Stuttgart in den Bereichen moderne Fertigung, Finanzen und Kunst. Sie reichen von "
        "Präzisionsbearbeitung und Roboterkomponenten über Finanzdienstleistungen für Unternehmen, die in beiden "
        "Städten investieren, bis zum Austausch zwischen Museen und Kunstschaffenden.",
        "论坛最后，南京与斯图加特的企业和机构签署了14项合作协议，涵盖先进制造、金融和艺术领域，内容包括精密加工、"
        "机器人零部件、面向两地投资企业的金融服务，以及博物馆与艺术家之间的交流。",
    ),
}

GALLERY_SLUG = content.FORUM_SLUG
GALLERY = [
    {
        "drawing": "panel",
        "caption": T(
            "Heritage practitioners from Nanjing and Leipzig on the afternoon panel",
            "Fachleute der Denkmalpflege aus Nanjing und Leipzig auf dem Podium am Nachmittag",
            "来自南京和莱比锡的遗产保护专家参加下午的圆桌讨论",
        ),
        "alt": T(
            "Illustration: three speakers at a table on a stage under a red banner, the audience seen from behind.",
            "Illustration: drei Sprechende an einem Tisch auf einer Bühne unter einem roten Banner, das Publikum "
            "von hinten gesehen.",
            "插图：红色横幅下，三位发言人坐在台上的长桌旁，前景为观众的背影。",
        ),
    },
    {
        "drawing": "exhibition",
        "caption": T(
            "Visitors in the exhibition after its opening",
            "Gäste in der Ausstellung nach der Eröffnung",
            "开幕后参观展览的来宾",
        ),
        "alt": T(
            "Illustration: visitors in front of two framed pictures, a city wall with battlements and a gabled "
            "town hall.",
            "Illustration: Gäste vor zwei gerahmten Bildern, einer Stadtmauer mit Zinnen und einem Rathaus mit "
            "Giebeln.",
            "插图：来宾站在两幅装框图片前，一幅是带垛口的城墙，一幅是带山墙的市政厅。",
        ),
    },
    {
        "drawing": "group",
        "caption": T(
            "Participants of the forum in front of the Congress Hall",
            "Teilnehmende des Forums vor der Kongresshalle",
            "论坛与会者在会议厅前合影",
        ),
        "alt": T(
            "Illustration: a group of people in two rows in front of a building with tall windows.",
            "Illustration: eine Gruppe von Menschen in zwei Reihen vor einem Gebäude mit hohen Fenstern.",
            "插图：一群人分两排站在一座有高窗的建筑前。",
        ),
    },
]

# The Leipzig forum's 70 synthetic attendees: (kind of organization, how many) and (country, how many).
ATTENDEE_SLUG = content.FORUM_SLUG
ATTENDEE_KINDS = [
    ("cultural_institution", 24),
    ("government", 22),
    ("creative_industry", 16),
    ("academia", 5),
    ("media", 3),
]
ATTENDEE_COUNTRIES = [("DE", 38), ("CN", 32)]
ATTENDEE_LANGUAGES = ("de", "zh-hans", "en")


def load(loader: DemoLoader) -> None:
    """Reports, the May projects' event, the Leipzig gallery and attendees; the events are the loader's."""
    for slug, report in REPORTS.items():
        event = loader.events[slug]
        values = {f"outcome_report_{suffix}": text for suffix, text in _columns(report).items()}
        loader.upsert(Event, {"pk": event.pk}, values)
    may_event = loader.events[content.MAY_EVENT_SLUG]
    titles = [title.en for _sector, title, _investment in content.MAY_PROJECTS]
    CooperationProject.objects.filter(
        organization__slug="nanjing-commerce-bureau", title_en__in=titles, event__isnull=True
    ).update(event=may_event)
    load_gallery(loader, loader.events[GALLERY_SLUG])
    load_attendees(loader, loader.events[ATTENDEE_SLUG])


def _columns(text: T) -> dict[str, str]:
    return {"en": text.en, "de": text.de, "zh_hans": text.zh_hans}


def load_gallery(loader: DemoLoader, event: Event) -> None:
    for order, spec in enumerate(GALLERY, start=1):
        values = {}
        for name, text in (("caption", spec["caption"]), ("image_alt", spec["alt"])):
            values.update({f"{name}_{suffix}": value for suffix, value in _columns(text).items()})
        values.update({f"credit_{suffix}": value for suffix, value in _columns(content.ILLUSTRATION_CREDIT).items()})
        filename = f"{event.slug}-{spec['drawing']}.jpg"
        photo = EventPhoto.objects.filter(event=event, order=order).first()
        if photo is None:
            # Saved with its picture: a photo row is never without one (event_photo_has_image).
            photo = EventPhoto(event=event, order=order, **values)
            photo.image.save(filename, ContentFile(gallery_jpeg(spec["drawing"]), name=filename), save=True)
            loader.report.track(photo, True)
            loader.report.images += 1
            continue
        photo = loader.upsert(EventPhoto, {"pk": photo.pk}, values)
        loader.picture(photo, "image", filename, lambda spec=spec: gallery_jpeg(spec["drawing"]))


def load_attendees(loader: DemoLoader, event: Event) -> None:
    """70 checked-in registrations without personal data, split by kind and country as `ATTENDEE_*` say."""
    kinds = [kind for kind, count in ATTENDEE_KINDS for _ in range(count)]
    countries = [country for country, count in ATTENDEE_COUNTRIES for _ in range(count)]
    rng = random.Random(event.slug)
    rng.shuffle(countries)
    opened = event.starts_at - timedelta(days=21)
    for number, (kind, country) in enumerate(zip(kinds, countries, strict=True), start=1):
        registered = opened + timedelta(hours=7 * number)
        loader.upsert(
            Registration,
            {"event": event, "email": f"participant-{number}@example.invalid"},
            {
                "name": f"Participant {number}",
                "organization_kind": kind,
                "country": country,
                "language": ATTENDEE_LANGUAGES[number % len(ATTENDEE_LANGUAGES)],
                "status": Registration.Status.CONFIRMED,
                "created_at": registered,
                "consent_at": registered,
                "confirmed_at": registered + timedelta(minutes=20),
                # At the door in the half hour before the opening.
                "checked_in_at": event.starts_at - timedelta(minutes=30) + timedelta(seconds=25 * number),
                "anonymized_at": event.ends_at,
            },
        )


# --- Pictures -----------------------------------------------------------------------------------------------

# Drawn in the house style of the other demo pictures (events.demo.scenes).
GALLERY_DRAWINGS = {name: scenes.DRAWINGS[name] for name in ("panel", "exhibition", "group")}


@functools.cache
def gallery_jpeg(name: str) -> bytes:
    return images.jpeg_bytes(GALLERY_DRAWINGS[name]())
