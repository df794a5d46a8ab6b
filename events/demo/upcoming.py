"""The demo's next edition, dated relative to the day the demo is loaded: the site always has a past and a future.

The press release of 12 November 2025 ends the Germany series with "relevant activities in Dietfurt will be held
in the coming months". Those belong here: the Dietfurt encounters announced without a date
(`content.DIETFURT_SLUG`) and the culture day with registration open (`content.CULTURE_DAY`, 30 days after
loading). Beside them, an opening in Nanjing and a dialogue in Leipzig on the cooperation prospects the release
names (ecology, industry and digital technology). The wording is ours; the loader (`events.demo.loader`) does
the dating:

- `anchor`: the day of loading, but never before `EARLIEST_ANCHOR`, so that the next edition always begins
  after the 2025 one has ended and never shares its year (nor its slug, `china-nanjing-week-<year>`).
- The edition begins `STARTS_IN_DAYS` after the anchor and lasts `LASTS_DAYS` days; each event below lies
  `days_after_start` into it, at local times of its venue. A later day of loading moves them all, as one row each.
"""

from __future__ import annotations

from datetime import date, timedelta

from events.demo.content import COMMITTEE, CULTURE_DAY_SLUG, DIETFURT_SLUG, T

EARLIEST_ANCHOR = date(2025, 12, 11)
STARTS_IN_DAYS = 21
LASTS_DAYS = 91  # first to last day, both included: about three months, "the coming months"
SLUG_PREFIX = "china-nanjing-week-"

OPENING_SLUG = "opening-china-nanjing-week-nanjing"
LEIPZIG_DIALOGUE_SLUG = "green-digital-cities-dialogue-leipzig"

# The events of `content` that belong to the next edition, not to 2025.
MOVED_SLUGS = frozenset({DIETFURT_SLUG, CULTURE_DAY_SLUG})
EVENT_SLUGS = frozenset({OPENING_SLUG, LEIPZIG_DIALOGUE_SLUG, *MOVED_SLUGS})


def anchor(today: date) -> date:
    """The day the next edition is dated from."""
    return max(today, EARLIEST_ANCHOR)


def first_and_last_day(today: date) -> tuple[date, date]:
    first = anchor(today) + timedelta(days=STARTS_IN_DAYS)
    return first, first + timedelta(days=LASTS_DAYS - 1)


def edition(today: date) -> dict:
    """The next edition as a content entry (its dates and year from the day of loading)."""
    first, last = first_and_last_day(today)
    year = first.year
    return {
        "slug": f"{SLUG_PREFIX}{year}",
        "name": T(f"China Nanjing Week {year}", f"China-Nanjing-Woche {year}", f"中国南京周 {year}"),
        "description": T(
            "The next China Nanjing Week takes up what the 2025 edition began. It opens in Nanjing and brings the "
            "activities announced for Dietfurt in the coming months: a culture day with workshops and encounters "
            "between the town’s clubs and guests from Nanjing. In Leipzig, a dialogue follows up the cooperation "
            "prospects both sides proposed in 2025, in ecology, industry and digital technology. Further dates "
            "are added here as they are confirmed.",
            "Die nächste China-Nanjing-Woche knüpft an die Ausgabe 2025 an. Sie beginnt in Nanjing und bringt die "
            "für die kommenden Monate angekündigten Veranstaltungen in Dietfurt: einen Kulturtag mit Workshops und "
            "Begegnungen zwischen den Vereinen der Stadt und Gästen aus Nanjing. In Leipzig greift ein Dialog die "
            "Perspektiven der Zusammenarbeit auf, die beide Seiten 2025 vorgeschlagen haben – in Ökologie, "
            "Industrie und digitaler Technologie. Weitere Termine werden hier ergänzt, sobald sie feststehen.",
            "新一届“中国南京周”延续2025年的合作成果，在南京拉开帷幕，并将此前宣布的迪特富特系列活动在未来几个月内付诸实施："
            "举办文化日工作坊，组织当地社团与南京客人交流。在莱比锡，双方将举办对话会，继续探讨2025年提出的生态、产业和"
            "数字技术领域的合作前景。更多活动日期确定后将在此公布。",
        ),
        "start_date": first,
        "end_date": last,
        "organizer": COMMITTEE,
    }


