"""The map on the report page and the case page: tiles from the settings, or without them the
districts' outlines shipped with the region data; the typed latitude and longitude work either
way. Tiles here are a local address: nothing is fetched from outside."""

from __future__ import annotations

from django.urls import reverse

from minsheng.hotline.models import Case

LOCAL_TILES = "/static/web/apple-touch-icon.png?z={z}&x={x}&y={y}"


def test_without_a_tile_url_the_report_page_draws_the_district_outlines(client, db, settings):
    settings.MINSHENG_MAP_TILES = ""
    html = client.get(reverse("residents:report")).content.decode()
    start = html.index('id="report-form"')
    form = html[start : html.index("</form>", start)]
    assert "data-map" in form and "data-editable" in form and "data-tiles" not in form
    assert f'data-outlines="{reverse("district_outlines")}"' in form
    assert "vendor/leaflet/leaflet.js" in html and "hotline/map.js" in html
    assert 'name="latitude"' in html and 'name="longitude"' in html


def test_with_a_tile_url_the_report_page_offers_a_map_inside_the_form(client, db, settings):
    settings.MINSHENG_MAP_TILES = LOCAL_TILES
    html = client.get(reverse("residents:report")).content.decode()
    start = html.index('id="report-form"')
    form = html[start : html.index("</form>", start)]
    assert "data-map" in form and "data-editable" in form
    assert 'data-tiles="/static/web/apple-touch-icon.png?z={z}&amp;x={x}&amp;y={y}"' in form
    assert 'data-subdomains="abc"' in form
    assert "vendor/leaflet/leaflet.js" in html and "vendor/leaflet/leaflet.css" in html
    assert "hotline/map.js" in html


def test_leaflet_is_served_from_the_npm_packages(client, db):
    for name in ("leaflet.js", "leaflet.css", "images/marker-icon.png"):
        answer = client.get(f"/static/vendor/leaflet/{name}")
        assert answer.status_code == 200, name


def test_the_case_page_shows_the_residents_spot_on_the_map(client, cast, new_case, settings):
    Case.objects.filter(pk=new_case.pk).update(latitude=39.884, longitude=116.462)
    client.force_login(cast.dispatcher)
    url = reverse("hotline:case", args=[new_case.number])
    settings.MINSHENG_MAP_TILES = ""
    plain = client.get(url).content.decode()
    assert "39.884" in plain and "116.462" in plain
    assert "data-outlines" in plain and 'data-lat="39.884000"' in plain
    settings.MINSHENG_MAP_TILES = LOCAL_TILES
    html = client.get(url).content.decode()
    assert 'data-lat="39.884000"' in html and 'data-lng="116.462000"' in html
    assert "data-editable" not in html and "vendor/leaflet/leaflet.js" in html


def test_a_case_without_a_spot_has_no_map(client, cast, new_case, settings):
    settings.MINSHENG_MAP_TILES = LOCAL_TILES
    client.force_login(cast.dispatcher)
    html = client.get(reverse("hotline:case", args=[new_case.number])).content.decode()
    assert "data-map" not in html and "vendor/leaflet" not in html
