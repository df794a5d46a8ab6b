"""Inlines of exhibitions and organizations: what each page offers to edit in place."""

from django.urls import reverse

from exhibitions.models import Comparison
from tests import factories


def test_comparison_inline_offers_only_this_exhibitions_exhibits(superuser_client, parse_html):
    wall = factories.make_exhibition(title_en="Ming City Wall")
    city_wall = factories.make_exhibit(exhibition=wall, title_en="Nanjing City Wall")
    church = factories.make_exhibit(exhibition=wall, title_en="St. Thomas Church")
    factories.make_exhibit(exhibition=factories.make_exhibition(), title_en="Somewhere else")
    factories.make_comparison(exhibition=wall, left_exhibit=city_wall, right_exhibit=church)

    page = parse_html(superuser_client.get(reverse("admin:exhibitions_exhibition_change", args=[wall.pk])).content)

    for name in ("comparisons-0-left_exhibit", "comparisons-0-right_exhibit", "comparisons-__prefix__-left_exhibit"):
        options = [option.text for option in page.find("select", name=name).find_all("option") if option.attrs["value"]]
        assert options == ["Nanjing City Wall", "St. Thomas Church"], name


def test_comparison_inline_is_offered_once_the_exhibition_exists(superuser_client):
    response = superuser_client.get(reverse("admin:exhibitions_exhibition_add"))

    assert [formset.formset.prefix for formset in response.context["inline_admin_formsets"]] == ["runs", "exhibits"]


def test_comparison_of_another_exhibitions_exhibit_is_refused(superuser_client, form_data):
    wall = factories.make_exhibition()
    left = factories.make_exhibit(exhibition=wall)
    foreign = factories.make_exhibit(exhibition=factories.make_exhibition())
    url = reverse("admin:exhibitions_exhibition_change", args=[wall.pk])
    data = form_data(superuser_client.get(url))
    data.update(
        {
            "comparisons-TOTAL_FORMS": "1",
            "comparisons-0-left_exhibit": str(left.pk),
            "comparisons-0-right_exhibit": str(foreign.pk),
            "comparisons-0-order": "0",
        }
    )

    response = superuser_client.post(url, data)

    assert response.status_code == 200
    assert Comparison.objects.count() == 0


def test_exhibition_inlines_add_runs_and_exhibits(superuser_client, form_data):
    exhibition = factories.make_exhibition()
    venue = factories.make_venue()
    url = reverse("admin:exhibitions_exhibition_change", args=[exhibition.pk])
    data = form_data(superuser_client.get(url))
    data.update(
        {
            "runs-TOTAL_FORMS": "1",
            "runs-0-venue": str(venue.pk),
            "runs-0-first_day": "2025-11-07",
            "runs-0-last_day": "2025-11-20",
            "exhibits-TOTAL_FORMS": "1",
            "exhibits-0-title_en": "Zhonghua Gate",
            "exhibits-0-title_zh_hans": "中华门",
            "exhibits-0-order": "1",
        }
    )

    response = superuser_client.post(url, data)

    assert response.status_code == 302
    assert [(run.venue, run.first_day.isoformat()) for run in exhibition.runs.all()] == [(venue, "2025-11-07")]
    assert list(exhibition.exhibits.values_list("title_zh_hans", flat=True)) == ["中华门"]


def test_organization_page_edits_its_cooperation_projects(superuser_client, form_data):
    siemens = factories.make_organization(name_en="Siemens")
    factories.make_project(organization=siemens, title_en="Nanjing plant")
    url = reverse("admin:partners_organization_change", args=[siemens.pk])

    data = form_data(superuser_client.get(url), **{"projects-0-title_de": "Werk Nanjing"})
    response = superuser_client.post(url, data)

    assert response.status_code == 302
    assert list(siemens.projects.values_list("title_de", flat=True)) == ["Werk Nanjing"]


def test_parts_link_to_the_site_only_when_their_exhibition_is_public(superuser_client, parse_html):
    public = factories.make_exhibit(exhibition=factories.make_exhibition(slug="ming-wall", is_published=True))
    hidden = factories.make_exhibit(exhibition=factories.make_exhibition(is_published=False))

    links = {}
    for exhibit in (public, hidden):
        url = reverse("admin:exhibitions_exhibition_change", args=[exhibit.exhibition_id])
        page = parse_html(superuser_client.get(url).content)
        inline = page.find("div", id="exhibits-group")
        links[exhibit] = [a.attrs["href"] for a in inline.find_all("a") if a.text == "View on site"]

    assert links == {public: [f"/en/exhibitions/ming-wall/#exhibit-{public.pk}"], hidden: []}
