"""The catalogue's HTML pages through the test client: results, detail, create, edit, my listings.

Every text checked is the Turkish one a visitor reads.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.shortcuts import resolve_url
from django.test import Client
from django.test.html import Element, parse_html
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects
from pytest_django.fixtures import Settings

from marketplace.models import User
from marketplace.tests.factories import UserFactory
from parts.filters import PARAMETERS
from parts.models import Part, PartImage, PartImageStatus, PartStatus
from parts.serializers import PartWriteSerializer
from parts.services import part_status_change, part_update
from parts.tests.factories import DEFAULT_PART, make_part
from parts.tests.images import jpeg_bytes

# Photo processing runs in this process: these tests point MEDIA_ROOT at a temporary folder,
# which a worker process would not see (test_api.py covers the real worker).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("celery_in_process")]

RESULTS = "/parcalar/"
LOGIN_PAGE = resolve_url(settings.LOGIN_URL)
CREATE = "/ilan-ver/"
MY_LISTINGS = "/hesabim/ilanlarim/"
# The results form sends the API's query parameters; paging is done by its links instead.
FILTER_FORM_FIELDS = {name for name in PARAMETERS if name not in {"limit", "offset"}}

FORM_DATA: dict[str, str] = {
    "title": "Mercedes W203 Fren Diski",
    "part_reference": "A 203 423 06 12",
    "condition": "Kullanılabilir",
    "price": "450",
    "location_city": "ankara",
    "brand": "Mercedes",
    "model": "W203",
    "year": "2005",
    "description": "Orijinal Mercedes fren diski, hiç kullanılmamış",
}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


# --- Reading the HTML ------------------------------------------------------------------------
def document(response: Any) -> Element:
    return parse_html(response.content.decode())


def _walk(node: Element) -> Iterator[Element]:
    for child in node.children:
        if isinstance(child, Element):
            yield child
            yield from _walk(child)


def attribute(node: Element, name: str) -> str | None:
    return dict(node.attributes).get(name)


def has_attribute(node: Element, name: str) -> bool:
    return name in dict(node.attributes)


def select(node: Element, tag: str, css_class: str = "", **attributes: str) -> list[Element]:
    """Descendants by tag, one class name and exact attribute values (`data_x` -> `data-x`)."""
    found = []
    for element in _walk(node):
        if element.name != tag:
            continue
        if css_class and css_class not in (attribute(element, "class") or "").split():
            continue
        if all(attribute(element, k.replace("_", "-")) == v for k, v in attributes.items()):
            found.append(element)
    return found


def one(node: Element, tag: str, css_class: str = "", **attributes: str) -> Element:
    found = select(node, tag, css_class, **attributes)
    assert len(found) == 1, f"{len(found)} <{tag} class={css_class!r} {attributes}>"
    return found[0]


def text(node: Element | str) -> str:
    if isinstance(node, str):
        return node
    return re.sub(r"\s+", " ", "".join(text(child) for child in node.children)).strip()


def field_named(form: Element, name: str) -> Element:
    """The `.field` wrapper of the control called `name`, where its error messages appear."""
    for wrapper in select(form, "div", "field"):
        if any(attribute(control, "name") == name for control in _controls(wrapper)):
            return wrapper
    raise AssertionError(f"no field {name!r}")


def _controls(node: Element) -> list[Element]:
    return [element for element in _walk(node) if element.name in {"input", "select", "textarea"}]


def control_names(form: Element) -> set[str]:
    return {
        name
        for control in _controls(form)
        if (name := attribute(control, "name")) and name != "csrfmiddlewaretoken"
    }


def field_errors(form: Element, name: str) -> list[str]:
    return [text(error) for error in select(field_named(form, name), "p", "field-error")]


def cards(response: Any) -> dict[str, Element]:
    return {
        text(one(card, "h3", "part-card-title")): card
        for card in select(document(response), "article", "part-card")
    }


def flashes(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def json_ld(response: Any) -> dict[str, Any]:
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert len(scripts) == 1
    data: dict[str, Any] = json.loads(scripts[0])
    return data


# --- Data ------------------------------------------------------------------------------------
@pytest.fixture
def catalogue() -> dict[str, Part]:
    return {
        "alternator": make_part(),
        "disk": make_part(
            title="Mercedes W203 Fren Diski",
            part_reference="A 203 423 06 12",
            brand="Mercedes",
            model="W203",
            year=2005,
            location_city="Ankara",
            price="1250",
            description="Hiç kullanılmamış",
        ),
        "gearbox": make_part(
            title="Renault Clio 4 Şanzıman",
            part_reference="320102998R",
            brand="Renault",
            model="Clio 4",
            year=2016,
            location_city="İzmir",
            price="7500",
            condition="Arızalı",
            description="Vites geçirmiyor",
        ),
    }


@pytest.fixture
def seller_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- Results ---------------------------------------------------------------------------------
def test_results_cards_show_short_price_city_and_condition_badge(
    client: Client, catalogue: dict[str, Part]
) -> None:
    response = client.get(RESULTS)

    assert response.status_code == 200
    found = cards(response)
    assert set(found) == {part.title for part in catalogue.values()}
    expectations = {
        "BMW E46 Alternatör - Orijinal Bosch": ("850 ₺", "İstanbul", "Kullanılabilir", "badge-ok"),
        "Mercedes W203 Fren Diski": ("1.250 ₺", "Ankara", "Kullanılabilir", "badge-ok"),
        "Renault Clio 4 Şanzıman": ("7.500 ₺", "İzmir", "Arızalı", "badge-bad"),
    }
    for title, (price, city, condition, badge_class) in expectations.items():
        card = found[title]
        assert text(one(card, "p", "price")) == price
        meta = one(card, "p", "part-card-meta")
        assert text(one(meta, "span", "badge")) == condition
        assert badge_class in (attribute(one(meta, "span", "badge"), "class") or "")
        assert city in text(meta)
        link = one(card, "a", "part-card-link")
        assert attribute(link, "href") == f"/parca/{catalogue_part(catalogue, title).slug}/"


def catalogue_part(catalogue: dict[str, Part], title: str) -> Part:
    return next(part for part in catalogue.values() if part.title == title)


def test_results_show_how_many_parts_were_found(client: Client, catalogue: dict[str, Part]) -> None:
    page = document(client.get(RESULTS))
    assert text(one(page, "p", "result-count")) == "3 parça bulundu"

    page = document(client.get(RESULTS, {"brand": "Renault"}))
    assert text(one(page, "p", "result-count")) == "1 parça bulundu"


def test_filter_form_fields_are_named_like_the_api_parameters(
    client: Client, catalogue: dict[str, Part]
) -> None:
    form = one(document(client.get(RESULTS)), "form", "filter-form")

    assert attribute(form, "method") == "get"
    assert attribute(form, "action") == RESULTS
    assert control_names(form) == FILTER_FORM_FIELDS
    assert {
        "search",
        "part_reference",
        "condition",
        "brand",
        "model",
        "location_city",
        "min_price",
        "max_price",
        "year_min",
        "year_max",
    } <= FILTER_FORM_FIELDS
    assertContains(client.get(RESULTS), "<summary><span>Filtreler</span></summary>", html=True)
    assertContains(client.get(RESULTS), "Filtreleri uygula")


def test_active_filters_show_as_chips_and_stay_in_the_form(
    client: Client, catalogue: dict[str, Part]
) -> None:
    response = client.get(RESULTS, {"brand": "renault", "max_price": "8000", "year_min": "2010"})

    assert response.status_code == 200
    assert list(cards(response)) == ["Renault Clio 4 Şanzıman"]
    page = document(response)
    chips = one(page, "ul", "active-filters")
    assert attribute(chips, "aria-label") == "Etkin filtreler"
    assert [text(chip) for chip in select(chips, "span", "chip-active")] == [
        "renault",
        "max ₺ 8000",
        "≥ 2010",
    ]
    clear = one(chips, "a", "chip")
    assert (text(clear), attribute(clear, "href")) == ("Tümünü temizle", RESULTS)
    form = one(page, "form", "filter-form")
    assert attribute(one(form, "input", name="brand"), "value") == "renault"
    assert attribute(one(form, "input", name="max_price"), "value") == "8000"
    # Folded after applying, so the results start on a phone's first screen; the count says 3.
    panel = one(page, "details", "filters")
    assert not has_attribute(panel, "open")
    assert text(one(panel, "span", "badge")) == "3"


def test_search_ignores_turkish_diacritics(client: Client, catalogue: dict[str, Part]) -> None:
    response = client.get(RESULTS, {"search": "sanziman"})

    assert response.status_code == 200
    assert list(cards(response)) == ["Renault Clio 4 Şanzıman"]
    assert text(one(document(response), "h1")) == "“sanziman” için sonuçlar"
    # The header's search box keeps what the buyer typed.
    assert attribute(one(document(response), "input", id="site-search"), "value") == "sanziman"

    response = client.get(RESULTS, {"search": "ALTERNATÖR"})
    assert list(cards(response)) == ["BMW E46 Alternatör - Orijinal Bosch"]


def test_unknown_city_is_400_with_the_turkish_message_next_to_the_field(
    client: Client, catalogue: dict[str, Part]
) -> None:
    response = client.get(RESULTS, {"location_city": "Gotham", "brand": "BMW"})

    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = document(response)
    form = one(page, "form", "filter-form")
    assert field_errors(form, "location_city") == ["Geçersiz şehir adı"]
    assert field_errors(form, "brand") == []
    assert attribute(one(form, "input", name="location_city"), "value") == "Gotham"
    assert text(one(page, "p", "flash-error")) == "Lütfen aşağıda işaretli filtreleri düzeltin."
    assert cards(response) == {}


@pytest.mark.parametrize(
    "params",
    [
        {"min_price": "bedava"},
        {"min_price": "500", "max_price": "100"},
        {"year_min": "1800"},
        {"year_min": "2015", "year_max": "2010"},
        {"part_reference": "-"},
        {"condition": "Sıfır"},
        {"brand": "Batmobil"},
        {"sort": "rastgele"},
        {"limit": "0"},
        {"offset": "-1"},
        {"search": "a" * 201},
        {"min_price": "1e400"},
        {"year_max": "٣٠٠٠"},
    ],
)
def test_invalid_filters_are_a_400_page_never_a_500(
    client: Client, catalogue: dict[str, Part], params: dict[str, str]
) -> None:
    response = client.get(RESULTS, params)
    assert response.status_code == 400
    assertContains(response, "Lütfen aşağıda işaretli filtreleri düzeltin.", status_code=400)


def test_no_match_shows_the_empty_state_with_suggestions(
    client: Client, catalogue: dict[str, Part]
) -> None:
    response = client.get(RESULTS, {"search": "helikopter pervanesi"})

    assert response.status_code == 200
    empty = one(document(response), "section", "empty-state")
    assert text(one(empty, "h2")) == "Aramanıza uyan parça bulunamadı"
    assert [text(item) for item in select(empty, "li")] == [
        "Yazımı kontrol edin ya da daha az kelime kullanın.",
        "Parçanın üzerinde yazan OEM numarasıyla arayın.",
        "Şehir ya da yıl gibi bir filtreyi kaldırın.",
    ]
    see_all = one(empty, "a", "button")
    assert (text(see_all), attribute(see_all, "href")) == ("Tüm parçaları gör", RESULTS)


def _pagination_link(response: Any, label: str) -> str:
    nav = one(document(response), "nav", "pagination")
    links = [link for link in select(nav, "a") if text(link) == label]
    assert len(links) == 1, f"no {label!r} link"
    return attribute(links[0], "href") or ""


def test_pagination_links_keep_the_filters(client: Client) -> None:
    seller = UserFactory.create()
    for index in range(3):
        make_part(seller=seller, title=f"Renault Megane Far {index}", brand="Renault")
    make_part(seller=seller, title="BMW E90 Far", brand="BMW")

    first = client.get(RESULTS, {"brand": "Renault", "search": "far", "limit": "2"})
    assert len(cards(first)) == 2
    next_url = _pagination_link(first, "Sonraki")
    assert next_url == "?brand=Renault&search=far&limit=2&offset=2"

    second = client.get(RESULTS + next_url)
    assert second.status_code == 200
    assert [title.startswith("Renault Megane Far") for title in cards(second)] == [True]
    assert text(one(document(second), "p", "result-count")) == "3 parça bulundu"
    assert _pagination_link(second, "Önceki") == "?brand=Renault&search=far&limit=2&offset=0"
    nav = one(document(second), "nav", "pagination")
    assert "Sonraki" not in text(nav)


# --- Detail ----------------------------------------------------------------------------------
def test_detail_page_has_canonical_link_og_tags_and_product_json_ld(
    client: Client, catalogue: dict[str, Part]
) -> None:
    part = catalogue["alternator"]

    response = client.get(f"/parca/{part.slug}/")

    assert response.status_code == 200
    canonical = f"http://testserver/parca/{part.slug}/"
    page = document(response)
    assert attribute(one(page, "link", rel="canonical"), "href") == canonical
    assert attribute(one(page, "meta", property="og:title"), "content") == part.title
    assert attribute(one(page, "meta", property="og:url"), "content") == canonical
    assert text(one(page, "h1")) == part.title
    assert text(one(page, "p", "price-large")) == "850,00 ₺"
    data = json_ld(response)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Product"
    assert data["name"] == part.title
    assert data["mpn"] == "12-31-7-501-999"
    assert data["offers"]["@type"] == "Offer"
    assert data["offers"]["priceCurrency"] == "TRY"
    assert Decimal(data["offers"]["price"]) == Decimal("850")
    assert data["offers"]["itemCondition"] == "https://schema.org/UsedCondition"
    assert data["offers"]["url"] == canonical


def test_faulty_part_is_a_damaged_condition_offer(
    client: Client, catalogue: dict[str, Part]
) -> None:
    data = json_ld(client.get(f"/parca/{catalogue['gearbox'].slug}/"))
    assert data["offers"]["itemCondition"] == "https://schema.org/DamagedCondition"


def test_json_ld_cannot_be_broken_out_of_by_the_title(client: Client) -> None:
    part = make_part(title="Far </script><script>alert(1)</script>")
    response = client.get(f"/parca/{part.slug}/")
    assert json_ld(response)["name"] == part.title
    assertNotContains(response, "<script>alert(1)")


def test_detail_shows_the_masked_seller_never_the_email(client: Client) -> None:
    seller = UserFactory.create(email="mehmet.yilmaz@example.com", display_name="")
    part = make_part(seller=seller)

    response = client.get(f"/parca/{part.slug}/")

    assertContains(response, "m****@example.com")
    html = response.content.decode()
    assert "mehmet.yilmaz" not in html
    assert "mehmet.yilmaz@example.com" not in html


def test_detail_lists_similar_parts_but_not_itself(
    client: Client, catalogue: dict[str, Part]
) -> None:
    part = catalogue["alternator"]
    same_reference = make_part(title="Bosch Alternatör 12317501999", brand="BMW", model="E39")

    response = client.get(f"/parca/{part.slug}/")

    section = one(document(response), "section", aria_labelledby="similar-title")
    assert text(one(section, "h2")) == "Benzer parçalar"
    similar = {text(title) for title in select(section, "h3", "part-card-title")}
    assert same_reference.title in similar
    assert part.title not in similar
    assert "Mercedes W203 Fren Diski" not in similar


@pytest.mark.parametrize("wrong", ["eski-baslik-{id}", "{id}"])
def test_wrong_slug_with_the_right_id_redirects_permanently(
    client: Client, catalogue: dict[str, Part], wrong: str
) -> None:
    part = catalogue["alternator"]
    response = client.get(f"/parca/{wrong.format(id=part.id)}/")
    assertRedirects(response, f"/parca/{part.slug}/", status_code=301)


@pytest.mark.parametrize(
    "slug", ["bmw-e46-00000000-0000-0000-0000-000000000000", "yok-boyle-bir-ilan", "1"]
)
def test_unknown_part_is_a_404_html_page(client: Client, slug: str) -> None:
    response = client.get(f"/parca/{slug}/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assertContains(response, "Sayfa bulunamadı", status_code=404)


def test_paused_part_keeps_its_page_with_a_notice_and_no_contact(
    client: Client, user: User, other_user: User
) -> None:
    part = make_part(seller=user)
    part_status_change(part=part, actor=user, status=PartStatus.PAUSED)
    url = f"/parca/{part.slug}/"

    for viewer in (None, other_user):
        if viewer is not None:
            client.force_login(viewer)
        response = client.get(url)
        assert response.status_code == 200
        assertContains(response, "Yayında değil")
        assertNotContains(response, "İlgileniyorum")
        assertNotContains(response, "Satıcıyla iletişim için giriş yapın")

    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    assertContains(response, '<span class="badge">Durduruldu</span>', html=True)
    assertContains(response, f'href="/parca/{part.slug}/duzenle/"')


def test_sold_part_page_answers_200_with_satildi_and_similar_active_listings(
    client: Client, user: User, other_user: User
) -> None:
    sold = make_part(seller=user, title="Passat B8 sol far", brand="Volkswagen", model="Passat")
    similar = make_part(
        seller=other_user, title="Passat B8 sağ far", brand="Volkswagen", model="Passat"
    )
    part_status_change(part=sold, actor=user, status=PartStatus.SOLD)

    response = client.get(f"/parca/{sold.slug}/")

    assert response.status_code == 200
    assertContains(response, "Satıldı")
    assertContains(response, f'href="/parca/{similar.slug}/"')
    assertNotContains(response, "Satıcıyla iletişim için giriş yapın")
    client.force_login(other_user)
    response = client.get(f"/parca/{sold.slug}/")
    assertContains(response, "Satıldı")
    assertNotContains(response, 'name="type" value="interested"')


def test_listing_waiting_for_review_is_still_hidden_from_others(
    client: Client, user: User, other_user: User
) -> None:
    part = make_part(seller=user)
    Part.objects.filter(pk=part.pk).update(status=PartStatus.PENDING_REVIEW)
    assert client.get(f"/parca/{part.slug}/").status_code == 404


def test_deleted_part_is_gone_even_for_its_owner(seller_client: Client, user: User) -> None:
    part = make_part(seller=user)
    seller_client.post(f"{MY_LISTINGS}{part.id}/", {"action": "delete", "confirmed": "1"})
    assert seller_client.get(f"/parca/{part.slug}/").status_code == 404


# --- Create ----------------------------------------------------------------------------------
def test_create_page_sends_anonymous_visitors_to_log_in(client: Client) -> None:
    response = client.get(CREATE)
    assertRedirects(response, f"{LOGIN_PAGE}?next={CREATE}", fetch_redirect_response=False)
    assert client.post(CREATE, FORM_DATA).status_code == 302
    assert not Part.objects.exists()


def test_create_form_fields_are_named_like_the_api(seller_client: Client) -> None:
    response = seller_client.get(CREATE)

    assert response.status_code == 200
    page = document(response)
    assert text(one(page, "h1")) == "İlan Ver"
    form = one(page, "form", "part-form")
    assert attribute(form, "method") == "post"
    assert attribute(form, "enctype") == "multipart/form-data"
    assert control_names(form) == set(PartWriteSerializer().fields)
    photos = one(form, "input", name="images")
    assert attribute(photos, "type") == "file"
    assert has_attribute(photos, "multiple")
    assert "image/jpeg" in (attribute(photos, "accept") or "")
    assert text(one(form, "button", type="submit")) == "İlanı yayınla"


def test_create_with_errors_is_400_keeps_the_values_and_shows_turkish_errors(
    seller_client: Client,
) -> None:
    typed = {**FORM_DATA, "title": "Far", "location_city": "Gotham", "price": "çok"}

    response = seller_client.post(CREATE, typed)

    assert response.status_code == 400
    assert not Part.objects.exists()
    page = document(response)
    assert text(one(page, "p", "flash-error")) == "Lütfen aşağıda işaretli alanları düzeltin."
    form = one(page, "form", "part-form")
    assert field_errors(form, "title") == ["Başlık en az 5 karakter olmalı."]
    assert field_errors(form, "location_city") == ["Geçersiz şehir adı"]
    assert field_errors(form, "price") == ["Fiyatı sayı olarak girin, ör. 1250 ya da 1250,50."]
    assert field_errors(form, "model") == []
    for name in ("title", "part_reference", "price", "location_city", "brand", "model", "year"):
        assert attribute(one(form, "input", name=name), "value") == typed[name], name
    assert text(one(form, "textarea", name="description")) == typed["description"]
    selected = [
        text(option)
        for option in select(one(form, "select", name="condition"), "option")
        if has_attribute(option, "selected")
    ]
    assert selected == ["Kullanılabilir"]
    title_input = one(form, "input", name="title")
    assert attribute(title_input, "aria-invalid") == "true"


def test_create_with_a_photo_publishes_and_redirects_to_the_detail_page(
    seller_client: Client, user: User, django_capture_on_commit_callbacks: Any
) -> None:
    photo = SimpleUploadedFile("telefon.jpg", jpeg_bytes(1200, 900, gps=True), "image/jpeg")

    with django_capture_on_commit_callbacks(execute=True):
        response = seller_client.post(CREATE, {**FORM_DATA, "images": [photo]})

    part = Part.objects.get()
    assertRedirects(response, f"/parca/{part.slug}/", fetch_redirect_response=False)
    assert part.seller == user
    assert (part.location_city, part.brand, part.price) == ("Ankara", "Mercedes-Benz", 450)
    assert part.part_reference_key == "A2034230612"
    image = PartImage.objects.get(part=part)
    assert image.status == PartImageStatus.READY
    part.refresh_from_db()
    assert part.is_public

    detail = seller_client.get(response["Location"])
    assert flashes(detail) == ["Parça ilanı oluşturuldu"]
    gallery = one(document(detail), "div", "gallery")
    images = select(gallery, "img")
    assert len(images) == 1
    assert (attribute(images[0], "width"), attribute(images[0], "height")) == ("1200", "900")
    assert Client().get(f"/parca/{part.slug}/").status_code == 200


def test_uploaded_photos_are_served_on_the_embedded_default(
    seller_client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    """Without S3 the photos are files under MEDIA_ROOT: the site must serve their URLs."""
    photo = SimpleUploadedFile("telefon.jpg", jpeg_bytes(640, 480), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        seller_client.post(CREATE, {**FORM_DATA, "images": [photo]})
    detail = seller_client.get(f"/parca/{Part.objects.get().slug}/")
    source = attribute(one(one(document(detail), "div", "gallery"), "img"), "src") or ""
    assert source.startswith("/media/parts/")

    response = Client().get(source)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"


# --- Edit ------------------------------------------------------------------------------------
def edit_data(part: Part, **changes: str) -> dict[str, str]:
    data = {name: str(value) for name, value in DEFAULT_PART.items()}
    return {**data, **changes}


def test_owner_changes_the_price_on_the_edit_page(seller_client: Client, user: User) -> None:
    part = make_part(seller=user)
    url = f"/parca/{part.slug}/duzenle/"

    form = one(document(seller_client.get(url)), "form", "part-form")
    # Shown the Turkish way, and read back the same way if saved unchanged.
    assert attribute(one(form, "input", name="price"), "value") == "850,00"
    assert attribute(one(form, "input", name="title"), "value") == part.title

    response = seller_client.post(url, edit_data(part, price="1100"), follow=True)

    assert response.redirect_chain == [(f"/parca/{part.slug}/", 302)]
    assert flashes(response) == ["Parça güncellendi"]
    part.refresh_from_db()
    assert part.price == Decimal("1100.00")
    assert text(one(document(response), "p", "price-large")) == "1.100,00 ₺"


@pytest.mark.parametrize(
    ("typed", "price"),
    [
        ("1250", Decimal("1250.00")),
        ("1250,50", Decimal("1250.50")),
        ("1.250", Decimal("1250.00")),
        ("1.250,50", Decimal("1250.50")),
    ],
)
def test_price_is_read_the_way_turkish_sellers_type_it(
    seller_client: Client, user: User, typed: str, price: Decimal
) -> None:
    part = make_part(seller=user)
    seller_client.post(f"/parca/{part.slug}/duzenle/", edit_data(part, price=typed))
    part.refresh_from_db()
    assert part.price == price


def test_saving_the_edit_form_unchanged_changes_nothing(seller_client: Client, user: User) -> None:
    part = make_part(seller=user, price="12500.50", description="Az kullanılmış, sorunsuz")
    url = f"/parca/{part.slug}/duzenle/"
    form = one(document(seller_client.get(url)), "form", "part-form")
    shown = {
        attribute(control, "name"): attribute(control, "value")
        for control in select(form, "input")
        if attribute(control, "type") not in {"file", "hidden"}
    }
    shown["condition"] = next(
        attribute(option, "value")
        for option in select(one(form, "select", name="condition"), "option")
        if has_attribute(option, "selected")
    )
    shown["description"] = text(one(form, "textarea", name="description"))

    assert seller_client.post(url, shown).status_code == 302

    before = {name: getattr(part, name) for name in FORM_DATA}
    part.refresh_from_db()
    assert {name: getattr(part, name) for name in before} == before


def test_edit_errors_are_400_and_change_nothing(seller_client: Client, user: User) -> None:
    part = make_part(seller=user)
    response = seller_client.post(
        f"/parca/{part.slug}/duzenle/", edit_data(part, price="0", year="1850")
    )
    assert response.status_code == 400
    form = one(document(response), "form", "part-form")
    assert field_errors(form, "price") == ["Fiyat sıfırdan büyük olmalı."]
    assert field_errors(form, "year") == ["Yıl 1900 ile 2030 arasında olmalı."]
    part.refresh_from_db()
    assert part.price == Decimal("850.00")


def test_only_the_owner_can_open_the_edit_page(client: Client, other_user: User) -> None:
    part = make_part()
    url = f"/parca/{part.slug}/duzenle/"

    assertRedirects(client.get(url), f"{LOGIN_PAGE}?next={url}", fetch_redirect_response=False)
    client.force_login(other_user)
    assert client.get(url).status_code == 404
    assert client.post(url, edit_data(part, price="1")).status_code == 404
    part.refresh_from_db()
    assert part.price == Decimal("850.00")


# --- My listings -----------------------------------------------------------------------------
def act(client: Client, part: Part, action: str) -> Any:
    return client.post(f"{MY_LISTINGS}{part.id}/", {"action": action}, follow=True)


def listing_rows(response: Any) -> dict[str, Element]:
    return {
        text(one(row, "strong")): row for row in select(document(response), "li", "listing-row")
    }


def test_my_listings_shows_only_my_parts_with_their_status(
    seller_client: Client, user: User, other_user: User
) -> None:
    mine = make_part(seller=user)
    make_part(seller=other_user, title="Başkasının ilanı")

    response = seller_client.get(MY_LISTINGS)

    assert response.status_code == 200
    assert text(one(document(response), "h1")) == "İlanlarım"
    rows = listing_rows(response)
    assert list(rows) == [mine.title]
    assert "Yayında" in text(rows[mine.title])
    buttons = {text(button) for button in select(rows[mine.title], "button")}
    assert buttons == {"Durdur", "Satıldı olarak işaretle", "Sil"}


def test_my_listings_needs_a_login(client: Client) -> None:
    response = client.get(MY_LISTINGS)
    assertRedirects(response, f"{LOGIN_PAGE}?next={MY_LISTINGS}", fetch_redirect_response=False)


def test_seller_pauses_marks_sold_and_publishes_again(seller_client: Client, user: User) -> None:
    part = make_part(seller=user)

    for action, status in [
        ("pause", PartStatus.PAUSED),
        ("activate", PartStatus.ACTIVE),
        ("sold", PartStatus.SOLD),
        ("activate", PartStatus.ACTIVE),
    ]:
        response = act(seller_client, part, action)
        assert response.redirect_chain == [(MY_LISTINGS, 302)]
        assert flashes(response) == ["İlan durumu güncellendi"]
        part.refresh_from_db()
        assert part.status == status, action

    act(seller_client, part, "pause")
    paused_page = Client().get(f"/parca/{part.slug}/")
    assertContains(paused_page, "Yayında değil")  # the page stays, without contact buttons


def test_not_allowed_status_change_is_explained(seller_client: Client, user: User) -> None:
    part = make_part(seller=user)
    act(seller_client, part, "sold")

    response = act(seller_client, part, "pause")

    assert flashes(response) == ["Bu ilanın durumu bu şekilde değiştirilemez."]
    part.refresh_from_db()
    assert part.status == PartStatus.SOLD


def test_seller_deletes_a_listing(seller_client: Client, user: User) -> None:
    part = make_part(seller=user)

    asked = act(seller_client, part, "delete")

    # "Sil" asks first, on a page of its own; nothing is deleted yet.
    assertContains(asked, "İlan silinsin mi?")
    part.refresh_from_db()
    assert part.status == PartStatus.ACTIVE
    response = seller_client.post(
        f"{MY_LISTINGS}{part.id}/", {"action": "delete", "confirmed": "1"}, follow=True
    )
    assert flashes(response) == ["Parça ilanı silindi"]
    assert listing_rows(response) == {}
    part.refresh_from_db()
    assert part.status == PartStatus.DELETED


def test_action_on_another_users_part_is_404(seller_client: Client, other_user: User) -> None:
    part = make_part(seller=other_user)
    for action in ("pause", "sold", "delete"):
        response = seller_client.post(f"{MY_LISTINGS}{part.id}/", {"action": action})
        assert response.status_code == 404
    part.refresh_from_db()
    assert part.status == PartStatus.ACTIVE


def test_listing_actions_accept_only_post(seller_client: Client, user: User) -> None:
    part = make_part(seller=user)
    assert seller_client.get(f"{MY_LISTINGS}{part.id}/").status_code == 405
    part.refresh_from_db()
    assert part.status == PartStatus.ACTIVE


def test_listing_actions_need_the_csrf_token(user: User) -> None:
    part = make_part(seller=user)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)

    response = browser.post(f"{MY_LISTINGS}{part.id}/", {"action": "delete"})

    assert response.status_code == 403
    part.refresh_from_db()
    assert part.status == PartStatus.ACTIVE

    # The page's own form carries the token, and then the same request goes through.
    form = one(document(browser.get(MY_LISTINGS)), "form", action=f"{MY_LISTINGS}{part.id}/")
    token = attribute(one(form, "input", name="csrfmiddlewaretoken"), "value")
    assert token
    response = browser.post(
        f"{MY_LISTINGS}{part.id}/",
        {"action": "delete", "confirmed": "1", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.status == PartStatus.DELETED


def test_a_rejected_listing_shows_the_staff_reason_and_editing_sends_it_again(
    seller_client: Client, user: User
) -> None:
    staff = UserFactory.create(is_staff=True)
    part = make_part(seller=user, title="Passat far")
    part_status_change(
        part=part, actor=staff, status=PartStatus.REJECTED, reason="Fotoğraflar parçayı göstermiyor"
    )

    rows = listing_rows(seller_client.get(MY_LISTINGS))
    assert "Neden:Fotoğraflar parçayı göstermiyor" in text(rows["Passat far"])
    assert "Düzenle ve yeniden gönder" in text(rows["Passat far"])

    part_update(part=part, actor=user, data={"description": "Yeni, net fotoğraflar ekledim"})
    part.refresh_from_db()
    assert part.status == PartStatus.PENDING_REVIEW
    assert "Yeniden gönderildi" in text(listing_rows(seller_client.get(MY_LISTINGS))["Passat far"])
