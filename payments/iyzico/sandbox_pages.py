"""The local sandbox's HTML: the hosted payment page (prefilled with iyzico's test card) and the
auto-submitting form that takes the buyer back to the merchant's callbackUrl with `token`, as
iyzico's checkout form does."""

from __future__ import annotations

from decimal import Decimal
from html import escape

from payments.iyzico import sandbox_cards

# A phone opens this page (`make run` on the LAN): a viewport, one field under the other, a button
# a thumb can press. Its own page on its own origin, so the inline style is no CSP matter here.
_PAGE = """<!doctype html>
<html lang="tr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{title}</title>
<style>
body {{ font: 16px/1.45 system-ui, sans-serif; margin: 0; padding: 1rem; color: #1d2733;
  background: #f4f6f9; }}
main {{ max-width: 26rem; margin: 0 auto; background: #fff; border: 1px solid #dde3ea;
  border-radius: 12px; padding: 1rem; }}
h1 {{ font-size: 1.25rem; margin: 0 0 0.5rem; }}
.sandbox-note {{ color: #5b6673; font-size: 0.875rem; }}
.amount {{ font-size: 1.5rem; font-weight: 700; margin: 0.25rem 0 1rem; }}
.basket {{ color: #5b6673; font-size: 0.8rem; overflow-wrap: anywhere; }}
form {{ display: grid; gap: 0.75rem; }}
label {{ display: grid; gap: 0.25rem; font-weight: 600; font-size: 0.9rem; }}
input {{ font: inherit; padding: 0.55rem 0.65rem; border: 1px solid #aab3bf; border-radius: 8px;
  min-height: 44px; width: 100%; box-sizing: border-box; }}
.expiry {{ display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 0.5rem; }}
button {{ font: inherit; font-weight: 700; min-height: 48px; border: 0; border-radius: 8px;
  background: #1e64c8; color: #fff; }}
</style></head>
<body><main>{body}</main></body></html>"""


def payment_page(*, token: str, price: Decimal, basket_id: str) -> str:
    month, year = sandbox_cards.SUCCESS_CARD_EXPIRY
    amount = escape(format(price.quantize(Decimal("0.01")), "f"))
    body = f"""
<h1>iyzico sandbox ödeme</h1>
<p class="sandbox-note">Yerel test ortamı: iyzico'nun test kartı hazır, gerçek para çekilmez.</p>
<p class="amount">{amount} TL</p>
<form method="post" action="/checkoutform/pay" id="iyzico-sandbox-payment">
  <input type="hidden" name="token" value="{escape(token)}">
  <label>Kart sahibi <input name="cardHolderName" value="John Doe" autocomplete="off"></label>
  <label>Kart numarası <input name="cardNumber" value="{sandbox_cards.SUCCESS_CARD}"
    inputmode="numeric" autocomplete="off"></label>
  <div class="expiry">
    <label>Ay <input name="expireMonth" value="{month}" inputmode="numeric"></label>
    <label>Yıl <input name="expireYear" value="{year}" inputmode="numeric"></label>
    <label>CVC <input name="cvc" value="{sandbox_cards.SUCCESS_CARD_CVC}"
      inputmode="numeric"></label>
  </div>
  <button type="submit">{amount} TL Öde</button>
  <p class="basket">Sepet {escape(basket_id)}</p>
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
