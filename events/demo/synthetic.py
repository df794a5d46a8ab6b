"""A synthetic edition for load tests (`manage.py generate_programme --events N --seed S`).

Everything is made in memory and written with `bulk_create`, which calls no `save()`: so every field
is set here explicitly, including modeltranslation's `_en`/`_de`/`_zh_hans` columns (the original
column gets the English text because the whole run is inside `translation.override("en")`), and
many-to-many links are written as rows of their through models. Texts are templated
("Forum 17: Tourism" / "Forum 17: Tourismus" / "论坛 17：旅游") but complete in all three languages.

The same seed gives the same programme (relative to `start`). Slugs carry the seed, and a seed that
was used already is refused with a clear message rather than failing half-way on a unique slug.
"""

from __future__ import annotations

import random
import time as clock
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from events.demo import content
from events.demo.content import T
from events.demo.loader import LANGUAGES, translated
from events.models import City, Edition, Event, Session, Speaker, Topic, Venue
from exhibitions.models import Comparison, Exhibit, Exhibition, ExhibitionRun
from partners.models import Agreement, CooperationProject, EventRole, Organization

BATCH = 500

# slug, name, country, IANA zone, latitude, longitude
CITIES = [
    ("berlin", T("Berlin", "Berlin", "柏林"), "DE", "Europe/Berlin", 52.5200, 13.4050),
    ("hamburg", T("Hamburg", "Hamburg", "汉堡"), "DE", "Europe/Berlin", 53.5511, 9.9937),
    ("leipzig", T("Leipzig", "Leipzig", "莱比锡"), "DE", "Europe/Berlin", 51.3397, 12.3731),
    ("nanjing", T("Nanjing", "Nanjing", "南京"), "CN", "Asia/Shanghai", 32.0603, 118.7969),
    ("shanghai", T("Shanghai", "Shanghai", "上海"), "CN", "Asia/Shanghai", 31.2304, 121.4737),
    ("london", T("London", "London", "伦敦"), "GB", "Europe/London", 51.5072, -0.1276),
    ("new-york", T("New York", "New York", "纽约"), "US", "America/New_York", 40.7128, -74.0060),
    ("tokyo", T("Tokyo", "Tokio", "东京"), "JP", "Asia/Tokyo", 35.6762, 139.6503),
]

KINDS = [
    ("forum", T("Forum", "Forum", "论坛")),
    ("dialogue", T("Dialogue", "Dialog", "对话会")),
    ("exhibition_opening", T("Exhibition opening", "Ausstellungseröffnung", "展览开幕")),
    ("economic_forum", T("Economic forum", "Wirtschaftsforum", "经济论坛")),
    ("ceremony", T("Ceremony", "Festakt", "仪式")),
    ("workshop", T("Workshop", "Workshop", "工作坊")),
    ("performance", T("Performance", "Aufführung", "演出")),
    ("visit", T("Visit", "Besuch", "参访")),
]

SESSION_KINDS = [
    T("Welcome", "Begrüßung", "欢迎致辞"),
    T("Keynote", "Impulsvortrag", "主旨演讲"),
    T("Panel discussion", "Podiumsdiskussion", "圆桌讨论"),
    T("Presentation", "Präsentation", "专题报告"),
    T("Workshop", "Workshop", "工作坊"),
    T("Closing remarks", "Schlusswort", "闭幕致辞"),
]

ORGANIZATION_KINDS = [
    ("government", T("City Office", "Stadtamt", "市政府办公室")),
    ("cultural_institution", T("Museum", "Museum", "博物馆")),
    ("enterprise", T("Technologies", "Technologies", "科技公司")),
    ("university", T("University", "Universität", "大学")),
    ("association", T("Business Association", "Wirtschaftsverband", "商会")),
    ("media", T("Media", "Medien", "传媒")),
]

ROLES = ["co_organizer", "sponsor", "supporter", "media_partner"]
CURRENCIES = ["EUR", "USD", "CNY", "GBP", "JPY"]