# Like `content.EVENTS`, with `days_after_start` instead of a fixed `day`.
EVENTS = [
    {
        "slug": OPENING_SLUG,
        "kind": "ceremony",
        "venue": "nanjing-international-expo-center",
        "days_after_start": 0,
        "start": (10, 0),
        "end": (11, 30),
        "topics": ["trade", "tourism"],
        "title": T(
            "Opening of China Nanjing Week",
            "Eröffnung der China-Nanjing-Woche",
            "“中国南京周”开幕式",
        ),
        "summary": T(
            "The new edition opens in Nanjing with its partners from Germany, and a look ahead at the programme.",
            "Die neue Ausgabe wird in Nanjing mit den Partnern aus Deutschland eröffnet, mit einem Ausblick auf "
            "das Programm.",
            "新一届活动在南京与德国合作伙伴共同开幕，并介绍全年活动安排。",
        ),
        "description": T(
            "The city of Nanjing and the organizing committee open the new China Nanjing Week together with "
            "guests from its German partner cities. The ceremony presents the edition’s programme, from the "
            "culture day in Dietfurt to the dialogue in Leipzig, and looks back at what the 2025 events set in "
            "motion.",
            "Die Stadt Nanjing und das Organisationskomitee eröffnen die neue China-Nanjing-Woche gemeinsam mit "
            "Gästen aus den deutschen Partnerstädten. Die Feier stellt das Programm der Ausgabe vor, vom Kulturtag "
            "in Dietfurt bis zum Dialog in Leipzig, und blickt zurück auf das, was die Veranstaltungen 2025 in "
            "Gang gesetzt haben.",
            "南京市与组委会将同德国友好城市的来宾一道，为新一届“中国南京周”揭幕。开幕式将介绍本届活动安排，从迪特富特"
            "文化日到莱比锡对话会，并回顾2025年各项活动带来的成果。",
        ),
        "roles": [(COMMITTEE, "organizer"), ("nanjing-municipal-government", "co_organizer")],
        "sessions": [],
    },
    {
        "slug": LEIPZIG_DIALOGUE_SLUG,
        "kind": "dialogue",
        "venue": "kongresshalle-leipzig",
        "days_after_start": 42,
        "start": (13, 0),
        "end": (17, 30),
        "topics": ["ecology", "digital", "industrial-innovation"],
        "title": T(
            "Green and Digital Cities: Nanjing–Leipzig Dialogue",
            "Grüne und digitale Städte: Dialog Nanjing–Leipzig",
            "绿色与数字城市：南京—莱比锡对话会",
        ),
        "summary": T(
            "City administrations, companies and researchers from both sister cities follow up the cooperation "
            "prospects of 2025 in ecology, industry and digital technology.",
            "Stadtverwaltungen, Unternehmen und Forschende beider Partnerstädte setzen die Perspektiven der "
            "Zusammenarbeit von 2025 in Ökologie, Industrie und digitaler Technologie fort.",
            "两座友好城市的政府部门、企业和研究人员，继续推进2025年提出的生态、产业和数字技术领域合作。",
        ),
        "description": T(
            "During China Nanjing Week 2025 both sides proposed to work together in ecology, industry and "
            "digital technology. This afternoon dialogue brings those proposals to Leipzig: short talks on green "
            "urban development and digital services, then working groups that agree on next steps.",
            "Während der China-Nanjing-Woche 2025 haben beide Seiten eine Zusammenarbeit in Ökologie, Industrie "
            "und digitaler Technologie vorgeschlagen. Dieser Dialog am Nachmittag bringt die Vorschläge nach "
            "Leipzig: kurze Vorträge zu grüner Stadtentwicklung und digitalen Diensten, danach Arbeitsgruppen, "
            "die die nächsten Schritte vereinbaren.",
            "在2025年“中国南京周”期间，双方提出在生态、产业和数字技术领域开展合作。本场下午举行的对话会将这些设想带到"
            "莱比锡：先就绿色城市发展和数字化服务作简短报告，再分组讨论，商定下一步工作。",
        ),
        "roles": [(COMMITTEE, "organizer"), ("city-of-leipzig", "co_organizer")],
        "sessions": [],
    },
]
