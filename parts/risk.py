"""How risky a listing looks: Turkish-aware rules, each worth points with a reason for staff.

`part_risk_assess` runs on every create and edit and when a photo is processed
(`parts.services.moderation`); at `settings.LISTING_REVIEW_THRESHOLD` points the listing waits
for staff. Every look-up here is served by an index, so the cost does not grow with the
catalogue: the same text by its fingerprint (`part_text_fingerprint`), a near-duplicate photo by
the bands of its hash (`partimage_hash_band_*`), comparable prices by the part number
(`part_reference_key`) or the brand's live listings (`part_live_brand`), a new account's listings
by seller (`part_seller_status`).
"""

from __future__ import annotations

import hashlib
import re
import statistics
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db.models import Q, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext

from marketplace.contact_details import ContactKind, contact_details_find
from marketplace.money import format_try
from marketplace.text import fold
from parts.images import photo_hash_distance
from parts.lexicon import PART_WORDS
from parts.models import LIVE, BannedWord, Part, PartImage, PartStatus


class RiskCode(StrEnum):
    CONTACT_PHONE = "contact_phone"
    CONTACT_IBAN = "contact_iban"
    CONTACT_LINK = "contact_link"
    CONTACT_EMAIL = "contact_email"
    DUPLICATE_TEXT = "duplicate_text"
    DUPLICATE_PHOTO = "duplicate_photo"
    PRICE_BELOW_MEDIAN = "price_below_median"
    BANNED_WORD = "banned_word"
    NEW_ACCOUNT_BURST = "new_account_burst"


# Points per rule: any contact detail and a copied photo alone reach the default threshold (50);
# a copied text, a suspicious price or a busy new account only together with another sign.
RISK_POINTS: dict[RiskCode, int] = {
    RiskCode.CONTACT_IBAN: 60,
    RiskCode.CONTACT_PHONE: 50,
    RiskCode.CONTACT_EMAIL: 50,
    RiskCode.CONTACT_LINK: 50,
    RiskCode.DUPLICATE_PHOTO: 50,
    RiskCode.DUPLICATE_TEXT: 40,
    RiskCode.PRICE_BELOW_MEDIAN: 35,
    RiskCode.NEW_ACCOUNT_BURST: 30,
}
_CONTACT_CODES = {
    ContactKind.PHONE: RiskCode.CONTACT_PHONE,
    ContactKind.IBAN: RiskCode.CONTACT_IBAN,
    ContactKind.LINK: RiskCode.CONTACT_LINK,
    ContactKind.EMAIL: RiskCode.CONTACT_EMAIL,
}

# A description this short ("Orijinal, sorunsuz") is often the same by chance, not copied.
DUPLICATE_TEXT_MIN_WORDS = 8
# At most this many differing bits of 256 between a photo and a near-duplicate: the same photo
# re-encoded or resized differs by 0–6; the demo's look-alike drawings by 10 or more.
PHOTO_DISTANCE_MAX = 8
PHOTO_CANDIDATES_MAX = 500
# "Far below": under this share of the median of at least PRICE_SAMPLE_MIN live listings of the
# same part number (or, failing that, of the same brand, model and part name).
PRICE_FLOOR_RATIO = Decimal("0.35")
PRICE_SAMPLE_MIN = 5
PRICE_SAMPLE_MAX = 200
PRICE_SCAN_MAX = 2000
NEW_ACCOUNT_AGE = timedelta(hours=1)
NEW_ACCOUNT_LISTINGS_MAX = 5
# Lexicon words that say where or what state, not which part: never a comparison's part name.
_NOT_PART_NAMES = frozenset(
    fold(
        "sol sağ ön arka üst alt orta iç dış takım set komple orijinal çıkma sıfır yeni parça"
    ).split()
)


@dataclass(frozen=True)
class RiskSignal:
    """One rule that fired: its code, its points and what staff read about it (Turkish)."""

    code: RiskCode
    points: int
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"code": str(self.code), "points": self.points, "detail": self.detail}


