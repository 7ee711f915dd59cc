"""Tests for marketplace.text: Turkish casing, folding, sorting and part-number normalisation."""

from __future__ import annotations

import pytest

from marketplace.text import (
    fold,
    normalize_reference,
    turkish_lower,
    turkish_sort_key,
    turkish_title,
    turkish_upper,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("İSTANBUL", "istanbul"),
        ("IĞDIR", "ığdır"),
        ("ISPARTA", "ısparta"),
        ("İZMİR", "izmir"),
        ("ŞANZIMAN", "şanzıman"),
        ("ÇÖĞÜŞ", "çöğüş"),
        ("already lower", "already lower"),
        ("", ""),
        ("A 203 İ", "a 203 i"),
    ],
)
def test_turkish_lower(value: str, expected: str) -> None:
    assert turkish_lower(value) == expected


def test_turkish_lower_never_leaves_combining_dot() -> None:
    # Python's own "İ".lower() yields "i" + U+0307; ours must not.
    assert "İ".lower() != "i"
    assert turkish_lower("İ") == "i"
    assert "\u0307" not in turkish_lower("İİİ")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("istanbul", "İSTANBUL"),
        ("ığdır", "IĞDIR"),
        ("izmir", "İZMİR"),
        ("şanzıman", "ŞANZIMAN"),
        ("çöğüş", "ÇÖĞÜŞ"),
        ("ALREADY", "ALREADY"),
        ("", ""),
    ],
)
def test_turkish_upper(value: str, expected: str) -> None:
    assert turkish_upper(value) == expected


@pytest.mark.parametrize("value", ["istanbul", "ığdır", "izmir ve ısparta", "çöğüş"])
def test_lower_upper_round_trip(value: str) -> None:
    assert turkish_lower(turkish_upper(value)) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("istanbul", "İstanbul"),
        ("ığdır", "Iğdır"),
        ("İSTANBUL", "İstanbul"),
        ("IĞDIR", "Iğdır"),
        ("izmir ve ısparta", "İzmir Ve Isparta"),
        ("şanlıurfa", "Şanlıurfa"),
        ("çanakkale  çankırı", "Çanakkale  Çankırı"),
        ("afyon-karahisar", "Afyon-Karahisar"),
        ("k.maraş", "K.Maraş"),
        ("istanbul'da", "İstanbul'da"),
        ("KAHRAMANMARAŞ'TA", "Kahramanmaraş'ta"),
        ("4x4 ön tampon", "4x4 Ön Tampon"),
        ("", ""),
    ],
)
def test_turkish_title(value: str, expected: str) -> None:
    assert turkish_title(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("İSTANBUL", "istanbul"),
        ("Istanbul", "istanbul"),
        ("istanbul", "istanbul"),
        ("IĞDIR", "igdir"),
        ("Iğdır", "igdir"),
        ("Şanzıman", "sanziman"),
        ("ALTERNATÖR", "alternator"),
        ("Çıkış Göğüs Ülkü", "cikis gogus ulku"),
        ("Hakkâri", "hakkari"),
        ("Îmâl Ûslup", "imal uslup"),
        ("Café Crème", "cafe creme"),
        ("  çok   boşluk\t\nvar  ", "cok bosluk var"),
        ("non\u00a0breaking", "non breaking"),
        ("I\u0307STANBUL", "istanbul"),  # decomposed "İ"
        ("s\u0327anzıman", "sanziman"),  # decomposed "ş"
        ("ＡＢＣ", "abc"),  # full-width compatibility forms
        ("", ""),
        ("   ", ""),
    ],
)
def test_fold(value: str, expected: str) -> None:
    assert fold(value) == expected


@pytest.mark.parametrize(
    "value", ["İSTANBUL", "Şanzıman", "  a  b ", "Hakkâri", "IĞDIR ÇÖĞÜŞ", "Café"]
)
def test_fold_is_idempotent_and_ascii_for_turkish(value: str) -> None:
    folded = fold(value)
    assert fold(folded) == folded
    assert folded.isascii()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("A 203 423 06 12", "A2034230612"),
        ("a2034230612", "A2034230612"),
        ("A2034230612", "A2034230612"),
        ("12-31-7-501-999", "12317501999"),
        ("12.31.7.501.999", "12317501999"),
        ("12/31_7 501-999", "12317501999"),
        ("  0 986 4b2 016 ", "09864B2016"),
        ("ıi", "II"),
        ("İI", "II"),
        ("1k0-615-301-aa", "1K0615301AA"),
        ("şç-ğü-ö", "SCGUO"),
        ("a\t2\n0", "A20"),
        ("", ""),
    ],
)
def test_normalize_reference(value: str, expected: str) -> None:
    assert normalize_reference(value) == expected


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("a", "b"),
        ("c", "ç"),
        ("ç", "d"),
        ("g", "ğ"),
        ("ğ", "h"),
        ("h", "ı"),
        ("ı", "i"),
        ("i", "j"),
        ("o", "ö"),
        ("ö", "p"),
        ("s", "ş"),
        ("ş", "t"),
        ("u", "ü"),
        ("ü", "v"),
        ("y", "z"),
        ("Iğdır", "Isparta"),
        ("Isparta", "İstanbul"),
        ("İzmir", "Kahramanmaraş"),
        ("Kırıkkale", "Kırklareli"),
        ("Kırşehir", "Kilis"),
        ("Sivas", "Şanlıurfa"),
        ("Şırnak", "Tekirdağ"),
        ("Bursa", "Çanakkale"),
        ("Afyonkarahisar", "Ağrı"),
        ("Ağrı", "Aksaray"),
        ("Ak", "Aka"),
        ("Ak", "Ak Parti"),
        ("Ak Parti", "Aka"),
        ("1", "2"),
        ("9", "a"),
        ("Ankara", "ankara"),
    ],
)
def test_turkish_sort_key_order(first: str, second: str) -> None:
    assert turkish_sort_key(first) < turkish_sort_key(second)


def test_turkish_sort_key_full_alphabet() -> None:
    alphabet = list("abcçdefgğhıijklmnoöprsştuüvyz")
    shuffled = sorted(alphabet, key=lambda letter: (ord(letter) * 7919) % 101)
    assert sorted(shuffled, key=turkish_sort_key) == alphabet
    upper = [turkish_upper(letter) for letter in alphabet]
    assert sorted(sorted(upper), key=turkish_sort_key) == upper


def test_turkish_sort_key_is_case_insensitive_in_primary_order() -> None:
    words = ["istanbul", "İzmir", "ISPARTA", "ığdır", "Ankara", "çorum", "Bursa"]
    assert sorted(words, key=turkish_sort_key) == [
        "Ankara",
        "Bursa",
        "çorum",
        "ığdır",
        "ISPARTA",
        "istanbul",
        "İzmir",
    ]


def test_turkish_sort_key_accented_letters_sort_with_base() -> None:
    assert turkish_sort_key("Hakkari") < turkish_sort_key("Hakkâri") < turkish_sort_key("Hakkb")


def test_turkish_sort_key_is_deterministic_and_total() -> None:
    assert turkish_sort_key("abc") == turkish_sort_key("abc")
    assert turkish_sort_key("abc") != turkish_sort_key("ABC")
    assert all(isinstance(part, int) for part in turkish_sort_key("Çay 12-Ş?"))
