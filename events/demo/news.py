"""The demo's news and the organizing committee's contact record, loaded by events/demo/loader.py.

The first article retells, in our own words, the committee's press release of 12 November 2025 about the
Leipzig forum (seed/press-release-2025.txt). The committee's record is plausible, not real: the street
numbers, the phone number and the people named are invented, and the e-mail domain is a reserved example.

Idempotent like the rest of the demo: the article is found by its slug, the record is the one row, and the
picture is drawn only when the article has none.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from modeltranslation.utils import build_localized_fieldname

from events.demo import content, images, scenes
from events.demo.content import T
from exhibitions.models import Exhibition
from nanjingweek.models import NewsArticle, SiteOwner

if TYPE_CHECKING:
    from events.demo.loader import DemoLoader

LANGUAGES = ("en", "de", "zh-hans")
NANJING = ZoneInfo("Asia/Shanghai")

LEIPZIG_FORUM_ARTICLE_SLUG = "leipzig-heritage-forum-report-2025"

LEIPZIG_FORUM_ARTICLE = {
    "slug": LEIPZIG_FORUM_ARTICLE_SLUG,
    # The release is datelined Nanjing, 12 November 2025.
    "published_at": datetime(2025, 11, 12, 10, 0, tzinfo=NANJING),
    "related_events": [content.FORUM_SLUG, content.OPENING_SLUG, content.MUNICH_SLUG],
    "related_exhibitions": [content.EXHIBITION["slug"]],
    "related_partners": [content.COMMITTEE, "city-of-leipzig", "leipzig-university"],
    "title": T(
        "Leipzig forum brings 70 Chinese and German heritage experts together",
        "Leipziger Forum bringt 70 Fachleute für Kulturerbe aus China und Deutschland zusammen",
        "莱比锡论坛汇聚中德70位文化遗产保护代表",
    ),
    "lead": T(
        "On 7 November, the Cultural Heritage Protection & Tourism Innovation Forum in Leipzig marked 37 years of "
        "partnership between Nanjing and Leipzig. The exhibition on the Ming City Wall and Leipzig’s historic "
        "buildings stays one more week, at Leipzig University.",
        "Am 7. November würdigte das Forum für Kulturerbeschutz und Tourismusinnovation in Leipzig 37 Jahre "
        "Partnerschaft zwischen Nanjing und Leipzig. Die Ausstellung über die Ming-Stadtmauer und Leipzigs "
        "historische Bauten bleibt eine weitere Woche, an der Universität Leipzig.",
        "11月7日，文化遗产保护与旅游创新论坛在莱比锡举行，恰逢南京与莱比锡结好37周年。"
        "“南京明城墙与莱比锡历史建筑”展览将移至莱比锡大学延展一周。",
    ),
    "body": T(
        "Leipzig, the City of Music, hosted the core event of this year’s China Nanjing Week in Germany on "
        "7 November. Under the theme “Common Heritage, Common World”, the forum organized by the Nanjing Week "
        "Organizing Committee brought together 70 representatives of local governments, cultural institutions "
        "and creative industries from both countries to compare how they look after their historic cities.\n\n"
        "The exhibition “Nanjing Ming City Wall & Leipzig Historic Buildings”, opened alongside the forum, sets "
        "exhibits, pictures and side-by-side displays from the two cities next to each other and shows how East "
        "and West keep their old towns alive. After its first week it moves to Leipzig University for a one-week "
        "extension, so that more visitors can see it.\n\n"
        "Two days earlier, on 5 November, the series had opened in Munich with the dialogue “Shaping Future "
        "Cities”. There, 70 representatives of companies and governments from China and Germany agreed to work "
        "together more closely on industrial innovation and a low-carbon economy. Activities in Dietfurt will "
        "follow in the coming months.\n\n"
        "The week builds on a busy year. In March, the Nanjing–Stuttgart Economic Forum ended with 14 signed "
        "agreements in advanced manufacturing, finance and art; in May, the “German Enterprises in Nanjing” "
        "event launched 15 new projects in digital technology and trade. Some 309 German projects, among them "
        "Phoenix Contact, BSH and Siemens, are now established in Nanjing, with a total investment of "
        "2.2 billion US dollars and an annual revenue of 44 billion yuan.\n\n"
        "Nanjing’s ties with Germany reach back a long way: the International Safety Zone that John Rabe helped "
        "to set up, and the diary he kept, remain lasting symbols of peace between the two nations. Under its "
        "motto “phased linkage, multi-integration”, China Nanjing Week 2025 carries this friendship from "
        "industrial partnership on to an exchange between cultures.",
        "Die Musikstadt Leipzig war am 7. November Gastgeberin der zentralen Veranstaltung der diesjährigen "
        "China-Nanjing-Woche in Deutschland. Unter dem Motto „Gemeinsames Erbe, gemeinsame Welt“ brachte das "
        "vom Organisationskomitee der Nanjing-Woche veranstaltete Forum 70 Vertreterinnen und Vertreter aus "
        "Kommunalverwaltungen, Kultureinrichtungen und Kreativwirtschaft beider Länder zusammen, um ihre "
        "Erfahrungen im Umgang mit historischen Städten zu vergleichen.\n\n"
        "Die begleitende Ausstellung „Nanjinger Ming-Stadtmauer & historische Bauten Leipzigs“ stellt Exponate, "
        "Bilder und Gegenüberstellungen aus beiden Städten nebeneinander und zeigt, wie Ost und West ihre "
        "Altstädte lebendig halten. Nach ihrer ersten Woche zieht sie für eine einwöchige Verlängerung an die "
        "Universität Leipzig, damit noch mehr Besucherinnen und Besucher sie sehen können.\n\n"
        "Zwei Tage zuvor, am 5. November, hatte die Reihe in München mit dem Dialog „Städte der Zukunft "
        "gestalten“ begonnen. Dort verständigten sich 70 Vertreterinnen und Vertreter von Unternehmen und "
        "Behörden aus China und Deutschland auf eine engere Zusammenarbeit bei industrieller Innovation und "
        "klimafreundlicher Wirtschaft. In den kommenden Monaten folgen Veranstaltungen in Dietfurt.\n\n"
        "Die Woche baut auf ein ereignisreiches Jahr auf. Im März endete das Wirtschaftsforum Nanjing–Stuttgart "
        "mit 14 unterzeichneten Vereinbarungen in fortschrittlicher Fertigung, Finanzwesen und Kunst; im Mai "
        "brachte die Veranstaltung „Deutsche Unternehmen in Nanjing“ 15 neue Projekte in Digitalwirtschaft und "
        "Handel auf den Weg. Heute sind rund 309 deutsche Projekte in Nanjing angesiedelt, darunter Phoenix "
        "Contact, BSH und Siemens, mit Investitionen von insgesamt 2,2 Milliarden US-Dollar und einem "
        "Jahresumsatz von 44 Milliarden Yuan.\n\n"
        "Nanjings Verbindungen nach Deutschland reichen weit zurück: Die Internationale Sicherheitszone, die "
        "John Rabe mitbegründete, und sein Tagebuch sind bleibende Symbole des Friedens zwischen beiden Ländern. "
        "Unter dem Motto „Schrittweise vernetzt, vielfältig verbunden“ führt die China-Nanjing-Woche 2025 diese "
        "Freundschaft von der industriellen Partnerschaft weiter zum Austausch der Kulturen.",
        "11月7日，本届“中国南京周”德国系列活动的核心活动在“音乐之城”莱比锡举行。论坛由南京周组委会主办，"
        "以“共同的遗产，共同的世界”为主题，汇聚了中德两国地方政府、文化机构和创意产业的70位代表，"
        "共同交流历史城市保护的实践经验。\n\n"
        "同期举办的“南京明城墙与莱比锡历史建筑”展览通过展品、图片和对比展示，呈现东西方守护古城的智慧。"
        "展览在首周结束后将移至莱比锡大学延展一周，让更多观众有机会参观。\n\n"
        "两天前的11月5日，系列活动已在慕尼黑以“塑造未来城市”对话会拉开帷幕。中德两国企业和政府的70位代表"
        "就产业创新与低碳经济合作达成共识。迪特富特的相关活动将在未来几个月举行。\n\n"
        "南京周建立在硕果累累的一年之上：3月，南京—斯图加特经济论坛签约14个项目，涵盖先进制造、金融和艺术"
        "领域；5月，“德企南京行”活动带来15个数字经济与贸易新项目。目前已有309个德国项目落户南京，其中包括"
        "菲尼克斯电气、博西家电和西门子，总投资22亿美元，年营业收入440亿元人民币。\n\n"
        "南京与德国渊源深厚：约翰·拉贝参与设立的南京安全区和他留下的《拉贝日记》，始终是两国人民和平友谊的"
        "见证。2025年“中国南京周”以“分段联动、多元融合”为理念，推动这份友谊从产业协作走向文明互鉴。",
    ),
    "image_alt": T(
        "Illustration: a conference hall with a red banner above the stage, a lectern and a panel table, seen "
        "over the heads of the audience.",
        "Illustration: ein Konferenzsaal mit rotem Banner über der Bühne, Rednerpult und Podiumstisch, gesehen "
        "über die Köpfe des Publikums hinweg.",
        "插图：会议大厅，舞台上方悬挂红色横幅，台上设有讲台和嘉宾席，前景为观众的背影。",
    ),
}

COMMITTEE_RECORD = {
    "name": T("Nanjing Week Organizing Committee", "Organisationskomitee der Nanjing-Woche", "南京周组委会"),
    "legal_form": T(
        "Public body: organizing committee of the Nanjing Municipal People’s Government",
        "Öffentliche Stelle: Organisationskomitee der Stadtregierung Nanjing",
        "公共机构：南京市人民政府所属组委会",
    ),
    "representative": T(
        "Li Ming, Secretary-General of the Organizing Committee",
        "Li Ming, Generalsekretär des Organisationskomitees",
        "组委会秘书长李明",
    ),
    "address": T(
        "88 Zhongshan Road, Xuanwu District\n210005 Nanjing, Jiangsu\nChina",
        "Zhongshan Road 88, Bezirk Xuanwu\n210005 Nanjing, Provinz Jiangsu\nChina",
        "中国江苏省南京市\n玄武区中山路88号\n邮编210005",
    ),
    "content_responsible": T("Wang Fang", "Wang Fang", "王芳"),
    "content_responsible_address": T(
        "Contact Office Germany of the Nanjing Week Organizing Committee\nNikolaistraße 12\n04109 Leipzig\nGermany",
        "Kontaktbüro Deutschland des Organisationskomitees der Nanjing-Woche\nNikolaistraße 12\n04109 Leipzig\n"
        "Deutschland",
        "南京周组委会德国联络处\nNikolaistraße 12\n04109 Leipzig\n德国",
    ),
    "email": "info@nanjingweek.example",
    "phone": "+86 25 8000 1988",
    "register_entry": "",
    "vat_id": "",
}

TRANSLATED = ("title", "lead", "body", "image_alt")
OWNER_TRANSLATED = (
    "name",
    "legal_form",
    "representative",
    "address",
    "content_responsible",
    "content_responsible_address",
)


def _columns(spec: dict, fields: tuple[str, ...]) -> dict[str, str]:
    values = {}
    for field in fields:
        text: T = spec[field]
        for language, value in zip(LANGUAGES, (text.en, text.de, text.zh_hans), strict=True):
            values[build_localized_fieldname(field, language)] = value
    return values


def forum_picture() -> bytes:
    """A forum hall seen from the audience: a red banner over the stage, a lectern and a panel table."""
    return images.jpeg_bytes(scenes.draw_forum_hall())


def load_news(loader: DemoLoader) -> None:
    """The Leipzig forum article, related to its events, exhibition and partners, and the committee's record."""
    spec = LEIPZIG_FORUM_ARTICLE
    values = _columns(spec, TRANSLATED)
    values.update(status=NewsArticle.Status.PUBLISHED, published_at=spec["published_at"])
    article = loader.upsert(NewsArticle, {"slug": spec["slug"]}, values)
    loader.picture(article, "image", f"{spec['slug']}.jpg", forum_picture)
    article.related_events.set([loader.events[slug] for slug in spec["related_events"]])
    article.related_exhibitions.set(Exhibition.objects.filter(slug__in=spec["related_exhibitions"]))
    article.related_partners.set([loader.organizations[slug] for slug in spec["related_partners"]])

    record = COMMITTEE_RECORD
    owner_values = _columns(record, OWNER_TRANSLATED)
    owner_values.update({name: record[name] for name in ("email", "phone", "register_entry", "vat_id")})
    if not SiteOwner.objects.exists():
        # Organizers may have entered their own record: the demo fills it only where there is none.
        loader.upsert(SiteOwner, {"pk": SiteOwner.SOLE_ID}, owner_values)