@dataclass(frozen=True)
class RiskAssessment:
    score: int
    signals: tuple[RiskSignal, ...]
    text_fingerprint: str

    @property
    def needs_review(self) -> bool:
        return self.score >= settings.LISTING_REVIEW_THRESHOLD


def _signal(code: RiskCode, detail: str, *, points: int | None = None) -> RiskSignal:
    return RiskSignal(
        code=code, points=RISK_POINTS[code] if points is None else points, detail=detail
    )


def contact_signals(*, title: str, description: str, part_reference: str = "") -> list[RiskSignal]:
    """Phone numbers (also in words), IBANs, links and e-mail addresses in the text. The
    listing's own part number is left out first: some look like a phone number."""
    text = f"{title}\n{description}"
    if part_reference.strip():
        text = text.replace(part_reference.strip(), " ")
    found = contact_details_find(text)
    details = {
        RiskCode.CONTACT_PHONE: gettext(
            "A phone number in the title or description (digits or written in words)."
        ),
        RiskCode.CONTACT_IBAN: gettext("An IBAN in the title or description."),
        RiskCode.CONTACT_LINK: gettext("A link to another site in the title or description."),
        RiskCode.CONTACT_EMAIL: gettext("An e-mail address in the title or description."),
    }
    codes = [_CONTACT_CODES[kind] for kind in ContactKind if kind in found]
    return [_signal(code, details[code]) for code in codes]


def text_fingerprint(*, title: str, description: str) -> str:
    """A digest of the folded words of title and description ("" for a short description)."""
    description_words = re.findall(r"[a-z0-9]+", fold(description))
    if len(description_words) < DUPLICATE_TEXT_MIN_WORDS:
        return ""
    words = [*re.findall(r"[a-z0-9]+", fold(title)), *description_words]
    return hashlib.sha1(" ".join(words).encode(), usedforsecurity=False).hexdigest()


def _duplicate_text_signal(*, part: Part, fingerprint: str) -> RiskSignal | None:
    if not fingerprint:
        return None
    others = (
        Part.objects.filter(text_fingerprint=fingerprint)
        .exclude(seller_id=part.seller_id)
        .exclude(status=PartStatus.DELETED)
        .values_list("pk", flat=True)[:20]
    )
    count = len(others)
    if not count:
        return None
    return _signal(
        RiskCode.DUPLICATE_TEXT,
        gettext("The same title and description are in %(count)d listing(s) of another account.")
        % {"count": count},
    )


def _duplicate_photo_signal(*, part: Part) -> RiskSignal | None:
    own = list(
        PartImage.objects.filter(part_id=part.pk)
        .exclude(perceptual_hash="")
        .values_list("perceptual_hash", "hash_band_0", "hash_band_1", "hash_band_2", "hash_band_3")
    )
    for fine, *bands in own:
        same_band = Q()
        for band, value in enumerate(bands):
            same_band |= Q(**{f"hash_band_{band}": value})
        candidates = (
            PartImage.objects.filter(same_band, part__isnull=False)
            .exclude(part__seller_id=part.seller_id)
            .exclude(part__status=PartStatus.DELETED)
            .values_list("perceptual_hash", "part__title")[:PHOTO_CANDIDATES_MAX]
        )
        for other_hash, other_title in candidates:
            if other_hash and photo_hash_distance(fine, other_hash) <= PHOTO_DISTANCE_MAX:
                return _signal(
                    RiskCode.DUPLICATE_PHOTO,
                    gettext(
                        "A photo is the same as, or nearly the same as, a photo of another "
                        "account's listing: “%(title)s”."
                    )
                    % {"title": other_title},
                )
    return None


def _part_name_word(part: Part) -> str:
    """The title's first word naming a part ("alternator" in "BMW E46 Alternatör Orijinal")."""
    model_words = set(part.model_search.split())
    for word in part.title_search.split():
        if word in PART_WORDS and word not in _NOT_PART_NAMES and word not in model_words:
            return word
    return ""