# Family and given names with their usual Chinese forms: Chinese speakers get 王伟 / Wang Wei,
# German speakers 安娜·米勒 / Anna Müller.
CHINESE_FAMILY = [("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨")]
CHINESE_GIVEN = [("Wei", "伟"), ("Fang", "芳"), ("Lei", "磊"), ("Jing", "静"), ("Min", "敏"), ("Tao", "涛")]
GERMAN_GIVEN = [("Anna", "安娜"), ("Lukas", "卢卡斯"), ("Marie", "玛丽"), ("Jonas", "约纳斯"), ("Felix", "费利克斯")]
GERMAN_FAMILY = [
    ("Müller", "米勒"),
    ("Schmidt", "施密特"),
    ("Fischer", "菲舍尔"),
    ("Weber", "韦伯"),
    ("Becker", "贝克尔"),
]

PERIOD = T("In the coming months", "In den kommenden Monaten", "未来几个月内")


class ProgrammeExists(Exception):
    """The seed was used before: its edition or slugs are already in the database."""


@dataclass
class GeneratedProgramme:
    edition: Edition
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        counts = ", ".join(f"{name}: {count}" for name, count in self.counts.items())
        return f"Generated edition “{self.edition.slug}” in {self.seconds:.1f} s — {counts}"


def blank(*names: str) -> dict[str, str]:
    """Empty translated fields, set explicitly because bulk_create runs no defaults through save()."""
    return {build_localized_fieldname(name, language): "" for name in names for language in LANGUAGES}


def fmt(template: T, **params) -> T:
    return T(template.en.format(**params), template.de.format(**params), template.zh_hans.format(**params))


def coordinate(value: float) -> Decimal:
    return Decimal(f"{value:.6f}")


