"""Reading the sitemap as a crawler does: `/sitemap.xml` is an index, the URLs are in the files it lists.

`sitemap_files(client)` fetches the index and every file it names, checked against the sitemap protocol
(`protocol_problems`); `sitemap_entries` and `sitemap_text` are what the tests of other pages ask of it.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from django.test import Client
from lxml import etree

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
NS = {"sm": SITEMAP, "xhtml": XHTML}
HREFLANGS = {"en", "de", "zh-hans", "x-default"}

# The protocol (sitemaps.org/protocol.html) as a schema, written from its text: the elements, their order and
# types; other namespaces (the xhtml:link alternates) are allowed inside <url>, and checked by hand below.
PROTOCOL_SCHEMA = etree.XMLSchema(
    etree.XML(
        r"""
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="SITEMAP" xmlns="SITEMAP"
           elementFormDefault="qualified">
  <xs:simpleType name="loc">
    <xs:restriction base="xs:anyURI"><xs:minLength value="12"/><xs:maxLength value="2048"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="lastmod">
    <!-- W3C Datetime: a date, or a date with a time and its zone (https://www.w3.org/TR/NOTE-datetime). -->
    <xs:restriction base="xs:string">
      <xs:pattern value="\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+\-]\d{2}:\d{2}))?"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="changefreq">
    <xs:restriction base="xs:string">
      <xs:enumeration value="always"/><xs:enumeration value="hourly"/><xs:enumeration value="daily"/>
      <xs:enumeration value="weekly"/><xs:enumeration value="monthly"/><xs:enumeration value="yearly"/>
      <xs:enumeration value="never"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="priority">
    <xs:restriction base="xs:decimal"><xs:minInclusive value="0.0"/><xs:maxInclusive value="1.0"/></xs:restriction>
  </xs:simpleType>
  <xs:element name="urlset">
    <xs:complexType><xs:sequence>
      <xs:element name="url" maxOccurs="50000">
        <xs:complexType><xs:sequence>
          <xs:element name="loc" type="loc"/>
          <xs:element name="lastmod" type="lastmod" minOccurs="0"/>
          <xs:element name="changefreq" type="changefreq" minOccurs="0"/>
          <xs:element name="priority" type="priority" minOccurs="0"/>
          <xs:any namespace="##other" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
        </xs:sequence></xs:complexType>
      </xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
  <xs:element name="sitemapindex">
    <xs:complexType><xs:sequence>
      <xs:element name="sitemap" maxOccurs="50000">
        <xs:complexType><xs:sequence>
          <xs:element name="loc" type="loc"/>
          <xs:element name="lastmod" type="lastmod" minOccurs="0"/>
        </xs:sequence></xs:complexType>
      </xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>""".replace("SITEMAP", SITEMAP)
    )
)
MAX_BYTES = 50 * 1024 * 1024
W3C_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})")


def protocol_problems(content: bytes) -> list[str]:
    """What in a sitemap or sitemap index breaks the protocol, or this site's rules beyond it: every `lastmod`
    a full W3C datetime with its zone; every alternate an `xhtml:link rel="alternate"` with a known hreflang."""
    if not content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>'):
        return ["no XML declaration with UTF-8"]
    if len(content) > MAX_BYTES:
        return [f"{len(content)} bytes"]
    root = etree.fromstring(content)
    problems = [str(error) for error in PROTOCOL_SCHEMA.error_log] if not PROTOCOL_SCHEMA.validate(root) else []
    for lastmod in root.iterfind(".//sm:lastmod", NS):
        if not W3C_DATETIME.fullmatch(lastmod.text) or datetime.fromisoformat(lastmod.text).tzinfo is None:
            problems.append(f"lastmod {lastmod.text!r}")
    for url in root.iterfind("sm:url", NS):
        for other in url:
            if etree.QName(other).namespace == SITEMAP:
                continue
            if etree.QName(other) != etree.QName(XHTML, "link"):
                problems.append(f"{other.tag} in <url>")
            elif other.get("rel") != "alternate" or other.get("hreflang") not in HREFLANGS:
                problems.append(f"link {dict(other.attrib)}")
            elif not other.get("href", "").startswith(("http://", "https://")):
                problems.append(f"relative alternate {other.get('href')}")
    return problems


def sitemap_files(client: Client) -> dict[str, bytes]:
    """{path with query: content} of `/sitemap.xml` and of every file its index lists, in the index's order;
    each must answer 200 as XML and keep to the protocol."""
    files = {}
    index = fetch(client, "/sitemap.xml")
    files["/sitemap.xml"] = index
    root = etree.fromstring(index)
    assert root.tag == etree.QName(SITEMAP, "sitemapindex"), root.tag
    for loc in root.iterfind("sm:sitemap/sm:loc", NS):
        parts = urlsplit(loc.text)
        path = f"{parts.path}?{parts.query}" if parts.query else parts.path
        files[path] = fetch(client, path)
        assert etree.fromstring(files[path]).tag == etree.QName(SITEMAP, "urlset"), path
    return files


def fetch(client: Client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    assert response["Content-Type"] == "application/xml", path
    content = response.content
    assert protocol_problems(content) == [], path
    return content


def sitemap_urls(client: Client) -> list[etree._Element]:
    """The <url> elements of every file of the sitemap."""
    return [
        url
        for path, content in sitemap_files(client).items()
        if path != "/sitemap.xml"
        for url in etree.fromstring(content).iterfind("sm:url", NS)
    ]


def sitemap_entries(client: Client) -> dict[str, dict[str, str]]:
    """{path of each URL: {hreflang: path}} of its alternates, over every file of the sitemap."""
    entries = {}
    for url in sitemap_urls(client):
        location = urlsplit(url.findtext("sm:loc", namespaces=NS)).path
        assert location not in entries, f"{location} twice"
        entries[location] = {
            link.get("hreflang"): urlsplit(link.get("href")).path for link in url.iterfind("xhtml:link", NS)
        }
    return entries


def sitemap_text(client: Client) -> bytes:
    """Every file of the sitemap, the index first, as one text: for what must not be found in any of them."""
    return b"\n".join(sitemap_files(client).values())