def comparable_prices(*, part: Part) -> list[Decimal]:
    """Prices of live listings like this one, newest first: the same part number when there are
    enough, else the same brand, model and part name."""
    live = Part.objects.filter(LIVE).exclude(pk=part.pk)
    if part.part_reference_key:
        prices = list(
            live.filter(part_reference_key=part.part_reference_key)
            .order_by("-created_at")
            .values_list("price", flat=True)[:PRICE_SAMPLE_MAX]
        )
        if len(prices) >= PRICE_SAMPLE_MIN:
            return prices
    word = _part_name_word(part)
    if not word or not part.model_search:
        return []
    # The newest PRICE_SCAN_MAX live listings of the brand and model come from the index alone
    # (`part_live_brand` covers the model); only those are read for the part name, so a rare
    # name in a big brand costs a bounded scan, not the brand's whole history.
    recent = (
        live.filter(brand=part.brand, model_search=part.model_search)
        .order_by("-created_at")
        .values("pk")[:PRICE_SCAN_MAX]
    )
    return list(
        Part.objects.filter(pk__in=Subquery(recent), title_search__contains=f" {word}")
        .order_by("-created_at")
        .values_list("price", flat=True)[:PRICE_SAMPLE_MAX]
    )


def _price_signal(*, part: Part) -> RiskSignal | None:
    prices = comparable_prices(part=part)
    if len(prices) < PRICE_SAMPLE_MIN:
        return None
    median = Decimal(statistics.median(prices))
    if Decimal(part.price) >= median * PRICE_FLOOR_RATIO:
        return None
    return _signal(
        RiskCode.PRICE_BELOW_MEDIAN,
        gettext(
            "The price %(price)s is far below the median %(median)s of %(count)d comparable "
            "listings."
        )
        % {
            "price": format_try(Decimal(part.price)),
            "median": format_try(median.quantize(Decimal("0.01"))),
            "count": len(prices),
        },
    )


def banned_word_fold(phrase: str) -> str:
    """The form a banned phrase is stored and matched in: folded words, single spaces."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(phrase)))


def banned_words_in(text: str) -> list[tuple[str, int]]:
    """The banned phrases (as staff typed them, with their points) at word starts of the text:
    "çalıntı" finds "ÇALINTIDIR" and "calinti"."""
    folded = " " + banned_word_fold(text)
    return [
        (phrase, points)
        for phrase, phrase_folded, points in BannedWord.objects.values_list(
            "phrase", "phrase_folded", "points"
        )
        if phrase_folded and f" {phrase_folded}" in folded
    ]


def _banned_word_signal(*, part: Part) -> RiskSignal | None:
    found = banned_words_in(f"{part.title}\n{part.description}")
    if not found:
        return None
    return _signal(
        RiskCode.BANNED_WORD,
        gettext("Banned words: %(words)s.") % {"words": ", ".join(phrase for phrase, _ in found)},
        points=sum(points for _phrase, points in found),
    )


def _new_account_signal(*, part: Part) -> RiskSignal | None:
    joined = part.seller.created_at
    if timezone.now() - joined >= NEW_ACCOUNT_AGE:
        return None
    count = Part.objects.filter(seller_id=part.seller_id, created_at__gte=joined).count()
    if count <= NEW_ACCOUNT_LISTINGS_MAX:
        return None
    return _signal(
        RiskCode.NEW_ACCOUNT_BURST,
        gettext("The account is less than an hour old and has already created %(count)d listings.")
        % {"count": count},
    )


def part_risk_assess(*, part: Part) -> RiskAssessment:
    """Every rule over the listing as saved (its photos included); explanations in Turkish."""
    fingerprint = text_fingerprint(title=part.title, description=part.description)
    with translation.override(settings.LANGUAGE_CODE):
        signals = [
            *contact_signals(
                title=part.title, description=part.description, part_reference=part.part_reference
            ),
            _duplicate_text_signal(part=part, fingerprint=fingerprint),
            _duplicate_photo_signal(part=part),
            _price_signal(part=part),
            _banned_word_signal(part=part),
            _new_account_signal(part=part),
        ]
    fired = tuple(signal for signal in signals if signal is not None)
    return RiskAssessment(
        score=min(sum(signal.points for signal in fired), 32767),
        signals=fired,
        text_fingerprint=fingerprint,
    )
