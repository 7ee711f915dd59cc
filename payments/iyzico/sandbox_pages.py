"""The local sandbox's HTML: the hosted payment page (prefilled with iyzico's test card) and the
auto-submitting form that takes the buyer back to the merchant's callbackUrl with `token`, as
iyzico's checkout form does."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from payments.iyzico import sandbox_cards

_PAGE = """<!doctype html>
<html lang="tr"><head><meta charset="utf-8"><title>{title}</title></head>
<body>{body}</body></html>"""


def payment_page(*, token: str, price: Decimal, basket_id: str) -> str:
    month, year = sandbox_cards.SUCCESS_CARD_EXPIRY
    body = f"""
<h1>iyzico sandbox ödeme</h1>
<p>Sepet {escape(basket_id)}: <strong>{escape(format(price, "f"))} TL</strong></p>
<form method="post" action="/checkoutform/pay" id="iyzico-sandbox-payment">
  <input type="hidden" name="token" value="{escape(token)}">
  <label>Kart sahibi <input name="cardHolderName" value="John Doe"></label>
  <label>Kart numarası <input name="cardNumber" value="{sandbox_cards.SUCCESS_CARD}"></label>
  <label>Ay <input name="expireMonth" value="{month}"></label>
  <label>Yıl <input name="expireYear" value="{year}"></label>
  <label>CVC <input name="cvc" value="{sandbox_cards.SUCCESS_CARD_CVC}"></label>
  <button type="submit">{escape(format(price, "f"))} TL Öde</button>
</form>"""
    return _PAGE.format(title="iyzico sandbox ödeme", body=body)


def callback_redirect_page(*, callback_url: str, token: str) -> str:
    """iyzico returns the browser to the merchant by a POST of `token` to callbackUrl."""
    body = f"""
<form method="post" action="{escape(callback_url)}" id="iyzico-sandbox-callback">
  <input type="hidden" name="token" value="{escape(token)}">
  <noscript><button type="submit">Devam</button></noscript>
</form>
<script>document.getElementById("iyzico-sandbox-callback").submit();</script>"""
    return _PAGE.format(title="Yönlendiriliyor", body=body)


def error_page(*, message: str) -> str:
    return _PAGE.format(title="iyzico sandbox", body=f"<p>{escape(message)}</p>")
