"""The catalogue's HTML pages in tests: their addresses, a valid listing form, and readers of the
HTML a visitor gets (parts' and interests' view tests use them)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.shortcuts import resolve_url
from django.test.html import Element, parse_html

from parts.filters import PARAMETERS

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
