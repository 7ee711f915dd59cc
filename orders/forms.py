"""The order pages' input shapes (no side effects): request, checkout address, shipment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from marketplace.cities import CITY_CHOICES, resolve_city
from marketplace.money import parse_try
from marketplace.phone import InvalidPhoneError, normalize_phone
from orders.gateway import Delivery
from orders.models import MAX_ORDER_AMOUNT
from shipping.selectors import carrier_choices


class TurkishAmountField(forms.CharField):
    """A lira amount typed the Turkish way ("1.250,50") or plainly ("1250.50")."""

    def __init__(self, *, minimum: Decimal, **kwargs: Any) -> None:
        self.minimum = minimum
        super().__init__(max_length=20, **kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "inputmode": "decimal"}

    def prepare_value(self, value: Any) -> Any:
        """A Decimal shown as prices are on the site ("1.250,00"), not "1250.00"."""
        if isinstance(value, Decimal):
            grouped = format(value, ",.2f")  # 1,250.00
            return grouped.replace(",", " ").replace(".", ",").replace(" ", ".")
        return value

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if not text:
            return None
        try:
            amount = parse_try(text)
        except ValueError:
            raise forms.ValidationError(
                _("Enter the amount as a number, e.g. 1250 or 1250,50.")
            ) from None
        if amount < self.minimum or amount > MAX_ORDER_AMOUNT:
            raise forms.ValidationError(
                _("Enter an amount between %(minimum)s and 999.999,99 TL.")
                % {"minimum": str(self.minimum).replace(".", ",")}
            )
        return amount


class OrderRequestForm(forms.Form):
    price = TurkishAmountField(minimum=Decimal("0.01"), label=_("Price (TL)"))
    shipping_fee = TurkishAmountField(
        minimum=Decimal("0.00"), required=False, label=_("Shipping fee (TL)")
    )
    note = forms.CharField(required=False, max_length=500, label=_("Note to the buyer"))

    def clean_shipping_fee(self) -> Decimal:
        return self.cleaned_data.get("shipping_fee") or Decimal("0.00")


class OrderCheckoutForm(forms.Form):
    name = forms.CharField(max_length=100, label=_("Recipient's name and surname"))
    phone = forms.CharField(max_length=30, label=_("Recipient's phone"))
    address = forms.CharField(
        max_length=300, label=_("Delivery address"), widget=forms.Textarea(attrs={"rows": 3})
    )
    city = forms.ChoiceField(
        choices=[("", "—"), *CITY_CHOICES],
        label=_("City"),
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if len(name.split()) < 2:
            raise forms.ValidationError(_("Enter the recipient's name and surname."))
        return name

    def clean_phone(self) -> str:
        try:
            return normalize_phone(self.cleaned_data["phone"], mobile_only=True)
        except InvalidPhoneError:
            raise forms.ValidationError(_("Enter a mobile number, e.g. 0532 123 45 67.")) from None

    def clean_city(self) -> str:
        city = resolve_city(self.cleaned_data["city"])
        if city is None:
            raise forms.ValidationError(_("Choose a city."))
        return city

    def delivery(self) -> Delivery:
        data = self.cleaned_data
        return Delivery(
            name=data["name"], phone=data["phone"], address=data["address"], city=data["city"]
        )


class OrderShipForm(forms.Form):
    carrier = forms.ChoiceField(choices=carrier_choices, label=_("Carrier"))
    tracking_number = forms.CharField(max_length=40, label=_("Tracking number"))
