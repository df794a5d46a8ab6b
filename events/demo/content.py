"""The 2025 demo programme in English, German and Simplified Chinese.

The facts come from the organizing committee's press release of 12 November 2025
(DESIGN.md, seed/press-release-2025.txt); the wording is ours. Where the release gives no
detail, the demo fills in plausible values: times of day, venues, agendas, and speakers,
who are either role-based ("Representative of …") or fictional people with invented names.
Organizations' roles at events and the titles of the 14 agreements and 15 projects are
illustrative too: the release names neither the parties nor the projects.

Texts are `T(en, de, zh_hans)`; the loader expands them into modeltranslation's columns.
Relations are given by slug. Dates and times are local to the venue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class T:
    """One text in the three languages of the site."""

    en: str
    de: str
    zh_hans: str

    def __post_init__(self):
        for language, text in (("en", self.en), ("de", self.de), ("zh_hans", self.zh_hans)):
            if not text.strip():
                raise ValueError(f"Missing {language} text next to {self.en!r}")


EDITION_SLUG = "china-nanjing-week-2025"
COMMITTEE = "nanjing-week-organizing-committee"

EDITION = {
    "slug": EDITION_SLUG,
    "name": T("China Nanjing Week 2025", "China-Nanjing-Woche 2025", "中国南京周 2025"),
    "theme": T(
        "Phased linkage, multi-integration", "Schrittweise vernetzt, vielfältig verbunden", "分段联动、多元融合"
    ),
    "description": T(
        "China Nanjing Week brings Nanjing to Germany for forums, dialogues, exhibitions and business meetings. "
        "The 2025 edition began in the spring, with the economic forum in Stuttgart in March and the meeting of "
        "German enterprises in Nanjing in May, and culminated in November in a series that ran from Munich to "
        "Leipzig. Its motto, “phased linkage, multi-integration”, describes the approach: events in several "
        "cities that build on one another and bring culture, heritage, industry and trade together.\n\n"
        "Nanjing’s ties with Germany go back a long way. The International Safety Zone that John Rabe helped to "
        "set up in Nanjing, and the diary he kept there, remain lasting symbols of peace between the two "
        "nations. Today the friendship reaches from industrial partnerships to an exchange between two "
        "civilisations.",
        "Die China-Nanjing-Woche bringt Nanjing mit Foren, Dialogen, Ausstellungen und Wirtschaftstreffen nach "
        "Deutschland. Die Ausgabe 2025 begann im Frühjahr mit dem Wirtschaftsforum in Stuttgart im März und dem "
        "Treffen deutscher Unternehmen in Nanjing im Mai und gipfelte im November in einer Reihe, die von "
        "München nach Leipzig führte. Das Motto „Schrittweise vernetzt, vielfältig verbunden“ beschreibt den "
        "Ansatz: Veranstaltungen in mehreren Städten, die aufeinander aufbauen und Kultur, Denkmalpflege, "
        "Industrie und Handel zusammenführen.\n\n"
        "Nanjings Verbindungen nach Deutschland reichen weit zurück. Die Internationale Sicherheitszone, die "
        "John Rabe in Nanjing mitbegründete, und das Tagebuch, das er dort führte, sind bleibende Symbole des "
        "Friedens zwischen beiden Ländern. Heute reicht die Freundschaft von industriellen Partnerschaften bis "
        "zum Austausch zweier Kulturen.",
        "“中国南京周”把南京带到德国，举办论坛、对话会、展览和经贸交流活动。2025年的活动自春季开启：3月在斯图加特"
        "举办经济论坛，5月在南京举办德企交流活动；11月，系列活动从慕尼黑延伸到莱比锡，达到高潮。“分段联动、多元融合”"
        "概括了活动的思路：多座城市的活动环环相扣，把文化、遗产保护、产业与贸易融为一体。\n\n"
        "南京与德国渊源深厚。约翰·拉贝参与设立的南京安全区和他留下的《拉贝日记》，始终是两国人民和平友谊的"
        "见证。如今，这份友谊已从产业协作延伸到文明互鉴。",
    ),
    # From the first event of the year (Stuttgart, 20 March) to the end of the November series: every event of
    # an edition lies within its first and last day (Event.clean).
    "start_date": date(2025, 3, 20),
    "end_date": date(2025, 11, 30),
    "organizer": COMMITTEE,
}

CITIES = [
    {"slug": "nanjing", "name": T("Nanjing", "Nanjing", "南京"), "country": "CN", "timezone": "Asia/Shanghai"},
    {"slug": "leipzig", "name": T("Leipzig", "Leipzig", "莱比锡"), "country": "DE", "timezone": "Europe/Berlin"},
    {"slug": "munich", "name": T("Munich", "München", "慕尼黑"), "country": "DE", "timezone": "Europe/Berlin"},
    {
        "slug": "stuttgart",
        "name": T("Stuttgart", "Stuttgart", "斯图加特"),
        "country": "DE",
        "timezone": "Europe/Berlin",
    },
    {
        "slug": "dietfurt",
        "name": T("Dietfurt an der Altmühl", "Dietfurt an der Altmühl", "阿尔特米尔河畔迪特富特"),
        "country": "DE",
        "timezone": "Europe/Berlin",
    },
]

STEP_FREE = T(
    "Step-free entrance, lifts to all floors, accessible toilets. Hearing loop in the main hall.",
    "Stufenloser Eingang, Aufzüge in alle Etagen, barrierefreie Toiletten. Induktionsschleife im großen Saal.",
    "无障碍入口，电梯通往各楼层，设有无障碍卫生间。主会场配有助听感应环路。",
)


VENUES = [
    {
        "slug": "kongresshalle-leipzig",
        "city": "leipzig",
        "name": T("Congress Hall at the Zoo, Leipzig", "Kongresshalle am Zoo Leipzig", "莱比锡动物园会议中心"),
        "address": T(
            "Pfaffendorfer Straße 31, 04105 Leipzig, Germany",
            "Pfaffendorfer Straße 31, 04105 Leipzig",
            "德国莱比锡 Pfaffendorfer Straße 31（邮编04105）",
        ),
        "street_address": "Pfaffendorfer Straße 31",
        "postal_code": "04105",
        "latitude": Decimal("51.348900"),
        "longitude": Decimal("12.371500"),
        "capacity": 400,
        "accessibility": STEP_FREE,
        "website": "https://www.kongresshalle-leipzig.de/",
    },
    {
        "slug": "leipzig-university-augusteum",
        "city": "leipzig",
        "name": T("Leipzig University, Augusteum", "Universität Leipzig, Augusteum", "莱比锡大学奥古斯都楼"),
        "address": T(
            "Augustusplatz 10, 04109 Leipzig, Germany",
            "Augustusplatz 10, 04109 Leipzig",
            "德国莱比锡 Augustusplatz 10（邮编04109）",
        ),
        "street_address": "Augustusplatz 10",
        "postal_code": "04109",
        "latitude": Decimal("51.338500"),
        "longitude": Decimal("12.379700"),
        "capacity": 150,
        "accessibility": T(
            "Step-free entrance from Augustusplatz; the exhibition is on the ground floor. Accessible toilets.",
            "Stufenloser Zugang vom Augustusplatz; die Ausstellung liegt im Erdgeschoss. Barrierefreie Toiletten.",
            "从奥古斯都广场可无障碍进入，展览位于一层，设有无障碍卫生间。",
        ),
        "website": "https://www.uni-leipzig.de/",
    },
    {
        "slug": "haus-der-bayerischen-wirtschaft",
        "city": "munich",
        "name": T("House of Bavarian Business", "Haus der Bayerischen Wirtschaft", "巴伐利亚经济之家"),
        "address": T(
            "Max-Joseph-Straße 5, 80333 Munich, Germany",
            "Max-Joseph-Straße 5, 80333 München",
            "德国慕尼黑 Max-Joseph-Straße 5（邮编80333）",
        ),
        "street_address": "Max-Joseph-Straße 5",
        "postal_code": "80333",
        "latitude": Decimal("48.143200"),
        "longitude": Decimal("11.570100"),
        "capacity": 250,
        "accessibility": STEP_FREE,
        "website": "",
    },
    {
        "slug": "haus-der-wirtschaft-stuttgart",
        "city": "stuttgart",
        "name": T(
            "House of Business Baden-Württemberg", "Haus der Wirtschaft Baden-Württemberg", "巴登-符腾堡经济之家"
        ),
        "address": T(
            "Willi-Bleicher-Straße 19, 70174 Stuttgart, Germany",
            "Willi-Bleicher-Straße 19, 70174 Stuttgart",
            "德国斯图加特 Willi-Bleicher-Straße 19（邮编70174）",
        ),
        "street_address": "Willi-Bleicher-Straße 19",
        "postal_code": "70174",
        "latitude": Decimal("48.780200"),
        "longitude": Decimal("9.173300"),
        "capacity": 300,
        "accessibility": STEP_FREE,
        "website": "",
    },
    {
        "slug": "nanjing-international-expo-center",
        "city": "nanjing",
        "name": T("Nanjing International Expo Center", "Internationales Messezentrum Nanjing", "南京国际博览中心"),
        "address": T(
            "300 Jiangdong Middle Road, Jianye District, Nanjing, Jiangsu, China",
            "Jiangdong Zhonglu 300, Bezirk Jianye, Nanjing, Provinz Jiangsu, China",
            "江苏省南京市建邺区江东中路300号",
        ),
        "street_address": "江东中路300号",
        # No postal code: none we could confirm for the Expo Center.
        "latitude": Decimal("32.008700"),
        "longitude": Decimal("118.731100"),
        "capacity": 500,
        "accessibility": T(
            "Step-free access to all halls and meeting rooms; accessible toilets on every floor.",
            "Alle Hallen und Tagungsräume sind stufenlos erreichbar; barrierefreie Toiletten auf jeder Etage.",
            "所有展厅和会议室均可无障碍到达，各楼层设有无障碍卫生间。",
        ),
        "website": "",
    },
    {
        "slug": "dietfurt-town-hall",
        "city": "dietfurt",
        "name": T("Dietfurt Town Hall", "Rathaus Dietfurt", "迪特富特市政厅"),
        "address": T(
            "Hauptstraße 26, 92345 Dietfurt an der Altmühl, Germany",
            "Hauptstraße 26, 92345 Dietfurt an der Altmühl",
            "德国阿尔特米尔河畔迪特富特 Hauptstraße 26（邮编92345）",
        ),
        "street_address": "Hauptstraße 26",
        "postal_code": "92345",
        "latitude": Decimal("49.036300"),
        "longitude": Decimal("11.587300"),
        "capacity": 80,
        "accessibility": T(
            "The meeting room on the ground floor is reached without steps. No lift to the upper floors.",
            "Der Sitzungssaal im Erdgeschoss ist stufenlos erreichbar. Kein Aufzug in die oberen Etagen.",
            "一层会议室可无障碍进入；通往楼上各层没有电梯。",
        ),
        "website": "",
    },
]

TOPICS = [
    {"slug": "heritage-preservation", "name": T("Heritage preservation", "Denkmalpflege", "文化遗产保护")},
    {"slug": "tourism", "name": T("Tourism", "Tourismus", "旅游")},
    {"slug": "industrial-innovation", "name": T("Industrial innovation", "Industrielle Innovation", "产业创新")},
    {"slug": "low-carbon-economy", "name": T("Low-carbon economy", "CO₂-arme Wirtschaft", "低碳经济")},
    {"slug": "advanced-manufacturing", "name": T("Advanced manufacturing", "Moderne Fertigung", "先进制造")},
    {"slug": "finance", "name": T("Finance", "Finanzen", "金融")},
    {"slug": "art", "name": T("Art", "Kunst", "艺术")},
    {"slug": "digital", "name": T("Digital technology", "Digitale Technologien", "数字技术")},
    {"slug": "trade", "name": T("Trade", "Handel", "贸易")},
    {"slug": "ecology", "name": T("Ecology", "Ökologie", "生态")},
]

# Logo colours and the short name printed on the generated logo.
ORGANIZATIONS = [
    {
        "slug": COMMITTEE,
        "kind": "organizing_committee",
        "country": "CN",
        "city": "nanjing",
        "name": T("Nanjing Week Organizing Committee", "Organisationskomitee der Nanjing-Woche", "南京周组委会"),
        "description": T(
            "Plans and runs China Nanjing Week, the city’s programme of cultural and economic exchange abroad.",
            "Plant und veranstaltet die China-Nanjing-Woche, das Programm der Stadt für kulturellen und "
            "wirtschaftlichen Austausch im Ausland.",
            "负责策划和举办“中国南京周”——南京面向海外的文化与经贸交流系列活动。",
        ),
        "logo_text": "Nanjing Week",
        "logo_color": (140, 28, 19),
        "website": "",
    },
    {
        "slug": "nanjing-municipal-government",
        "kind": "government",
        "country": "CN",
        "city": "nanjing",
        "name": T("Nanjing Municipal People’s Government", "Stadtregierung Nanjing", "南京市人民政府"),
        "description": T(
            "The government of Nanjing, capital of Jiangsu Province.",
            "Die Regierung der Stadt Nanjing, Hauptstadt der Provinz Jiangsu.",
            "江苏省省会南京市的人民政府。",
        ),
        "logo_text": "Nanjing",
        "logo_color": (168, 36, 36),
        "website": "https://www.nanjing.gov.cn/",
    },
    {
        "slug": "nanjing-culture-tourism-bureau",
        "kind": "government",
        "country": "CN",
        "city": "nanjing",
        "name": T(
            "Nanjing Municipal Bureau of Culture and Tourism",
            "Amt für Kultur und Tourismus der Stadt Nanjing",
            "南京市文化和旅游局",
        ),
        "description": T(
            "Looks after Nanjing’s cultural institutions, heritage sites and tourism.",
            "Zuständig für Nanjings Kultureinrichtungen, Kulturerbestätten und den Tourismus.",
            "负责南京的文化机构、文化遗产地及旅游工作。",
        ),
        "logo_text": "Culture & Tourism",
        "logo_color": (176, 92, 30),
        "website": "",
    },
    {
        "slug": "nanjing-commerce-bureau",
        "kind": "government",
        "country": "CN",
        "city": "nanjing",
        "name": T("Nanjing Municipal Bureau of Commerce", "Handelsamt der Stadt Nanjing", "南京市商务局"),
        "description": T(
            "Promotes trade and foreign investment in Nanjing and lists the projects agreed with foreign firms.",
            "Fördert Handel und ausländische Investitionen in Nanjing und führt die mit ausländischen Firmen "
            "vereinbarten Projekte.",
            "负责推动南京的对外贸易与外商投资，并统筹与外资企业商定的合作项目。",
        ),
        "logo_text": "Commerce",
        "logo_color": (30, 86, 140),
        "website": "",
    },
    {
        "slug": "city-of-leipzig",
        "kind": "government",
        "country": "DE",
        "city": "leipzig",
        "name": T("City of Leipzig", "Stadt Leipzig", "莱比锡市"),
        "description": T(
            "Nanjing’s sister city since 1988, known for its trade fairs, its music and its universities.",
            "Seit 1988 Partnerstadt Nanjings, bekannt für ihre Messen, ihre Musik und ihre Universität.",
            "自1988年起与南京结为友好城市，以会展、音乐和大学闻名。",
        ),
        "logo_text": "Leipzig",
        "logo_color": (0, 84, 150),
        "website": "https://www.leipzig.de/",
    },
    {
        "slug": "leipzig-university",
        "kind": "university",
        "country": "DE",
        "city": "leipzig",
        "name": T("Leipzig University", "Universität Leipzig", "莱比锡大学"),
        "description": T(
            "Founded in 1409, one of the oldest universities in Germany; host of the exhibition’s extension.",
            "1409 gegründet und eine der ältesten Universitäten Deutschlands; Gastgeberin der "
            "Ausstellungsverlängerung.",
            "创立于1409年，是德国历史最悠久的大学之一，也是本次展览延展期的承办地。",
        ),
        "logo_text": "Universität Leipzig",
        "logo_color": (52, 52, 60),
        "website": "https://www.uni-leipzig.de/",
    },
    {
        "slug": "nanjing-city-wall-museum",
        "kind": "cultural_institution",
        "country": "CN",
        "city": "nanjing",
        "name": T("Nanjing City Wall Museum", "Nanjinger Stadtmauermuseum", "南京城墙博物馆"),
        "description": T(
            "The museum of Nanjing’s Ming-dynasty city wall, beside Zhonghua Gate.",
            "Das Museum der Nanjinger Stadtmauer aus der Ming-Zeit, gleich neben dem Zhonghua-Tor.",
            "紧邻中华门的南京明城墙专题博物馆。",
        ),
        "logo_text": "City Wall Museum",
        "logo_color": (96, 96, 92),
        "website": "",
    },
    {
        "slug": "dietfurt-town",
        "kind": "government",
        "country": "DE",
        "city": "dietfurt",
        "name": T("Town of Dietfurt an der Altmühl", "Stadt Dietfurt an der Altmühl", "阿尔特米尔河畔迪特富特市"),
        "description": T(
            "A small Bavarian town in the Altmühl valley, known far beyond the region as “Bavarian China”.",
            "Eine kleine Stadt im bayerischen Altmühltal, weit über die Region hinaus als „Bayerisch China“ bekannt.",
            "巴伐利亚阿尔特米尔河谷中的小城，素有“巴伐利亚的中国”之称，远近闻名。",
        ),
        "logo_text": "Dietfurt",
        "logo_color": (40, 110, 70),
        "website": "",
    },
    {
        "slug": "phoenix-contact",
        "kind": "enterprise",
        "country": "DE",
        "city": None,
        "name": T("Phoenix Contact", "Phoenix Contact", "菲尼克斯电气"),
        "description": T(
            "German family-owned maker of electrical connection and industrial automation technology, with a "
            "long-standing plant in Nanjing.",
            "Deutsches Familienunternehmen für elektrische Verbindungs- und Automatisierungstechnik, seit vielen "
            "Jahren mit einem Werk in Nanjing.",
            "德国家族企业，专注于电气连接与工业自动化技术，在南京设厂多年。",
        ),
        "logo_text": "Phoenix Contact",
        "logo_color": (0, 110, 140),
        "website": "https://www.phoenixcontact.com/",
    },
    {
        "slug": "bsh",
        "kind": "enterprise",
        "country": "DE",
        "city": "munich",
        "name": T("BSH Home Appliances", "BSH Hausgeräte", "博西家电"),
        "description": T(
            "Home appliance maker headquartered in Munich; its business in China is run from Nanjing.",
            "Hausgerätehersteller mit Sitz in München; das China-Geschäft wird von Nanjing aus geführt.",
            "总部位于慕尼黑的家电制造商，其中国业务以南京为总部。",
        ),
        "logo_text": "BSH",
        "logo_color": (40, 40, 48),
        "website": "https://www.bsh-group.com/",
    },
    {
        "slug": "siemens",
        "kind": "enterprise",
        "country": "DE",
        "city": "munich",
        "name": T("Siemens", "Siemens", "西门子"),
        "description": T(
            "Technology company headquartered in Munich, present in Nanjing with automation and digital "
            "industry businesses.",
            "Technologiekonzern mit Sitz in München, in Nanjing mit Geschäften in Automatisierung und "
            "digitaler Industrie vertreten.",
            "总部位于慕尼黑的科技企业，在南京开展自动化和数字化工业业务。",
        ),
        "logo_text": "Siemens",
        "logo_color": (0, 128, 128),
        "website": "https://www.siemens.com/",
    },
    {
        "slug": "sino-german-culture-review",
        "kind": "media",
        "country": "DE",
        "city": "leipzig",
        "name": T("Sino-German Culture Review", "Deutsch-Chinesische Kulturrundschau", "中德文化评论"),
        "description": T(
            "A bilingual magazine on cultural exchange between China and Germany (a fictional media partner "
            "of the demo programme).",
            "Zweisprachiges Magazin über den Kulturaustausch zwischen China und Deutschland (ein fiktiver "
            "Medienpartner des Demoprogramms).",
            "一份关注中德文化交流的双语杂志（演示节目中的虚构媒体合作伙伴）。",
        ),
        "logo_text": "Culture Review",
        "logo_color": (110, 60, 120),
        "website": "",
    },
]

SPEAKERS = [
    {
        "slug": "representative-organizing-committee",
        "organization": COMMITTEE,
        "name": T(
            "Representative of the Nanjing Week Organizing Committee",
            "Vertretung des Organisationskomitees der Nanjing-Woche",
            "南京周组委会代表",
        ),
        "role": T("Host", "Gastgeber", "主办方"),
    },
    {
        "slug": "representative-city-of-leipzig",
        "organization": "city-of-leipzig",
        "name": T("Representative of the City of Leipzig", "Vertretung der Stadt Leipzig", "莱比锡市政府代表"),
        "role": T("Office for International Cooperation", "Referat Internationale Zusammenarbeit", "国际合作办公室"),
    },
    {
        "slug": "representative-culture-tourism-bureau",
        "organization": "nanjing-culture-tourism-bureau",
        "name": T(
            "Representative of the Nanjing Municipal Bureau of Culture and Tourism",
            "Vertretung des Amts für Kultur und Tourismus der Stadt Nanjing",
            "南京市文化和旅游局代表",
        ),
        "role": T("Heritage and tourism administration", "Denkmal- und Tourismusverwaltung", "文物与旅游管理"),
    },
    {
        "slug": "representative-commerce-bureau",
        "organization": "nanjing-commerce-bureau",
        "name": T(
            "Representative of the Nanjing Municipal Bureau of Commerce",
            "Vertretung des Handelsamts der Stadt Nanjing",
            "南京市商务局代表",
        ),
        "role": T("Investment promotion", "Investitionsförderung", "投资促进"),
    },
    {
        "slug": "liu-haitao",
        "organization": "nanjing-city-wall-museum",
        "name": T("Liu Haitao", "Liu Haitao", "刘海涛"),
        "role": T("Research fellow", "Wissenschaftlicher Mitarbeiter", "研究馆员"),
        "bio": T(
            "Has spent two decades surveying the Ming city wall and recording the makers’ inscriptions on its bricks.",
            "Erforscht seit zwei Jahrzehnten die Ming-Stadtmauer und dokumentiert die Herstellerinschriften auf "
            "ihren Ziegeln.",
            "二十年来致力于明城墙的调查研究，系统记录城砖上的铭文。",
        ),
    },
    {
        "slug": "martin-berger",
        "organization": "leipzig-university",
        "name": T("Prof. Dr. Martin Berger", "Prof. Dr. Martin Berger", "马丁·贝格尔教授"),
        "role": T("Architectural historian", "Architekturhistoriker", "建筑史学者"),
        "bio": T(
            "Teaches the history of European town building and has written on the rebuilding of Leipzig’s "
            "old town after 1990.",
            "Lehrt die Geschichte des europäischen Städtebaus und hat über die Erneuerung der Leipziger "
            "Innenstadt nach 1990 publiziert.",
            "讲授欧洲城市建设史，著有关于1990年后莱比锡老城更新的论著。",
        ),
    },
    {
        "slug": "katrin-vogel",
        "organization": None,
        "name": T("Dr. Katrin Vogel", "Dr. Katrin Vogel", "卡特琳·福格尔博士"),
        "role": T("Conservation architect, Leipzig", "Architektin für Denkmalpflege, Leipzig", "莱比锡文物保护建筑师"),
        "bio": T(
            "Has led the restoration of churches and town houses in Saxony, with a focus on historic masonry.",
            "Leitete Restaurierungen von Kirchen und Bürgerhäusern in Sachsen, mit Schwerpunkt auf historischem "
            "Mauerwerk.",
            "曾主持萨克森州多座教堂和民居的修缮工程，专长于历史砌体保护。",
        ),
    },
    {
        "slug": "zhou-min",
        "organization": None,
        "name": T("Zhou Min", "Zhou Min", "周敏"),
        "role": T(
            "Founder of a cultural and creative studio in Nanjing",
            "Gründerin eines Kreativstudios in Nanjing",
            "南京文创工作室创始人",
        ),
        "bio": T(
            "Designs products and walking routes inspired by the Ming city wall for young visitors.",
            "Entwirft Produkte und Stadtrundgänge rund um die Ming-Stadtmauer für junge Besucherinnen und Besucher.",
            "以明城墙为灵感，为年轻游客设计文创产品和城市漫步路线。",
        ),
    },
    {
        "slug": "anna-schreiber",
        "organization": None,
        "name": T("Anna Schreiber", "Anna Schreiber", "安娜·施莱伯"),
        "role": T(
            "Tourism marketing consultant, Leipzig", "Beraterin für Tourismusmarketing, Leipzig", "莱比锡旅游营销顾问"
        ),
        "bio": T(
            "Advises cities in central Germany on digital guides and on tourism that works for residents too.",
            "Berät mitteldeutsche Städte zu digitalen Stadtführungen und zu einem Tourismus, der auch den "
            "Einwohnern nützt.",
            "为德国中部城市提供数字导览及兼顾居民利益的旅游发展咨询。",
        ),
    },
    {
        "slug": "zhao-lei",
        "organization": None,
        "name": T("Zhao Lei", "Zhao Lei", "赵磊"),
        "role": T(
            "Managing director of a technology park company in Nanjing",
            "Geschäftsführer einer Technologiepark-Gesellschaft in Nanjing",
            "南京某科技园区运营公司总经理",
        ),
        "bio": T(
            "Brings start-ups, research institutes and manufacturers together in one of Nanjing’s innovation "
            "districts.",
            "Bringt in einem der Nanjinger Innovationsviertel Start-ups, Forschungsinstitute und Hersteller zusammen.",
            "在南京的一个创新街区中，把初创企业、科研院所和制造企业聚合在一起。",
        ),
    },
    {
        "slug": "thomas-huber",
        "organization": None,
        "name": T("Dr. Thomas Huber", "Dr. Thomas Huber", "托马斯·胡贝尔博士"),
        "role": T(
            "Energy and climate consultant, Munich", "Energie- und Klimaberater, München", "慕尼黑能源与气候顾问"
        ),
        "bio": T(
            "Helps manufacturers and municipal utilities plan their way to low-carbon production.",
            "Unterstützt Industriebetriebe und Stadtwerke auf dem Weg zu einer CO₂-armen Produktion.",
            "协助制造企业和城市公用事业公司规划低碳生产转型路径。",
        ),
    },
    {
        "slug": "sabine-keller",
        "organization": None,
        "name": T("Sabine Keller", "Sabine Keller", "扎比内·凯勒"),
        "role": T(
            "Managing director of a machine-tool supplier, Stuttgart",
            "Geschäftsführerin eines Werkzeugmaschinen-Zulieferers, Stuttgart",
            "斯图加特机床配套企业总经理",
        ),
        "bio": T(
            "Runs a family firm that supplies precision components to machine builders in Germany and China.",
            "Führt ein Familienunternehmen, das Maschinenbauer in Deutschland und China mit Präzisionsteilen "
            "beliefert.",
            "经营一家家族企业，为中德两国的机械制造商供应精密零部件。",
        ),
    },
    {
        "slug": "yang-xue",
        "organization": None,
        "name": T("Yang Xue", "Yang Xue", "杨雪"),
        "role": T("Calligrapher, Nanjing", "Kalligrafin, Nanjing", "南京书法家"),
        "bio": T(
            "Teaches regular and running script and has shown her work in China and Europe.",
            "Unterrichtet Regel- und Kursivschrift und hat ihre Arbeiten in China und Europa ausgestellt.",
            "教授楷书与行书，作品曾在中国和欧洲展出。",
        ),
    },
    {
        "slug": "wu-fang",
        "organization": None,
        "name": T("Wu Fang", "Wu Fang", "吴芳"),
        "role": T("Yunjin brocade weaver", "Yunjin-Brokatweberin", "云锦织造技师"),
        "bio": T(
            "Weaves Nanjing’s Yunjin brocade on a traditional draw loom and demonstrates the craft abroad.",
            "Webt Nanjinger Yunjin-Brokat auf einem traditionellen Zugwebstuhl und zeigt das Handwerk im Ausland.",
            "在传统大花楼木织机上织造南京云锦，并在海外展示这项技艺。",
        ),
    },
]

MAIN_HALL = T("Main hall", "Großer Saal", "主会场")
FOYER = T("Foyer", "Foyer", "前厅")
CONFERENCE_ROOM = T("Conference room", "Konferenzraum", "会议室")

FORUM_SLUG = "heritage-tourism-forum-leipzig-2025"
OPENING_SLUG = "exhibition-opening-ming-wall-leipzig-2025"
MUNICH_SLUG = "shaping-future-cities-dialogue-munich-2025"
STUTTGART_SLUG = "nanjing-stuttgart-economic-forum-2025"
MAY_EVENT_SLUG = "german-enterprises-in-nanjing-2025"
DIETFURT_SLUG = "nanjing-cultural-encounters-dietfurt"
CULTURE_DAY_SLUG = "nanjing-culture-day-dietfurt"

# "start"/"end" are local (hour, minute) on the event's day; "day" and the event's date are local too.
EVENTS = [
    {
        "slug": FORUM_SLUG,
        "kind": "forum",
        "venue": "kongresshalle-leipzig",
        "day": date(2025, 11, 7),
        "start": (9, 30),
        "end": (17, 0),
        "participant_count": 70,
        "topics": ["heritage-preservation", "tourism"],
        "image": "town-hall",
        "title": T(
            "Cultural Heritage Protection & Tourism Innovation Forum",
            "Forum für Kulturerbeschutz und Tourismusinnovation",
            "文化遗产保护与旅游创新论坛",
        ),
        "subtitle": T(
            "A core event of the China Nanjing Week series in Germany",
            "Kernveranstaltung der Deutschland-Reihe der China-Nanjing-Woche",
            "“中国南京周”德国系列活动核心活动",
        ),
        "theme": T("Common Heritage, Common World", "Gemeinsames Erbe, gemeinsame Welt", "共同的遗产，共同的世界"),
        "summary": T(
            "Seventy representatives of local governments, cultural institutions and creative industries from "
            "China and Germany meet in Leipzig to compare how they protect historic cities and open them to "
            "visitors.",
            "Siebzig Vertreterinnen und Vertreter aus Kommunalverwaltungen, Kultureinrichtungen und "
            "Kreativwirtschaft aus China und Deutschland vergleichen in Leipzig, wie sie historische Städte "
            "bewahren und für Gäste erschließen.",
            "来自中德两国地方政府、文化机构和创意产业的70位代表齐聚莱比锡，交流历史城市保护与文旅融合的实践经验。",
        ),
        "description": T(
            "Leipzig, the City of Music, hosts the core event of this year’s China Nanjing Week in Germany. The "
            "forum marks the 37th anniversary of the sister-city partnership that Nanjing and Leipzig entered "
            "into in 1988, and brings the two cities’ experience of caring for their historic fabric into one "
            "room.\n\n"
            "In the morning, keynotes from both cities show how old walls, churches and town halls are kept in "
            "everyday use rather than behind glass. In the afternoon, two panels turn to practice: conservation "
            "work on site, and new ideas for tourism that benefits residents as well as visitors. The day closes "
            "with the opening of the exhibition “Nanjing Ming City Wall & Leipzig Historic Buildings”.",
            "Die Musikstadt Leipzig ist Gastgeberin der zentralen Veranstaltung der diesjährigen "
            "China-Nanjing-Woche in Deutschland. Das Forum würdigt den 37. Jahrestag der Städtepartnerschaft, "
            "die Nanjing und Leipzig 1988 geschlossen haben, und bringt die Erfahrungen beider Städte im Umgang "
            "mit ihrem baulichen Erbe an einen Tisch.\n\n"
            "Am Vormittag zeigen Impulsvorträge aus beiden Städten, wie alte Mauern, Kirchen und Rathäuser im "
            "Alltag genutzt werden, statt nur hinter Glas zu stehen. Am Nachmittag geht es in zwei Podien um die "
            "Praxis: Denkmalpflege vor Ort und neue Ideen für einen Tourismus, von dem Einwohner ebenso "
            "profitieren wie Gäste. Zum Abschluss wird die Ausstellung „Nanjinger Ming-Stadtmauer & historische "
            "Bauten Leipzigs“ eröffnet.",
            "本届“中国南京周”德国系列活动的核心活动在“音乐之城”莱比锡举行。论坛恰逢南京与莱比锡1988年缔结友好"
            "城市关系37周年，两座城市在历史风貌保护方面的经验在此交汇。\n\n"
            "上午，两市嘉宾作主旨演讲，介绍古城墙、教堂和市政厅如何在日常使用中得到保护，而不是被束之高阁。下午"
            "的两场圆桌讨论聚焦实践：一场探讨文物修缮的现场经验，一场讨论让居民与游客共同受益的旅游创新。论坛最后"
            "举行“南京明城墙与莱比锡历史建筑”展览开幕式。",
        ),
        "image_alt": T(
            "Illustration: a stylised drawing of Leipzig’s Old Town Hall with its tower and arcades.",
            "Illustration: stilisierte Zeichnung des Alten Rathauses in Leipzig mit Turm und Arkaden.",
            "插图：莱比锡老市政厅的风格化绘图，可见钟楼与拱廊。",
        ),
        "roles": [
            (COMMITTEE, "organizer"),
            ("city-of-leipzig", "co_organizer"),
            ("nanjing-culture-tourism-bureau", "supporter"),
            ("leipzig-university", "supporter"),
            ("sino-german-culture-review", "media_partner"),
        ],
        "sessions": [
            {
                "start": (9, 30),
                "end": (10, 0),
                "room": MAIN_HALL,
                "speakers": ["representative-organizing-committee", "representative-city-of-leipzig"],
                "title": T("Opening and welcome", "Eröffnung und Begrüßung", "开幕致辞"),
                "description": T(
                    "Welcome from the hosts of Nanjing and Leipzig.",
                    "Grußworte der Gastgeber aus Nanjing und Leipzig.",
                    "南京与莱比锡两地主办方致欢迎辞。",
                ),
            },
            {
                "start": (10, 0),
                "end": (10, 40),
                "room": MAIN_HALL,
                "speakers": ["liu-haitao"],
                "title": T(
                    "Keynote: A wall that is still lived in – the Ming City Wall in today’s Nanjing",
                    "Impulsvortrag: Eine Mauer, die noch gelebt wird – die Ming-Stadtmauer im heutigen Nanjing",
                    "主旨演讲：仍在“生活”的城墙——今日南京的明城墙",
                ),
                "description": T(
                    "How a fourteenth-century fortification became a park, a walking route and a museum without "
                    "losing its substance.",
                    "Wie eine Befestigung aus dem 14. Jahrhundert zu Park, Wanderweg und Museum wurde, ohne ihre "
                    "Substanz zu verlieren.",
                    "一座十四世纪的城防工事如何在保存本体的同时，变身为公园、步道和博物馆。",
                ),
            },
            {
                "start": (10, 40),
                "end": (11, 20),
                "room": MAIN_HALL,
                "speakers": ["martin-berger"],
                "title": T(
                    "Keynote: From grey façades to a living old town – Leipzig since 1990",
                    "Impulsvortrag: Von grauen Fassaden zur lebendigen Altstadt – Leipzig seit 1990",
                    "主旨演讲：从灰暗立面到鲜活老城——1990年以来的莱比锡",
                ),
                "description": T(
                    "What three decades of restoration in Leipzig’s centre teach about funding, ownership and "
                    "patience.",
                    "Was drei Jahrzehnte Sanierung in der Leipziger Innenstadt über Finanzierung, Eigentum und "
                    "Geduld lehren.",
                    "莱比锡老城三十年修缮历程在资金、产权与耐心方面带来的启示。",
                ),
            },
            {
                "start": (11, 30),
                "end": (12, 45),
                "room": MAIN_HALL,
                "speakers": ["representative-culture-tourism-bureau", "katrin-vogel", "liu-haitao"],
                "title": T(
                    "Panel: Heritage preservation in practice",
                    "Podium: Denkmalpflege in der Praxis",
                    "圆桌讨论：文化遗产保护实践",
                ),
                "description": T(
                    "Conservators, planners and museum staff compare their methods: surveying and repairing old "
                    "masonry, recording inscriptions, and finding uses that keep historic buildings alive.",
                    "Restauratoren, Planerinnen und Museumsleute vergleichen ihre Methoden: altes Mauerwerk "
                    "erfassen und instand setzen, Inschriften dokumentieren und Nutzungen finden, die historische "
                    "Bauten lebendig halten.",
                    "文物修复师、规划师和博物馆工作者交流各自的方法：古砌体的勘测与修缮、铭文的记录，以及如何为历史建筑"
                    "找到延续生命力的用途。",
                ),
            },
            {
                "start": (12, 45),
                "end": (13, 45),
                "room": FOYER,
                "speakers": [],
                "title": T("Lunch", "Mittagessen", "午餐"),
                "description": T(
                    "Lunch in the foyer, with a first look at the exhibition.",
                    "Mittagessen im Foyer mit einem ersten Blick in die Ausstellung.",
                    "在前厅用午餐，可先行参观展览。",
                ),
            },
            {
                "start": (13, 45),
                "end": (15, 15),
                "room": MAIN_HALL,
                "speakers": ["zhou-min", "anna-schreiber", "representative-culture-tourism-bureau"],
                "title": T(
                    "Panel: Tourism innovation – visitors, residents and digital guides",
                    "Podium: Innovation im Tourismus – Gäste, Einwohner und digitale Führungen",
                    "圆桌讨论：旅游创新——游客、居民与数字导览",
                ),
                "description": T(
                    "Creative businesses and tourism planners from both cities on night-time tours, apps for "
                    "heritage walks and ways to spread visitors beyond the famous sights.",
                    "Kreativunternehmen und Tourismusplaner aus beiden Städten über Abendführungen, Apps für "
                    "Rundgänge und Wege, Gäste über die bekannten Sehenswürdigkeiten hinaus zu lenken.",
                    "两市文创企业与旅游规划者共话夜游项目、遗产步道应用，以及如何把游客引向热门景点之外的街区。",
                ),
            },
            {
                "start": (15, 30),
                "end": (16, 0),
                "room": MAIN_HALL,
                "speakers": ["representative-organizing-committee", "representative-city-of-leipzig"],
                "title": T(
                    "Outlook: the next steps for Nanjing and Leipzig",
                    "Ausblick: die nächsten Schritte für Nanjing und Leipzig",
                    "展望：南京与莱比锡合作的下一步",
                ),
                "description": T(
                    "Proposals for joint projects in heritage, tourism and culture in the coming year.",
                    "Vorschläge für gemeinsame Projekte in Denkmalpflege, Tourismus und Kultur im kommenden Jahr.",
                    "就来年在遗产保护、旅游和文化领域开展合作项目提出设想。",
                ),
            },
            {
                "start": (16, 0),
                "end": (17, 0),
                "room": FOYER,
                "speakers": ["liu-haitao", "martin-berger"],
                "title": T(
                    "Opening of the exhibition “Nanjing Ming City Wall & Leipzig Historic Buildings”",
                    "Eröffnung der Ausstellung „Nanjinger Ming-Stadtmauer & historische Bauten Leipzigs“",
                    "“南京明城墙与莱比锡历史建筑”展览开幕",
                ),
                "description": T(
                    "The curators guide the forum’s guests through the exhibition.",
                    "Die Kuratoren führen die Gäste des Forums durch die Ausstellung.",
                    "策展人带领论坛嘉宾参观展览。",
                ),
            },
        ],
    },
    {
        "slug": OPENING_SLUG,
        "kind": "exhibition_opening",
        "venue": "kongresshalle-leipzig",
        "day": date(2025, 11, 7),
        "start": (16, 0),
        "end": (17, 0),
        "topics": ["heritage-preservation", "art"],
        "image": "cover",
        "title": T(
            "Exhibition opening: Nanjing Ming City Wall & Leipzig Historic Buildings",
            "Ausstellungseröffnung: Nanjinger Ming-Stadtmauer & historische Bauten Leipzigs",
            "展览开幕：南京明城墙与莱比锡历史建筑",
        ),
        "summary": T(
            "The exhibition opens at the end of the heritage forum; the opening tour is open to everyone.",
            "Die Ausstellung wird zum Abschluss des Denkmalforums eröffnet; die Eröffnungsführung ist für alle offen.",
            "展览在文化遗产论坛结束时开幕，开幕导览向公众开放。",
        ),
        "description": T(
            "Exhibits, photographs and side-by-side displays set Nanjing’s Ming-dynasty city wall beside "
            "Leipzig’s historic buildings. After a week at the Congress Hall, the exhibition moves to Leipzig "
            "University for a one-week extension.",
            "Exponate, Fotografien und Gegenüberstellungen zeigen die Nanjinger Stadtmauer aus der Ming-Zeit "
            "neben historischen Bauten Leipzigs. Nach einer Woche in der Kongresshalle zieht die Ausstellung "
            "für eine Verlängerungswoche in die Universität Leipzig.",
            "展览通过展品、图片和对比展示，将南京明代城墙与莱比锡历史建筑并置呈现。在会议中心展出一周后，展览将移至"
            "莱比锡大学延展一周。",
        ),
        "image_alt": T(
            "Illustration: on the left Nanjing’s city wall with battlements, on the right Leipzig’s Old Town Hall.",
            "Illustration: links die Nanjinger Stadtmauer mit Zinnen, rechts das Alte Rathaus in Leipzig.",
            "插图：左侧为带垛口的南京城墙，右侧为莱比锡老市政厅。",
        ),
        "roles": [
            (COMMITTEE, "organizer"),
            ("nanjing-city-wall-museum", "co_organizer"),
            ("leipzig-university", "co_organizer"),
        ],
        "sessions": [
            {
                "start": (16, 0),
                "end": (16, 20),
                "room": FOYER,
                "speakers": ["liu-haitao", "martin-berger"],
                "title": T("Welcome by the curators", "Begrüßung durch die Kuratoren", "策展人致辞"),
                "description": T(
                    "Why a city wall and a town hall belong in one exhibition.",
                    "Warum eine Stadtmauer und ein Rathaus in eine Ausstellung gehören.",
                    "为什么一座城墙和一座市政厅会出现在同一个展览里。",
                ),
            },
            {
                "start": (16, 20),
                "end": (17, 0),
                "room": FOYER,
                "speakers": ["liu-haitao"],
                "title": T("Opening tour", "Eröffnungsführung", "开幕导览"),
                "description": T(
                    "A walk along the exhibits, in Chinese and German.",
                    "Ein Rundgang entlang der Exponate, auf Chinesisch und Deutsch.",
                    "以中德双语沿展品进行导览。",
                ),
            },
        ],
    },
    {
        "slug": MUNICH_SLUG,
        "kind": "dialogue",
        "venue": "haus-der-bayerischen-wirtschaft",
        "day": date(2025, 11, 5),
        "start": (14, 0),
        "end": (17, 30),
        "participant_count": 70,
        "topics": ["industrial-innovation", "low-carbon-economy"],
        "image": "skyline-munich",
        "title": T("“Shaping Future Cities” Dialogue", "Dialog „Städte der Zukunft gestalten“", "“塑造未来城市”对话会"),
        "subtitle": T(
            "Connecting Hubs of Innovation: Nanjing–Munich",
            "Innovationszentren verbinden: Nanjing–München",
            "链接创新枢纽：南京—慕尼黑",
        ),
        "theme": T(
            "Industrial innovation and the low-carbon city",
            "Industrielle Innovation und die klimafreundliche Stadt",
            "产业创新与低碳城市",
        ),
        "summary": T(
            "Seventy representatives of companies and governments from China and Germany discuss how industrial "
            "innovation and a low-carbon economy can shape the cities of tomorrow.",
            "Siebzig Vertreterinnen und Vertreter aus Unternehmen und Verwaltung in China und Deutschland beraten, "
            "wie industrielle Innovation und eine CO₂-arme Wirtschaft die Städte von morgen prägen können.",
            "来自中德两国的70位企业和政府代表共同探讨产业创新与低碳经济如何塑造未来城市。",
        ),
        "description": T(
            "On 5 November China Nanjing Week brought its dialogue series to Munich. Entrepreneurs and officials "
            "from both countries compared their innovation ecosystems, from research parks to manufacturing "
            "clusters, and discussed how to cut emissions in industry, buildings and transport. The participants "
            "reached a shared understanding on working together in industrial innovation and the low-carbon "
            "economy.",
            "Am 5. November machte die China-Nanjing-Woche mit ihrer Dialogreihe in München Station. "
            "Unternehmer und Verwaltungsfachleute aus beiden Ländern verglichen ihre Innovationslandschaften – "
            "von Forschungsparks bis zu Industrieclustern – und diskutierten, wie sich Emissionen in Industrie, "
            "Gebäuden und Verkehr senken lassen. Die Teilnehmenden verständigten sich darauf, bei industrieller "
            "Innovation und CO₂-armer Wirtschaft enger zusammenzuarbeiten.",
            "11月5日，“中国南京周”对话活动走进慕尼黑。中德两国企业家和政府官员比较了各自的创新生态——从科技园区到"
            "制造业集群，并围绕工业、建筑和交通领域的减排路径展开讨论。与会各方在产业创新和低碳经济合作方面达成共识。",
        ),
        "image_alt": T(
            "Illustration: the twin towers of Munich’s Frauenkirche among office buildings with lit windows at dusk.",
            "Illustration: die Doppeltürme der Münchner Frauenkirche zwischen Bürogebäuden mit erleuchteten Fenstern "
            "in der Abenddämmerung.",
            "插图：黄昏时分，慕尼黑圣母教堂的双塔矗立在亮着灯的办公楼之间。",
        ),
        "roles": [
            (COMMITTEE, "organizer"),
            ("nanjing-municipal-government", "co_organizer"),
            ("siemens", "supporter"),
        ],
        "sessions": [
            {
                "start": (14, 0),
                "end": (14, 20),
                "room": CONFERENCE_ROOM,
                "speakers": ["representative-organizing-committee"],
                "title": T("Welcome", "Begrüßung", "欢迎致辞"),
                "description": T(
                    "Opening words from the organizers.",
                    "Einführende Worte der Veranstalter.",
                    "主办方致开幕辞。",
                ),
            },
            {
                "start": (14, 20),
                "end": (15, 0),
                "room": CONFERENCE_ROOM,
                "speakers": ["zhao-lei"],
                "title": T(
                    "Two hubs of innovation: Nanjing and Munich compared",
                    "Zwei Innovationszentren: Nanjing und München im Vergleich",
                    "两个创新枢纽：南京与慕尼黑之比较",
                ),
                "description": T(
                    "Universities, research parks and industry clusters in both cities, and where they could meet.",
                    "Hochschulen, Forschungsparks und Industriecluster beider Städte – und wo sie sich begegnen "
                    "könnten.",
                    "两市的高校、科技园区和产业集群，以及彼此可以对接的领域。",
                ),
            },
            {
                "start": (15, 0),
                "end": (16, 15),
                "room": CONFERENCE_ROOM,
                "speakers": ["thomas-huber", "zhao-lei"],
                "title": T(
                    "Panel: Low-carbon industry and the city of tomorrow",
                    "Podium: CO₂-arme Industrie und die Stadt von morgen",
                    "圆桌讨论：低碳产业与未来城市",
                ),
                "description": T(
                    "Heat from factories for homes, electrified logistics and the data needed to plan them.",
                    "Abwärme aus Fabriken für Wohnungen, elektrifizierte Logistik und die Daten, die man zur "
                    "Planung braucht.",
                    "工厂余热供应居民住宅、物流电气化，以及规划这些项目所需的数据。",
                ),
            },
            {
                "start": (16, 30),
                "end": (17, 30),
                "room": FOYER,
                "speakers": [],
                "title": T("Summary and networking", "Zusammenfassung und Austausch", "总结与交流"),
                "description": T(
                    "The points of agreement, followed by informal talks.",
                    "Die gemeinsamen Ergebnisse, danach Gelegenheit zum Gespräch.",
                    "归纳会议共识，随后自由交流。",
                ),
            },
        ],
    },
    {
        "slug": STUTTGART_SLUG,
        "kind": "economic_forum",
        "venue": "haus-der-wirtschaft-stuttgart",
        "day": date(2025, 3, 20),
        "start": (14, 0),
        "end": (18, 0),
        "topics": ["advanced-manufacturing", "finance", "art"],
        "image": "skyline-stuttgart",
        "title": T("Nanjing–Stuttgart Economic Forum", "Wirtschaftsforum Nanjing–Stuttgart", "南京—斯图加特经济论坛"),
        "summary": T(
            "Companies and institutions from Nanjing and Stuttgart signed 14 agreements in advanced manufacturing, "
            "finance and art.",
            "Unternehmen und Institutionen aus Nanjing und Stuttgart unterzeichneten 14 Vereinbarungen in den "
            "Bereichen moderne Fertigung, Finanzen und Kunst.",
            "南京与斯图加特的企业和机构签署了14项合作协议，涵盖先进制造、金融和艺术领域。",
        ),
        "description": T(
            "Stuttgart’s engineering firms and Nanjing’s manufacturers have much to offer one another. The forum "
            "presented Nanjing as a place to produce and to invest, let companies from both cities speak about "
            "their experience, and ended with the signing of agreements on precision manufacturing, financial "
            "services and cultural exchange.",
            "Stuttgarter Ingenieurfirmen und Nanjinger Hersteller haben einander viel zu bieten. Das Forum "
            "stellte Nanjing als Produktions- und Investitionsstandort vor, ließ Unternehmen aus beiden Städten "
            "von ihren Erfahrungen berichten und endete mit der Unterzeichnung von Vereinbarungen zu "
            "Präzisionsfertigung, Finanzdienstleistungen und Kulturaustausch.",
            "斯图加特的工程企业与南京的制造企业优势互补。论坛推介了南京的生产与投资环境，请两市企业分享合作经验，"
            "最后签署了精密制造、金融服务和文化交流等领域的合作协议。",
        ),
        "image_alt": T(
            "Illustration: Stuttgart’s television tower on the hills above the lit town under an evening sky.",
            "Illustration: der Stuttgarter Fernsehturm auf den Hügeln über den erleuchteten Fenstern der Stadt unter "
            "einem Abendhimmel.",
            "插图：暮色下，斯图加特电视塔立于城市灯火之上的山丘间。",
        ),
        "roles": [
            (COMMITTEE, "organizer"),
            ("nanjing-commerce-bureau", "co_organizer"),
            ("phoenix-contact", "supporter"),
        ],
        "sessions": [
            {
                "start": (14, 0),
                "end": (14, 30),
                "room": MAIN_HALL,
                "speakers": ["representative-organizing-committee"],
                "title": T("Welcome", "Begrüßung", "欢迎致辞"),
                "description": T(
                    "Opening words from the organizers.",
                    "Einführende Worte der Veranstalter.",
                    "主办方致开幕辞。",
                ),
            },
            {
                "start": (14, 30),
                "end": (15, 15),
                "room": MAIN_HALL,
                "speakers": ["representative-commerce-bureau"],
                "title": T(
                    "Nanjing as a place to produce and invest",
                    "Nanjing als Produktions- und Investitionsstandort",
                    "南京投资与生产环境推介",
                ),
                "description": T(
                    "Industrial parks, supply chains and services for foreign companies.",
                    "Industrieparks, Lieferketten und Angebote für ausländische Unternehmen.",
                    "介绍产业园区、供应链配套以及面向外资企业的服务。",
                ),
            },
            {
                "start": (15, 30),
                "end": (16, 30),
                "room": MAIN_HALL,
                "speakers": ["sabine-keller", "representative-commerce-bureau"],
                "title": T(
                    "Panel: Precision, automation and supply chains",
                    "Podium: Präzision, Automatisierung und Lieferketten",
                    "圆桌讨论：精密制造、自动化与供应链",
                ),
                "description": T(
                    "Mid-sized suppliers on what it takes to work with partners on the other side of the world.",
                    "Mittelständische Zulieferer darüber, was die Zusammenarbeit mit Partnern am anderen Ende der "
                    "Welt braucht.",
                    "中型配套企业畅谈与远隔重洋的合作伙伴携手需要具备哪些条件。",
                ),
            },
            {
                "start": (16, 45),
                "end": (17, 30),
                "room": MAIN_HALL,
                "speakers": [],
                "title": T("Signing ceremony", "Unterzeichnung der Vereinbarungen", "合作协议签约仪式"),
                "description": T(
                    "Fourteen agreements in advanced manufacturing, finance and art.",
                    "Vierzehn Vereinbarungen aus moderner Fertigung, Finanzwesen und Kunst.",
                    "签署先进制造、金融和艺术领域的14项合作协议。",
                ),
            },
            {
                "start": (17, 30),
                "end": (18, 0),
                "room": FOYER,
                "speakers": [],
                "title": T("Reception", "Empfang", "招待会"),
                "description": T(
                    "Informal talks over drinks.",
                    "Gespräche bei einem Getränk.",
                    "茶叙交流。",
                ),
            },
        ],
    },
    {
        "slug": MAY_EVENT_SLUG,
        "kind": "economic_forum",
        "venue": "nanjing-international-expo-center",
        "day": date(2025, 5, 22),
        "start": (9, 30),
        "end": (12, 0),
        "topics": ["digital", "trade"],
        "image": "skyline-nanjing",
        "title": T("German Enterprises in Nanjing", "Deutsche Unternehmen in Nanjing", "德企南京行"),
        "summary": T(
            "German companies already at home in Nanjing met newcomers and the city’s authorities; 15 new "
            "projects in digital technology and trade were launched.",
            "Deutsche Unternehmen, die in Nanjing schon zu Hause sind, trafen Neuankömmlinge und die "
            "Stadtverwaltung; 15 neue Projekte in Digitalwirtschaft und Handel wurden auf den Weg gebracht.",
            "已扎根南京的德国企业与新来的企业及市政府部门面对面交流，15个数字经济和贸易领域的新项目由此启动。",
        ),
        "description": T(
            "Nanjing invited German companies to see the city as a base for digital business and trade. Firms "
            "that have produced in Nanjing for decades shared their experience with newcomers, and the city "
            "presented its services for foreign investors. Fifteen new projects in digital technology and trade "
            "were launched on the day.",
            "Nanjing lud deutsche Unternehmen ein, die Stadt als Standort für Digitalwirtschaft und Handel "
            "kennenzulernen. Firmen, die seit Jahrzehnten in Nanjing produzieren, gaben ihre Erfahrungen an "
            "Neuankömmlinge weiter, und die Stadt stellte ihre Angebote für ausländische Investoren vor. Fünfzehn "
            "neue Projekte in Digitalwirtschaft und Handel wurden an diesem Tag auf den Weg gebracht.",
            "南京邀请德国企业了解这座城市在数字经济和贸易领域的发展机遇。在南京深耕数十年的德企与新来的企业分享经验，"
            "南京市也介绍了面向外资企业的各项服务。当天共有15个数字技术和贸易领域的新项目落地。",
        ),
        "image_alt": T(
            "Illustration: Nanjing’s Zifeng Tower above a modern skyline with lit windows at dusk.",
            "Illustration: der Zifeng-Turm in Nanjing über einer modernen Skyline mit erleuchteten Fenstern in der "
            "Dämmerung.",
            "插图：黄昏时分，南京紫峰大厦耸立在灯火初上的现代城市天际线之上。",
        ),
        "roles": [
            ("nanjing-municipal-government", "organizer"),
            ("nanjing-commerce-bureau", "co_organizer"),
            ("phoenix-contact", "supporter"),
            ("bsh", "supporter"),
            ("siemens", "supporter"),
        ],
        "sessions": [
            {
                "start": (9, 30),
                "end": (9, 50),
                "room": CONFERENCE_ROOM,
                "speakers": ["representative-commerce-bureau"],
                "title": T("Welcome", "Begrüßung", "欢迎致辞"),
                "description": T(
                    "Words of welcome from the city of Nanjing.",
                    "Grußworte der Stadt Nanjing.",
                    "南京市致欢迎辞。",
                ),
            },
            {
                "start": (9, 50),
                "end": (10, 30),
                "room": CONFERENCE_ROOM,
                "speakers": ["representative-commerce-bureau"],
                "title": T(
                    "Nanjing’s digital economy and trade services",
                    "Nanjings Digitalwirtschaft und Handelsservices",
                    "南京数字经济与贸易服务介绍",
                ),
                "description": T(
                    "Where the city sees opportunities for German firms, and how it supports them.",
                    "Wo die Stadt Chancen für deutsche Firmen sieht und wie sie diese unterstützt.",
                    "南京眼中德国企业的发展机遇，以及政府提供的支持措施。",
                ),
            },
            {
                "start": (10, 45),
                "end": (11, 30),
                "room": CONFERENCE_ROOM,
                "speakers": [],
                "title": T(
                    "German companies in Nanjing share their experience",
                    "Deutsche Unternehmen in Nanjing berichten",
                    "在宁德企经验分享",
                ),
                "description": T(
                    "Managers of long-established German companies on recruiting, suppliers and daily business.",
                    "Führungskräfte alteingesessener deutscher Unternehmen über Personal, Zulieferer und "
                    "Geschäftsalltag.",
                    "老牌德资企业的管理者谈人才招聘、供应商合作和日常经营。",
                ),
            },
            {
                "start": (11, 30),
                "end": (12, 0),
                "room": CONFERENCE_ROOM,
                "speakers": [],
                "title": T("Launch of 15 new projects", "Start von 15 neuen Projekten", "15个新项目集中签约"),
                "description": T(
                    "Projects in digital technology and trade.",
                    "Projekte aus Digitalwirtschaft und Handel.",
                    "涵盖数字技术和贸易领域。",
                ),
            },
        ],
    },
    {
        "slug": DIETFURT_SLUG,
        "kind": "performance",
        "venue": "dietfurt-town-hall",
        "day": None,
        "topics": ["art", "tourism"],
        "announced_period": T("In the coming months", "In den kommenden Monaten", "未来几个月内"),
        "title": T(
            "Nanjing Cultural Encounters in Dietfurt",
            "Nanjinger Kulturbegegnungen in Dietfurt",
            "南京文化走进迪特富特",
        ),
        "summary": T(
            "Dietfurt an der Altmühl, known in Bavaria as “Bavarian China”, will welcome performers and craftspeople "
            "from Nanjing.",
            "Dietfurt an der Altmühl, in Bayern als „Bayerisch China“ bekannt, empfängt Künstlerinnen, Künstler "
            "und Kunsthandwerker aus Nanjing.",
            "素有“巴伐利亚的中国”之称的阿尔特米尔河畔迪特富特，将迎来南京的艺术家和手工艺人。",
        ),
        "description": T(
            "The China Nanjing Week continues in Dietfurt with performances, craft demonstrations and meetings "
            "between the town’s clubs and guests from Nanjing. Dates will be announced here.",
            "Die China-Nanjing-Woche geht in Dietfurt weiter – mit Aufführungen, Handwerksvorführungen und "
            "Begegnungen zwischen den Vereinen der Stadt und Gästen aus Nanjing. Die Termine werden hier "
            "bekanntgegeben.",
            "“中国南京周”将在迪特富特继续举行，安排文艺演出、手工技艺展示以及当地社团与南京客人的交流活动。"
            "具体日期将在此公布。",
        ),
        "roles": [(COMMITTEE, "organizer"), ("dietfurt-town", "co_organizer")],
        "sessions": [],
        "image": "dietfurt",
        "image_alt": T(
            "Illustration: a row of gabled old-town houses with a town-gate tower and a church spire, by a river "
            "below wooded hills.",
            "Illustration: eine Reihe giebelständiger Altstadthäuser mit einem Torturm und einem Kirchturm an einem "
            "Fluss unter bewaldeten Hügeln.",
            "插图：一排山墙朝街的老城房屋，其间有一座城门塔楼和一座教堂尖塔，临河而立，背后是林木覆盖的山丘。",
        ),
    },
]

# Dated relative to the day the demo is loaded: 30 days ahead, so that registration can be tried out.
CULTURE_DAY = {
    "slug": CULTURE_DAY_SLUG,
    "kind": "workshop",
    "venue": "dietfurt-town-hall",
    "days_ahead": 30,
    "start": (14, 0),
    "end": (17, 30),
    "capacity": 12,
    "topics": ["art"],
    "title": T("Nanjing Culture Day in Dietfurt", "Nanjing-Kulturtag in Dietfurt", "迪特富特“南京文化日”"),
    "subtitle": T(
        "Calligraphy and Yunjin brocade workshop",
        "Workshop für Kalligrafie und Yunjin-Brokat",
        "书法与云锦体验工作坊",
    ),
    "summary": T(
        "An afternoon for twelve participants: try Chinese calligraphy and see how Nanjing’s Yunjin brocade is "
        "woven. Registration required.",
        "Ein Nachmittag für zwölf Teilnehmende: chinesische Kalligrafie ausprobieren und sehen, wie Nanjinger "
        "Yunjin-Brokat gewebt wird. Anmeldung erforderlich.",
        "限额12人的下午工作坊：体验中国书法，观摩南京云锦的织造过程。需提前报名。",
    ),
    "description": T(
        "A calligrapher and a brocade weaver from Nanjing spend an afternoon in Dietfurt. After a short "
        "introduction to their home city, participants write their first characters with brush and ink, then "
        "watch Yunjin brocade, once woven for the imperial court, take shape on the loom. Materials are "
        "provided; no previous experience is needed.",
        "Eine Kalligrafin und eine Brokatweberin aus Nanjing verbringen einen Nachmittag in Dietfurt. Nach einer "
        "kurzen Einführung in ihre Heimatstadt schreiben die Teilnehmenden ihre ersten Schriftzeichen mit Pinsel "
        "und Tusche und sehen dann zu, wie Yunjin-Brokat, einst für den Kaiserhof gewebt, auf dem Webstuhl "
        "entsteht. Material wird gestellt; Vorkenntnisse sind nicht nötig.",
        "两位来自南京的手艺人——一位书法家和一位云锦织造技师——将在迪特富特度过一个下午。简要介绍南京之后，"
        "参与者将用毛笔和墨汁写下自己的第一个汉字，再观看昔日专供皇家的云锦如何在织机上逐渐成形。现场提供全部材料，"
        "无需任何基础。",
    ),
    "roles": [(COMMITTEE, "organizer"), ("dietfurt-town", "co_organizer")],
    "sessions": [
        {
            "start": (14, 0),
            "end": (14, 30),
            "room": T("Meeting room", "Sitzungssaal", "会议厅"),
            "speakers": ["yang-xue", "wu-fang"],
            "title": T(
                "Welcome and a short introduction to Nanjing", "Begrüßung und Nanjing in Kürze", "欢迎与南京简介"
            ),
            "description": T(
                "Pictures and stories from Nanjing.",
                "Bilder und Geschichten aus Nanjing.",
                "通过图片和故事认识南京。",
            ),
        },
        {
            "start": (14, 30),
            "end": (15, 45),
            "room": T("Meeting room", "Sitzungssaal", "会议厅"),
            "speakers": ["yang-xue"],
            "title": T("Calligraphy workshop", "Kalligrafie-Workshop", "书法体验"),
            "description": T(
                "Holding the brush, the first strokes, and a character to take home.",
                "Die Pinselhaltung, die ersten Striche und ein Schriftzeichen zum Mitnehmen.",
                "学习执笔，练习基本笔画，写一个汉字带回家。",
            ),
        },
        {
            "start": (16, 0),
            "end": (17, 0),
            "room": T("Meeting room", "Sitzungssaal", "会议厅"),
            "speakers": ["wu-fang"],
            "title": T("Yunjin brocade: demonstration", "Yunjin-Brokat: Vorführung", "云锦织造展示"),
            "description": T(
                "How patterns are set up and woven on a draw loom.",
                "Wie Muster auf einem Zugwebstuhl eingerichtet und gewebt werden.",
                "了解花本如何上机，以及图案如何在花楼机上织成。",
            ),
        },
        {
            "start": (17, 0),
            "end": (17, 30),
            "room": T("Meeting room", "Sitzungssaal", "会议厅"),
            "speakers": [],
            "title": T("Tea and conversation", "Tee und Gespräch", "品茶交流"),
            "description": T(
                "Questions to the guests over a cup of tea.",
                "Fragen an die Gäste bei einer Tasse Tee.",
                "边品茶边与两位客人交流。",
            ),
        },
    ],
}

EXHIBITION = {
    "slug": "ming-city-wall-leipzig-historic-buildings",
    "organizers": [COMMITTEE, "nanjing-city-wall-museum", "leipzig-university"],
    "related_events": [FORUM_SLUG, OPENING_SLUG],
    "title": T(
        "Nanjing Ming City Wall & Leipzig Historic Buildings",
        "Nanjinger Ming-Stadtmauer & historische Bauten Leipzigs",
        "南京明城墙与莱比锡历史建筑",
    ),
    "description": T(
        "Two cities, two ways of living with history. Through exhibits, images and side-by-side displays, the "
        "exhibition sets Nanjing’s Ming-dynasty city wall beside Leipzig’s landmarks, from the Renaissance Old "
        "Town Hall to the Monument to the Battle of the Nations, and shows how East and West care for their old "
        "cities. After its first week at the forum venue it moves to Leipzig University for a one-week extension.",
        "Zwei Städte, zwei Arten, mit Geschichte zu leben. Mit Exponaten, Bildern und Gegenüberstellungen stellt "
        "die Ausstellung die Nanjinger Stadtmauer aus der Ming-Zeit neben Leipziger Wahrzeichen – vom Alten "
        "Rathaus der Renaissance bis zum Völkerschlachtdenkmal – und zeigt, wie Ost und West ihre alten Städte "
        "pflegen. Nach der ersten Woche am Ort des Forums zieht sie für eine Verlängerungswoche in die "
        "Universität Leipzig.",
        "两座城市，两种与历史共处的方式。展览通过展品、图片和对比展示，把南京明城墙与莱比锡的地标建筑——从文艺复兴"
        "风格的老市政厅到民族大会战纪念碑——并置呈现，展现东西方守护古城的智慧。展览在论坛会场展出一周后，将移至"
        "莱比锡大学延展一周。",
    ),
    "cover": "cover",
    "cover_alt": T(
        "Illustration: on the left Nanjing’s city wall with battlements, on the right Leipzig’s Old Town Hall.",
        "Illustration: links die Nanjinger Stadtmauer mit Zinnen, rechts das Alte Rathaus in Leipzig.",
        "插图：左侧为带垛口的南京城墙，右侧为莱比锡老市政厅。",
    ),
    "runs": [
        {
            "venue": "kongresshalle-leipzig",
            "first_day": date(2025, 11, 7),
            "last_day": date(2025, 11, 14),
            "is_extension": False,
            "opening_hours": T("Daily 10:00–18:00", "Täglich 10–18 Uhr", "每日 10:00—18:00"),
        },
        {
            "venue": "leipzig-university-augusteum",
            "first_day": date(2025, 11, 17),
            "last_day": date(2025, 11, 23),
            "is_extension": True,
            "opening_hours": T(
                "Mon–Fri 9:00–19:00, Sat–Sun 10:00–16:00",
                "Mo–Fr 9–19 Uhr, Sa–So 10–16 Uhr",
                "周一至周五 9:00—19:00，周六、周日 10:00—16:00",
            ),
        },
    ],
}

ILLUSTRATION_CREDIT = T(
    "Illustration: Nanjing Week Organizing Committee",
    "Illustration: Organisationskomitee der Nanjing-Woche",
    "插图：南京周组委会",
)

EXHIBITS = [
    {
        "key": "ming-wall",
        "city": "nanjing",
        "drawing": "city-wall",
        "title": T("The Ming City Wall of Nanjing", "Die Ming-Stadtmauer von Nanjing", "南京明城墙"),
        "period": T("1366–1393, Ming dynasty", "1366–1393, Ming-Dynastie", "明代，1366—1393年"),
        "description": T(
            "Built for the first Ming emperor, the wall once ran for some 35 kilometres around the capital; about "
            "25 kilometres still stand. It follows hills and lakes instead of a regular square, and today "
            "carries a walking route above the city.",
            "Für den ersten Ming-Kaiser erbaut, umschloss die Mauer die Hauptstadt einst auf rund 35 Kilometern; "
            "etwa 25 Kilometer stehen noch. Sie folgt Hügeln und Seen statt einem regelmäßigen Quadrat und trägt "
            "heute einen Spazierweg über der Stadt.",
            "城墙为明朝开国皇帝修筑，当年环绕都城约35公里，今存约25公里。它依山傍水而建，不拘于方正格局，如今城墙"
            "之上已辟为俯瞰全城的步道。",
        ),
        "image_alt": T(
            "Illustration: a long grey brick wall with battlements, trees on top and a moat in front, under an "
            "evening sky.",
            "Illustration: eine lange graue Ziegelmauer mit Zinnen, Bäumen darauf und einem Graben davor, unter "
            "einem Abendhimmel.",
            "插图：暮色中一道长长的灰色砖墙，墙顶有垛口和树木，墙前是护城河。",
        ),
    },
    {
        "key": "zhonghua-gate",
        "city": "nanjing",
        "drawing": "gate",
        "title": T("Zhonghua Gate", "Das Zhonghua-Tor", "中华门"),
        "period": T("Completed 1386, Ming dynasty", "Vollendet 1386, Ming-Dynastie", "明代，1386年建成"),
        "description": T(
            "The largest of the wall’s gates, built as a series of courtyards behind one another. Vaults in its "
            "walls could shelter troops and stores; today visitors walk through them.",
            "Das größte Tor der Mauer, angelegt als Folge hintereinanderliegender Höfe. In Gewölben in seinen "
            "Mauern konnten Truppen und Vorräte untergebracht werden; heute gehen Besucher hindurch.",
            "明城墙规模最大的城门，由数重瓮城前后相连而成。城墙内的藏兵洞可屯兵储物，如今游客可以穿行其中。",
        ),
        "image_alt": T(
            "Illustration: a massive grey gate with three tall round arches and a row of small vaults above.",
            "Illustration: ein mächtiges graues Tor mit drei hohen Rundbögen und einer Reihe kleiner Gewölbe darüber.",
            "插图：一座厚重的灰色城门，有三个高大的拱门，上方是一排小拱洞。",
        ),
    },
    {
        "key": "inscribed-brick",
        "city": "nanjing",
        "drawing": "brick",
        "title": T("Inscribed wall brick", "Ziegel mit Inschrift", "铭文城砖"),
        "period": T("Late 14th century, Ming dynasty", "Spätes 14. Jahrhundert, Ming-Dynastie", "明代，十四世纪末"),
        "description": T(
            "Many of the wall’s bricks carry the names of the places, officials and craftsmen that made them – an "
            "early system of quality control, and a record of the people behind the wall.",
            "Viele Ziegel der Mauer tragen die Namen der Orte, Beamten und Handwerker, die sie herstellten – eine "
            "frühe Qualitätskontrolle und ein Zeugnis der Menschen hinter der Mauer.",
            "许多城砖上刻印着烧造地、督造官员和工匠的名字，这是早期的质量追溯制度，也记录了筑城背后的人。",
        ),
        "image_alt": T(
            "Illustration: a grey brick on a dark background with a rectangular stamp of inscription marks.",
            "Illustration: ein grauer Ziegel vor dunklem Hintergrund mit einem rechteckigen Inschriftenstempel.",
            "插图：深色背景上的一块灰砖，砖面有长方形铭文印记。",
        ),
    },
    {
        "key": "old-town-hall",
        "city": "leipzig",
        "drawing": "town-hall",
        "title": T("Leipzig Old Town Hall", "Altes Rathaus Leipzig", "莱比锡老市政厅"),
        "period": T("1556–1557, Renaissance", "1556–1557, Renaissance", "1556—1557年，文艺复兴时期"),
        "description": T(
            "Built in less than a year on the market square, the town hall with its long arcade and off-centre "
            "tower is one of Germany’s finest Renaissance buildings. It now houses the city’s history museum.",
            "In weniger als einem Jahr am Markt errichtet, gehört das Rathaus mit seinen langen Arkaden und dem "
            "nicht mittig gesetzten Turm zu den schönsten Renaissancebauten Deutschlands. Heute beherbergt es "
            "das Stadtgeschichtliche Museum.",
            "市政厅在集市广场上用不到一年时间建成，长长的拱廊和偏离中轴的钟楼使它成为德国最精美的文艺复兴建筑之一，"
            "如今是莱比锡城市历史博物馆所在地。",
        ),
        "image_alt": T(
            "Illustration: a long pale building with a red roof, small gables, an arcade and a clock tower.",
            "Illustration: ein langes helles Gebäude mit rotem Dach, kleinen Giebeln, Arkaden und Uhrturm.",
            "插图：一座浅色长条形建筑，红色屋顶上有小山墙，底层为拱廊，并有一座钟楼。",
        ),
    },
    {
        "key": "st-thomas",
        "city": "leipzig",
        "drawing": "st-thomas",
        "title": T("St Thomas Church", "Thomaskirche", "圣托马斯教堂"),
        "period": T("Late Gothic hall church, 1496", "Spätgotische Hallenkirche, 1496", "晚期哥特式厅堂教堂，1496年"),
        "description": T(
            "Johann Sebastian Bach worked here as cantor from 1723 until his death in 1750 and is buried in the "
            "church. Its steep roof is one of the landmarks of Leipzig’s skyline.",
            "Johann Sebastian Bach wirkte hier von 1723 bis zu seinem Tod 1750 als Thomaskantor und ist in der "
            "Kirche begraben. Ihr steiles Dach gehört zu den Wahrzeichen der Leipziger Silhouette.",
            "约翰·塞巴斯蒂安·巴赫自1723年起担任托马斯教堂乐长，直至1750年去世，并安葬于教堂内。陡峭的屋顶是莱比锡城市"
            "天际线的标志之一。",
        ),
        "image_alt": T(
            "Illustration: a church with a steep brown roof, tall arched windows and a tower with a lantern.",
            "Illustration: eine Kirche mit steilem braunem Dach, hohen Bogenfenstern und einem Turm mit Laterne.",
            "插图：一座教堂，褐色陡坡屋顶，高大的拱形窗，塔楼顶部有采光亭。",
        ),
    },
    {
        "key": "nikolaikirche",
        "city": "leipzig",
        "drawing": "nikolai",
        "title": T("St Nicholas Church", "Nikolaikirche", "圣尼古拉教堂"),
        "period": T(
            "Founded around 1165; interior 1784–1797",
            "Gegründet um 1165; Innenraum 1784–1797",
            "约1165年始建；内部装饰1784—1797年",
        ),
        "description": T(
            "Leipzig’s oldest church, known for its classical interior with columns shaped like palm trees. The "
            "Monday prayers for peace held here in 1989 became the starting point of the Peaceful Revolution.",
            "Leipzigs älteste Kirche, bekannt für ihren klassizistischen Innenraum mit Säulen in Form von "
            "Palmen. Die Montagsgebete für den Frieden wurden hier 1989 zum Ausgangspunkt der Friedlichen "
            "Revolution.",
            "莱比锡最古老的教堂，以棕榈树造型立柱的古典主义内饰闻名。1989年在此举行的周一和平祈祷，成为“和平革命”"
            "的起点。",
        ),
        "image_alt": T(
            "Illustration: a pale church with a dark roof and a white tower with a slender spire.",
            "Illustration: eine helle Kirche mit dunklem Dach und einem weißen Turm mit schlanker Spitze.",
            "插图：一座浅色教堂，深色屋顶，白色塔楼上有纤细的尖顶。",
        ),
    },
    {
        "key": "battle-of-nations-monument",
        "city": "leipzig",
        "drawing": "monument",
        "title": T(
            "Monument to the Battle of the Nations",
            "Völkerschlachtdenkmal",
            "民族大会战纪念碑",
        ),
        "period": T("1898–1913", "1898–1913", "1898—1913年"),
        "description": T(
            "Completed for the centenary of the battle of 1813, the 91-metre monument is one of the largest in "
            "Europe. A long restoration finished in time for its own hundredth anniversary in 2013.",
            "Zum hundertsten Jahrestag der Schlacht von 1813 vollendet, zählt das 91 Meter hohe Denkmal zu den "
            "größten Europas. Eine lange Sanierung wurde rechtzeitig zu seinem eigenen hundertsten Geburtstag "
            "2013 abgeschlossen.",
            "纪念碑为纪念1813年战役一百周年而建成，高91米，是欧洲最大的纪念建筑之一。历时多年的修缮在2013年纪念碑"
            "落成百年之际完工。",
        ),
        "image_alt": T(
            "Illustration: a massive stepped stone monument with a dome, reflected in a pool.",
            "Illustration: ein mächtiges gestuftes Steindenkmal mit Kuppel, das sich in einem Becken spiegelt.",
            "插图：一座带穹顶的阶梯状巨型石质纪念碑，倒映在水池中。",
        ),
    },
    {
        "key": "paulinum",
        "city": "leipzig",
        "drawing": "paulinum",
        "title": T(
            "Paulinum – Leipzig University’s assembly hall and church",
            "Paulinum – Aula und Universitätskirche St. Pauli",
            "莱比锡大学保罗礼堂（圣保罗大学教堂）",
        ),
        "period": T("Opened 2017", "Eröffnet 2017", "2017年启用"),
        "description": T(
            "On the site of the university church demolished in 1968, a new building recalls the old gable and "
            "vaults in glass and white. Rescued epitaphs and the Gothic altar have returned to it.",
            "Am Ort der 1968 gesprengten Universitätskirche erinnert ein Neubau mit Glas und Weiß an Giebel und "
            "Gewölbe des Vorgängers. Gerettete Epitaphe und der gotische Altar sind an ihren Ort zurückgekehrt.",
            "在1968年被炸毁的大学教堂原址上，新建筑以玻璃和白色重现了旧教堂的山墙与拱顶。当年抢救下来的墓志铭和"
            "哥特式祭坛也回到了这里。",
        ),
        "image_alt": T(
            "Illustration: a modern building with a pointed glass gable between two plain university buildings.",
            "Illustration: ein moderner Bau mit spitzem Glasgiebel zwischen zwei schlichten Universitätsgebäuden.",
            "插图：两座简洁的大学建筑之间，一座有尖顶玻璃山墙的现代建筑。",
        ),
    },
]

COMPARISONS = [
    {
        "left": "ming-wall",
        "right": "battle-of-nations-monument",
        "title": T("Monuments in stone and brick", "Denkmäler aus Stein und Ziegel", "砖石铸就的丰碑"),
        "commentary": T(
            "Both were built on a scale meant to outlast their makers, and both needed decades of careful repair "
            "to reach the present. Nanjing mends damaged stretches with old wall bricks gathered from across the "
            "city; Leipzig cleaned and sealed its monument stone by stone.",
            "Beide wurden in einem Maßstab gebaut, der ihre Erbauer überdauern sollte, und beide brauchten "
            "Jahrzehnte sorgfältiger Instandsetzung bis in die Gegenwart. Nanjing bessert beschädigte Abschnitte "
            "mit alten Mauerziegeln aus der ganzen Stadt aus; Leipzig hat sein Denkmal Stein für Stein gereinigt "
            "und abgedichtet.",
            "二者都以超越建造者生命的宏大尺度建成，也都经历了数十年的精心修缮才保存至今。南京用从全城收集来的老城砖"
            "修补受损墙段，莱比锡则对纪念碑逐块石材进行清洗和防水处理。",
        ),
    },
    {
        "left": "zhonghua-gate",
        "right": "old-town-hall",
        "title": T("From power to the public", "Von der Macht zur Öffentlichkeit", "从权力象征到公共空间"),
        "commentary": T(
            "A gate built to control who entered the capital and a town hall built to govern a trading city: "
            "both have become places that anyone may enter, one as a heritage site, the other as a museum.",
            "Ein Tor, das kontrollieren sollte, wer die Hauptstadt betrat, und ein Rathaus, von dem aus eine "
            "Handelsstadt regiert wurde: Beide sind zu Orten geworden, die jeder betreten kann – das eine als "
            "Denkmal, das andere als Museum.",
            "一座是把守都城出入的城门，一座是治理商业城市的市政厅，如今都已成为人人可以走进的地方——前者是文物景区，"
            "后者是博物馆。",
        ),
    },
    {
        "left": "inscribed-brick",
        "right": "paulinum",
        "title": T("Memory in the material", "Erinnerung im Material", "凝固在材料中的记忆"),
        "commentary": T(
            "The names stamped into Ming bricks keep the builders of the wall in memory; the Paulinum keeps the "
            "memory of a lost church in its form and in the objects rescued from it. Both show that preservation "
            "can mean keeping a record as much as keeping a building.",
            "Die in Ming-Ziegel gestempelten Namen bewahren die Erbauer der Mauer im Gedächtnis; das Paulinum "
            "bewahrt die Erinnerung an eine verlorene Kirche in seiner Form und in den geretteten Stücken. Beide "
            "zeigen: Bewahren kann ebenso heißen, ein Zeugnis zu erhalten, wie ein Gebäude zu erhalten.",
            "明代城砖上的铭文让筑城者的名字得以流传；保罗礼堂则以建筑形态和抢救下来的文物延续了对一座消逝教堂的"
            "记忆。二者都说明：保护既是保存建筑，也是保存记忆。",
        ),
    },
]

PARTNERSHIP = {
    "city_a": "nanjing",
    "city_b": "leipzig",
    "since_year": 1988,
    "description": T(
        "Nanjing and Leipzig became sister cities in 1988. The partnership links a former Chinese capital with "
        "Germany’s city of trade fairs and music, and has grown into exchanges between universities, museums, "
        "schools and companies.",
        "Nanjing und Leipzig sind seit 1988 Partnerstädte. Die Partnerschaft verbindet eine ehemalige "
        "chinesische Hauptstadt mit der deutschen Messe- und Musikstadt und ist zu einem Austausch zwischen "
        "Hochschulen, Museen, Schulen und Unternehmen gewachsen.",
        "南京与莱比锡于1988年结为友好城市。这段情谊把中国古都与德国的会展和音乐之城联系在一起，如今已发展为高校、"
        "博物馆、学校和企业之间的广泛交流。",
    ),
}

# German enterprises established in Nanjing. No amounts: the demo does not invent real companies' figures.
COMPANY_PROJECTS = [
    {
        "organization": "phoenix-contact",
        "sector": "advanced-manufacturing",
        "year": 1993,
        "title": T(
            "Production and development site in Nanjing",
            "Produktions- und Entwicklungsstandort in Nanjing",
            "南京生产与研发基地",
        ),
        "description": T(
            "Connection technology and automation products made for the Chinese market and beyond.",
            "Verbindungstechnik und Automatisierungsprodukte für den chinesischen Markt und darüber hinaus.",
            "生产面向中国及海外市场的连接技术和自动化产品。",
        ),
    },
    {
        "organization": "bsh",
        "sector": "advanced-manufacturing",
        "year": None,
        "title": T("Home appliance production in Nanjing", "Hausgeräteproduktion in Nanjing", "南京家电生产基地"),
        "description": T(
            "Washing machines, refrigerators and other appliances, and the company’s China headquarters.",
            "Waschmaschinen, Kühlschränke und weitere Geräte sowie die China-Zentrale des Unternehmens.",
            "生产洗衣机、冰箱等家电产品，并设有公司中国总部。",
        ),
    },
    {
        "organization": "siemens",
        "sector": "advanced-manufacturing",
        "year": 1996,
        "title": T(
            "Numerical control systems for machine tools",
            "Numerische Steuerungen für Werkzeugmaschinen",
            "机床数控系统生产",
        ),
        "description": T(
            "Controls and drives for machine tools made in Nanjing.",
            "In Nanjing gefertigte Steuerungen und Antriebe für Werkzeugmaschinen.",
            "在南京生产机床数控系统与驱动装置。",
        ),
    },
]

MAY_PROJECTS_DESCRIPTION = T(
    "Launched at the “German Enterprises in Nanjing” event in May 2025.",
    "Gestartet bei der Veranstaltung „Deutsche Unternehmen in Nanjing“ im Mai 2025.",
    "于2025年5月“德企南京行”活动上启动。",
)

# The 15 projects of May 2025. The release names no companies, so they are listed under the bureau that
# handles foreign investment; amounts are illustrative and each stays in its own currency.
MAY_PROJECTS = [
    (
        "digital",
        T(
            "Industrial IoT platform for connected production lines",
            "IoT-Plattform für vernetzte Fertigungslinien",
            "面向互联产线的工业物联网平台",
        ),
        ("12000000", "EUR"),
    ),
    (
        "digital",
        T(
            "Cloud services for German mid-sized manufacturers",
            "Cloud-Dienste für deutsche mittelständische Hersteller",
            "面向德国中型制造企业的云服务",
        ),
        None,
    ),
    (
        "digital",
        T(
            "Development centre for smart logistics software",
            "Entwicklungszentrum für intelligente Logistiksoftware",
            "智慧物流软件研发中心",
        ),
        ("8500000", "USD"),
    ),
    (
        "digital",
        T(
            "Digital-twin laboratory for factory planning",
            "Labor für digitale Zwillinge in der Fabrikplanung",
            "工厂规划数字孪生实验室",
        ),
        ("60000000", "CNY"),
    ),
    (
        "digital",
        T(
            "Charging software for electric vehicle fleets",
            "Ladesoftware für Elektrofahrzeugflotten",
            "电动车队充电管理软件",
        ),
        None,
    ),
    (
        "digital",
        T(
            "AI-assisted quality inspection for car parts",
            "KI-gestützte Qualitätsprüfung für Autoteile",
            "汽车零部件人工智能质检",
        ),
        ("5000000", "EUR"),
    ),
    (
        "digital",
        T(
            "Cybersecurity services for industrial control systems",
            "Cybersicherheit für industrielle Steuerungssysteme",
            "工业控制系统网络安全服务",
        ),
        None,
    ),
    (
        "digital",
        T("Software centre for building automation", "Softwarezentrum für Gebäudeautomation", "楼宇自动化软件中心"),
        ("45000000", "CNY"),
    ),
    (
        "trade",
        T(
            "Cross-border e-commerce hub for German consumer goods",
            "Drehscheibe für grenzüberschreitenden Onlinehandel mit deutschen Konsumgütern",
            "德国消费品跨境电商中心",
        ),
        ("20000000", "USD"),
    ),
    (
        "trade",
        T(
            "Distribution centre for German food and drink",
            "Vertriebszentrum für deutsche Lebensmittel und Getränke",
            "德国食品饮料分拨中心",
        ),
        ("80000000", "CNY"),
    ),
    (
        "trade",
        T(
            "Showroom and import service for German medical technology",
            "Ausstellungs- und Importzentrum für deutsche Medizintechnik",
            "德国医疗器械展示与进口服务中心",
        ),
        None,
    ),
    (
        "trade",
        T(
            "Regional sales office for industrial components",
            "Regionales Vertriebsbüro für Industriekomponenten",
            "工业零部件区域销售中心",
        ),
        ("3000000", "EUR"),
    ),
    (
        "trade",
        T("Bonded warehouse for machine spare parts", "Zolllager für Maschinenersatzteile", "机械备件保税仓库"),
        None,
    ),
    (
        "trade",
        T(
            "Trade centre for German furniture and interior design",
            "Handelszentrum für deutsche Möbel und Inneneinrichtung",
            "德国家居与室内设计贸易中心",
        ),
        ("30000000", "CNY"),
    ),
    (
        "trade",
        T(
            "Export consolidation centre for shipments to Europe",
            "Sammelzentrum für Exporte nach Europa",
            "对欧出口集货中心",
        ),
        ("6000000", "USD"),
    ),
]

# The 14 agreements signed at the Nanjing–Stuttgart Economic Forum (sector slug, title).
AGREEMENTS = [
    (
        "advanced-manufacturing",
        T(
            "Cooperation agreement on precision machining between a Nanjing manufacturer and a Stuttgart supplier",
            "Kooperationsvereinbarung über Präzisionsbearbeitung zwischen einem Nanjinger Hersteller und einem "
            "Stuttgarter Zulieferer",
            "南京制造企业与斯图加特配套企业精密加工合作协议",
        ),
    ),
    (
        "advanced-manufacturing",
        T(
            "Agreement on a joint development centre for industrial robot components",
            "Vereinbarung über ein gemeinsames Entwicklungszentrum für Industrieroboter-Komponenten",
            "工业机器人零部件联合研发中心协议",
        ),
    ),
    (
        "advanced-manufacturing",
        T(
            "Supply agreement for electric drive components",
            "Liefervereinbarung über Komponenten für elektrische Antriebe",
            "电驱动零部件供货协议",
        ),
    ),
    (
        "advanced-manufacturing",
        T(
            "Cooperation on dual vocational training for mechatronics technicians",
            "Zusammenarbeit in der dualen Ausbildung von Mechatronikern",
            "机电一体化技术人员双元制职业培训合作",
        ),
    ),
    (
        "advanced-manufacturing",
        T(
            "Agreement on testing and certification services for machine tools",
            "Vereinbarung über Prüf- und Zertifizierungsleistungen für Werkzeugmaschinen",
            "机床检测与认证服务协议",
        ),
    ),
    (
        "advanced-manufacturing",
        T(
            "Technology transfer agreement for energy-efficient drive systems",
            "Technologietransfer-Vereinbarung für energieeffiziente Antriebssysteme",
            "高效节能驱动系统技术转让协议",
        ),
    ),
    (
        "advanced-manufacturing",
        T(
            "Framework agreement on an industrial park for German mid-sized companies in Nanjing",
            "Rahmenvereinbarung über einen Industriepark für deutsche Mittelständler in Nanjing",
            "南京德国中小企业产业园框架协议",
        ),
    ),
    (
        "finance",
        T(
            "Cooperation agreement on trade finance for Chinese and German small businesses",
            "Kooperationsvereinbarung über Handelsfinanzierung für chinesische und deutsche Kleinunternehmen",
            "中德中小企业贸易融资合作协议",
        ),
    ),
    (
        "finance",
        T(
            "Memorandum of understanding on green finance for low-carbon manufacturing",
            "Absichtserklärung über grüne Finanzierung für CO₂-arme Fertigung",
            "低碳制造绿色金融合作备忘录",
        ),
    ),
    (
        "finance",
        T(
            "Agreement on cross-border payment services for exporters",
            "Vereinbarung über grenzüberschreitende Zahlungsdienste für Exporteure",
            "出口企业跨境支付服务协议",
        ),
    ),
    (
        "finance",
        T(
            "Cooperation agreement on investment advice between a Nanjing fund and a Stuttgart consultancy",
            "Kooperationsvereinbarung über Investitionsberatung zwischen einem Nanjinger Fonds und einer Stuttgarter "
            "Beratungsfirma",
            "南京基金与斯图加特咨询机构投资顾问合作协议",
        ),
    ),
    (
        "art",
        T(
            "Agreement on an exchange of exhibitions between a Nanjing museum and a Stuttgart gallery",
            "Vereinbarung über einen Ausstellungsaustausch zwischen einem Nanjinger Museum und einer Stuttgarter "
            "Galerie",
            "南京博物馆与斯图加特画廊展览交流协议",
        ),
    ),
    (
        "art",
        T(
            "Cooperation agreement on Yunjin brocade and textile design workshops",
            "Kooperationsvereinbarung über Workshops zu Yunjin-Brokat und Textildesign",
            "云锦与纺织设计工作坊合作协议",
        ),
    ),
    (
        "art",
        T(
            "Agreement on a residency programme for young artists from Nanjing and Stuttgart",
            "Vereinbarung über ein Residenzprogramm für junge Kunstschaffende aus Nanjing und Stuttgart",
            "南京与斯图加特青年艺术家驻留项目协议",
        ),
    ),
]

KEY_FIGURES_AS_OF = date(2025, 11, 12)
KEY_FIGURES_SOURCE = T(
    "Nanjing Week Organizing Committee, press release of 12 November 2025",
    "Organisationskomitee der Nanjing-Woche, Pressemitteilung vom 12. November 2025",
    "南京周组委会，2025年11月12日新闻稿",
)
KEY_FIGURES = [
    {
        # Read after the number: "309 German projects in Nanjing", „309 deutsche Projekte …“, “309个在宁德资项目”.
        "label": T("German projects in Nanjing", "deutsche Projekte in Nanjing", "在宁德资项目"),
        "value": Decimal("309"),
        "currency": "",
        # Only Chinese puts a measure word between the number and what it counts.
        "unit_en": "",
        "unit_de": "",
        "unit_zh_hans": "个",
    },
    {
        "label": T(
            "Total investment of German projects in Nanjing",
            "Gesamtinvestition deutscher Projekte in Nanjing",
            "在宁德资项目投资总额",
        ),
        "value": Decimal("2200000000"),
        "currency": "USD",
    },
    {
        "label": T(
            "Annual revenue of German projects in Nanjing",
            "Jahresumsatz deutscher Projekte in Nanjing",
            "在宁德资项目年营业收入",
        ),
        "value": Decimal("44000000000"),
        "currency": "CNY",
    },
]