class Generator:
    def __init__(self, *, events: int, seed: int, start: date) -> None:
        self.count = events
        self.seed = seed
        self.start = start
        self.rng = random.Random(seed)
        self.prefix = f"synthetic-{seed}"
        self.counts: dict[str, int] = {}
        self.centres: dict[int, tuple[float, float]] = {}

    def bulk(self, model, objects: list) -> list:
        created = model.objects.bulk_create(objects, batch_size=BATCH)
        self.counts[model._meta.verbose_name_plural] = self.counts.get(model._meta.verbose_name_plural, 0) + len(
            created
        )
        return created

    def through(self, relation, rows: list[tuple[int, int]], source: str, target: str) -> None:
        model = relation.through
        model.objects.bulk_create([model(**{f"{source}_id": a, f"{target}_id": b}) for a, b in rows], batch_size=BATCH)

    def refuse_if_used(self) -> None:
        if Edition.objects.filter(slug=self.prefix).exists():
            raise ProgrammeExists(
                f"The edition “{self.prefix}” already exists. Use another --seed, or delete that edition "
                f"(and its events) first."
            )
        for model in (Venue, Organization, Speaker, Event, Exhibition):
            if model.objects.filter(slug__startswith=f"{self.prefix}-").exists():
                raise ProgrammeExists(
                    f"{model._meta.verbose_name_plural.capitalize()} with slugs starting “{self.prefix}-” are "
                    f"left over from an earlier run. Use another --seed, or delete them first."
                )

    def run(self) -> GeneratedProgramme:
        self.refuse_if_used()
        cities = self.cities()
        topics = self.topics()
        edition = Edition.objects.create(
            slug=self.prefix,
            start_date=self.start,
            end_date=self.start + timedelta(days=13),
            is_current=False,
            organizer=None,
            **translated(
                "name", fmt(T("Synthetic programme {s}", "Synthetisches Programm {s}", "模拟日程 {s}"), s=self.seed)
            ),
            **translated("theme", T("Load test", "Lasttest", "负载测试")),
            **translated(
                "description",
                T(
                    "Generated for load tests; not a real programme.",
                    "Für Lasttests erzeugt; kein echtes Programm.",
                    "为负载测试生成，并非真实日程。",
                ),
            ),
        )
        self.counts["editions"] = 1

        venues = self.venues(cities)
        organizations = self.organizations(cities)
        speakers = self.speakers(organizations)
        events = self.events(edition, venues, topics)
        self.sessions(events, speakers)
        self.roles(events, organizations)
        self.exhibitions(edition, events, venues, organizations, cities)
        self.agreements_and_projects(events, organizations, cities, topics)
        return GeneratedProgramme(edition=edition, counts=self.counts)

    # --- shared reference data: real cities and the demo topics, reused if present -----------------------

    def cities(self) -> list[City]:
        cities = []
        for slug, name, country, zone, latitude, longitude in CITIES:
            city, _created = City.objects.get_or_create(
                slug=slug, defaults={"country": country, "timezone": zone, **translated("name", name)}
            )
            self.centres[city.pk] = (latitude, longitude)
            cities.append(city)
        return cities

    def topics(self) -> list[Topic]:
        return [
            Topic.objects.get_or_create(slug=spec["slug"], defaults=translated("name", spec["name"]))[0]
            for spec in content.TOPICS
        ]

    # --- generated rows ---------------------------------------------------------------------------------

    def venues(self, cities: list[City]) -> list[Venue]:
        rng = self.rng
        venues = []
        for number in range(1, max(8, self.count // 20) + 1):
            city = cities[(number - 1) % len(cities)]
            city_name = T(city.name_en, city.name_de or city.name_en, city.name_zh_hans or city.name_en)
            name = fmt(
                T("{en} Conference Centre {n}", "Konferenzzentrum {de} {n}", "{zh}会议中心 {n}"),
                en=city_name.en,
                de=city_name.de,
                zh=city_name.zh_hans,
                n=number,
            )
            latitude, longitude = self.centres[city.pk]
            venues.append(
                Venue(
                    slug=f"{self.prefix}-venue-{number}",
                    city=city,
                    latitude=coordinate(latitude + rng.uniform(-0.05, 0.05)),
                    longitude=coordinate(longitude + rng.uniform(-0.05, 0.05)),
                    capacity=rng.choice([80, 150, 300, 600, 1200]),
                    website="",
                    **translated("name", name),
                    **translated(
                        "address",
                        fmt(
                            T("{n} Exhibition Road, {c}", "Messestraße {n}, {c}", "{c}展览路{n}号"),
                            n=number,
                            c=city_name.en,
                        ),
                    ),
                    **translated(
                        "accessibility",
                        T(
                            "Step-free access; accessible toilets.",
                            "Stufenloser Zugang; barrierefreie Toiletten.",
                            "无障碍通道；设有无障碍卫生间。",
                        ),
                    ),
                )
            )
        return self.bulk(Venue, venues)

    def organizations(self, cities: list[City]) -> list[Organization]:
        rng = self.rng
        organizations = []
        for number in range(1, max(12, self.count // 10) + 1):
            city = rng.choice(cities)
            kind, label = ORGANIZATION_KINDS[(number - 1) % len(ORGANIZATION_KINDS)]
            name = T(
                f"{city.name_en} {label.en} {number}",
                f"{label.de} {city.name_de or city.name_en} {number}",
                f"{city.name_zh_hans or city.name_en}{label.zh_hans} {number}",
            )
            organizations.append(
                Organization(
                    slug=f"{self.prefix}-organization-{number}",
                    kind=kind,
                    country=city.country,
                    city=city,
                    website="",
                    **translated("name", name),
                    **translated(
                        "description",
                        T(
                            "A partner in the synthetic programme.",
                            "Partner im synthetischen Programm.",
                            "模拟日程中的合作伙伴。",
                        ),
                    ),
                    **blank("logo_alt"),
                )
            )
        return self.bulk(Organization, organizations)

    def speakers(self, organizations: list[Organization]) -> list[Speaker]:
        rng = self.rng
        speakers = []
        for number in range(1, max(20, self.count // 2) + 1):
            if number % 2:
                (family, family_zh), (given, given_zh) = rng.choice(CHINESE_FAMILY), rng.choice(CHINESE_GIVEN)
                name = T(f"{family} {given}", f"{family} {given}", f"{family_zh}{given_zh}")
            else:
                (given, given_zh), (family, family_zh) = rng.choice(GERMAN_GIVEN), rng.choice(GERMAN_FAMILY)
                name = T(f"{given} {family}", f"{given} {family}", f"{given_zh}·{family_zh}")
            organization = rng.choice(organizations)
            speakers.append(
                Speaker(
                    slug=f"{self.prefix}-speaker-{number}",
                    organization=organization,
                    **translated("name", name),
                    **translated(
                        "role",
                        rng.choice(
                            [
                                T("Director", "Direktorin", "主任"),
                                T("Researcher", "Forscher", "研究员"),
                                T("Managing director", "Geschäftsführer", "总经理"),
                            ]
                        ),
                    ),
                    **translated(
                        "bio",
                        T(
                            "Speaker in the synthetic programme.",
                            "Redner im synthetischen Programm.",
                            "模拟日程中的发言人。",
                        ),
                    ),
                    **blank("photo_alt"),
                )
            )
        return self.bulk(Speaker, speakers)

    def events(self, edition: Edition, venues: list[Venue], topics: list[Topic]) -> list[Event]:
        rng = self.rng
        events, topic_links = [], []
        statuses = ["published"] * 90 + ["draft"] * 5 + ["cancelled"] * 3 + ["postponed"] * 2
        for number in range(1, self.count + 1):
            venue = rng.choice(venues)
            zone = ZoneInfo(venue.city.timezone)
            kind, kind_label = rng.choice(KINDS)
            chosen = rng.sample(topics, rng.randint(1, 3))
            topic = chosen[0]
            title = T(
                f"{kind_label.en} {number}: {topic.name_en}",
                f"{kind_label.de} {number}: {topic.name_de or topic.name_en}",
                f"{kind_label.zh_hans} {number}：{topic.name_zh_hans or topic.name_en}",
            )
            undated = rng.random() < 0.02
            if undated:
                starts_at = ends_at = None
            else:
                day = self.start + timedelta(days=rng.randrange(14))
                starts_at = datetime.combine(day, time(rng.randint(8, 17), rng.choice([0, 15, 30])), tzinfo=zone)
                ends_at = starts_at + timedelta(minutes=rng.choice([60, 90, 120, 180, 240, 360, 480]))
            registration = starts_at is not None and rng.random() < 0.3
            events.append(
                Event(
                    slug=f"{self.prefix}-event-{number}",
                    edition=edition,
                    kind=kind,
                    venue=venue,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    status=rng.choice(statuses),
                    participant_count=rng.choice([None, 30, 70, 120, 250]),
                    capacity=rng.randint(20, 300) if registration else None,
                    registration_required=registration,
                    registration_opens_at=starts_at - timedelta(days=30) if registration else None,
                    registration_closes_at=starts_at - timedelta(hours=1) if registration else None,
                    sequence=0,
                    image="",
                    **translated("title", title),
                    **translated(
                        "subtitle",
                        T(
                            f"Synthetic programme {self.seed}",
                            f"Synthetisches Programm {self.seed}",
                            f"模拟日程 {self.seed}",
                        ),
                    ),
                    **translated(
                        "theme",
                        T(
                            f"{topic.name_en} across borders",
                            f"{topic.name_de or topic.name_en} über Grenzen hinweg",
                            f"跨越国界的{topic.name_zh_hans or topic.name_en}",
                        ),
                    ),
                    **translated(
                        "summary",
                        T(
                            f"A {kind_label.en.lower()} on {topic.name_en.lower()}.",
                            f"{kind_label.de} zum Thema {topic.name_de or topic.name_en}.",
                            f"一场关于{topic.name_zh_hans or topic.name_en}的{kind_label.zh_hans}。",
                        ),
                    ),
                    **translated(
                        "description",
                        T("Generated for load tests.", "Für Lasttests erzeugt.", "为负载测试生成。"),
                    ),
                    **(translated("announced_period", PERIOD) if undated else blank("announced_period")),
                    **blank("image_alt"),
                )
            )
            topic_links.append([t.pk for t in chosen])
        events = self.bulk(Event, events)
        self.through(
            Event.topics,
            [(event.pk, topic_id) for event, ids in zip(events, topic_links, strict=True) for topic_id in ids],
            "event",
            "topic",
        )
        return events

    def sessions(self, events: list[Event], speakers: list[Speaker]) -> None:
        rng = self.rng
        sessions, speaker_sets = [], []
        for event in events:
            parts = rng.randint(1, 6)
            length = (event.ends_at - event.starts_at) / parts if event.starts_at else None
            for order in range(1, parts + 1):
                kind = SESSION_KINDS[0] if order == 1 else rng.choice(SESSION_KINDS[1:])
                starts_at = event.starts_at + length * (order - 1) if length else None
                sessions.append(
                    Session(
                        event=event,
                        order=order,
                        starts_at=starts_at,
                        ends_at=starts_at + length if length else None,
                        **translated("title", T(f"{kind.en} {order}", f"{kind.de} {order}", f"{kind.zh_hans} {order}")),
                        **translated("description", T("Agenda item.", "Programmpunkt.", "议程项目。")),
                        **translated("room", T(f"Room {order}", f"Raum {order}", f"{order}号厅")),
                    )
                )
                speaker_sets.append(rng.sample(speakers, rng.randint(0, 3)))
        sessions = self.bulk(Session, sessions)
        self.through(
            Session.speakers,
            [
                (session.pk, speaker.pk)
                for session, chosen in zip(sessions, speaker_sets, strict=True)
                for speaker in chosen
            ],
            "session",
            "speaker",
        )

    def roles(self, events: list[Event], organizations: list[Organization]) -> None:
        rng = self.rng
        roles = []
        for event in events:
            for order, organization in enumerate(rng.sample(organizations, rng.randint(1, 3)), start=1):
                role = "organizer" if order == 1 else rng.choice(ROLES)
                roles.append(EventRole(event=event, organization=organization, role=role, order=order))
        self.bulk(EventRole, roles)

    def exhibitions(self, edition, events, venues, organizations, cities) -> None:
        rng = self.rng
        exhibitions = self.bulk(
            Exhibition,
            [
                Exhibition(
                    slug=f"{self.prefix}-exhibition-{number}",
                    edition=edition,
                    is_published=True,
                    cover_image="",
                    **translated("title", T(f"Exhibition {number}", f"Ausstellung {number}", f"展览 {number}")),
                    **translated(
                        "description",
                        T("Generated for load tests.", "Für Lasttests erzeugt.", "为负载测试生成。"),
                    ),
                    **blank("cover_alt"),
                )
                for number in range(1, max(2, self.count // 100) + 1)
            ],
        )
        runs, exhibits, links_organizers, links_events = [], [], [], []
        for exhibition in exhibitions:
            first = self.start + timedelta(days=rng.randrange(7))
            runs.append(self.run_row(exhibition, rng.choice(venues), first, first + timedelta(days=6), False))
            if rng.random() < 0.5:
                runs.append(
                    self.run_row(
                        exhibition, rng.choice(venues), first + timedelta(days=7), first + timedelta(days=13), True
                    )
                )
            for order in range(1, rng.randint(4, 8) + 1):
                exhibits.append(
                    Exhibit(
                        exhibition=exhibition,
                        order=order,
                        city_of_origin=rng.choice(cities),
                        image="",
                        **translated("title", T(f"Exhibit {order}", f"Exponat {order}", f"展品 {order}")),
                        **translated("description", T("An exhibit.", "Ein Exponat.", "一件展品。")),
                        **translated(
                            "period",
                            T(f"{1300 + order * 50}s", f"{1300 + order * 50}er Jahre", f"{1300 + order * 50}年代"),
                        ),
                        **translated("credit", T("Generated", "Erzeugt", "自动生成")),
                        **blank("image_alt"),
                    )
                )
            links_organizers += [(exhibition.pk, o.pk) for o in rng.sample(organizations, 2)]
            links_events.append((exhibition.pk, rng.choice(events).pk))
        self.bulk(ExhibitionRun, runs)
        exhibits = self.bulk(Exhibit, exhibits)
        self.through(Exhibition.organizers, links_organizers, "exhibition", "organization")
        self.through(Exhibition.related_events, links_events, "exhibition", "event")
        by_exhibition: dict[int, list[Exhibit]] = {}
        for exhibit in exhibits:
            by_exhibition.setdefault(exhibit.exhibition_id, []).append(exhibit)
        comparisons = []
        for exhibition_id, items in by_exhibition.items():
            left, right = rng.sample(items, 2)
            comparisons.append(
                Comparison(
                    exhibition_id=exhibition_id,
                    left_exhibit=left,
                    right_exhibit=right,
                    order=1,
                    **translated("title", T("Side by side", "Gegenübergestellt", "对比")),
                    **translated(
                        "commentary", T("Two exhibits compared.", "Zwei Exponate im Vergleich.", "两件展品的比较。")
                    ),
                )
            )
        self.bulk(Comparison, comparisons)

    @staticmethod
    def run_row(exhibition, venue, first_day, last_day, is_extension) -> ExhibitionRun:
        return ExhibitionRun(
            exhibition=exhibition,
            venue=venue,
            first_day=first_day,
            last_day=last_day,
            is_extension=is_extension,
            **translated("opening_hours", T("Daily 10:00–18:00", "Täglich 10–18 Uhr", "每日 10:00—18:00")),
        )

    def agreements_and_projects(self, events, organizations, cities, topics) -> None:
        rng = self.rng
        dated = [event for event in events if event.starts_at]
        agreements, parties = [], []
        for number in range(1, max(3, self.count // 10) + 1):
            event = rng.choice(dated)
            sector = rng.choice(topics)
            agreements.append(
                Agreement(
                    event=event,
                    sector=sector,
                    signed_on=event.starts_at.astimezone(ZoneInfo(event.venue.city.timezone)).date(),
                    order=number,
                    value_amount=None,
                    value_currency="",
                    **translated(
                        "title",
                        T(
                            f"Agreement {number} on {sector.name_en.lower()}",
                            f"Vereinbarung {number}: {sector.name_de or sector.name_en}",
                            f"{sector.name_zh_hans or sector.name_en}合作协议 {number}",
                        ),
                    ),
                    **translated("description", T("Generated.", "Erzeugt.", "自动生成。")),
                )
            )
            parties.append(rng.sample(organizations, 2))
        agreements = self.bulk(Agreement, agreements)
        self.through(
            Agreement.parties,
            [(agreement.pk, o.pk) for agreement, chosen in zip(agreements, parties, strict=True) for o in chosen],
            "agreement",
            "organization",
        )
        projects = []
        for number in range(1, max(3, self.count // 10) + 1):
            sector = rng.choice(topics)
            with_money = rng.random() < 0.7
            projects.append(
                CooperationProject(
                    organization=rng.choice(organizations),
                    city=rng.choice(cities),
                    sector=sector,
                    year=rng.randint(2010, 2026),
                    investment_amount=Decimal(rng.randint(1, 500) * 100_000) if with_money else None,
                    investment_currency=rng.choice(CURRENCIES) if with_money else "",
                    revenue_amount=None,
                    revenue_currency="",
                    **translated(
                        "title",
                        T(
                            f"Project {number}: {sector.name_en}",
                            f"Projekt {number}: {sector.name_de or sector.name_en}",
                            f"项目 {number}：{sector.name_zh_hans or sector.name_en}",
                        ),
                    ),
                    **translated("description", T("Generated.", "Erzeugt.", "自动生成。")),
                )
            )
        self.bulk(CooperationProject, projects)


def generate_programme(*, events: int, seed: int, start: date) -> GeneratedProgramme:
    """Add a synthetic edition with `events` events from `start` over two weeks; refuse a seed used before.

    Raises ProgrammeExists if the seed's edition or slugs exist. All or nothing (one transaction).
    """
    if events < 1:
        raise ValueError("events must be at least 1")
    began = clock.perf_counter()
    with translation.override("en"), transaction.atomic():
        result = Generator(events=events, seed=seed, start=start).run()
    result.seconds = clock.perf_counter() - began
    return result
