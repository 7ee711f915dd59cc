"""The local sandbox's test cards: iyzico's published sandbox cards and what each one does
(iyzipay-python README "Test cards to get specific error codes"; docs.iyzico.com "Test Cards";
bank error codes and groups from docs.iyzico.com "Error Codes")."""

from __future__ import annotations

from dataclasses import dataclass

SUCCESS_CARD = "5528790000000008"  # Halkbank Master Card credit; the checkout page's default
SUCCESS_CARD_EXPIRY = ("12", "2030")
SUCCESS_CARD_CVC = "123"


@dataclass(frozen=True)
class CardDecline:
    error_code: str
    error_group: str
    error_message: str
    md_status: str = "1"


# Where iyzico publishes no errorCode (the 3DS failures), the sandbox uses its own, prefixed
# SANDBOX_, so nobody mistakes them for iyzico's.
DECLINES: dict[str, CardDecline] = {
    "4111111111111129": CardDecline(
        "10051", "NOT_SUFFICIENT_FUNDS", "Kart limiti yetersiz, yetersiz bakiye"
    ),
    "4129111111111111": CardDecline("10005", "DO_NOT_HONOUR", "İşlem onaylanmadı"),
    "4128111111111112": CardDecline("10012", "INVALID_TRANSACTION", "Geçersiz işlem"),
    "4127111111111113": CardDecline("10041", "LOST_CARD", "Kayıp kart, karta el koyunuz"),
    "4126111111111114": CardDecline("10043", "STOLEN_CARD", "Çalıntı kart, karta el koyunuz"),
    "4125111111111115": CardDecline("10054", "EXPIRED_CARD", "Vadesi dolmuş kart"),
    "4124111111111116": CardDecline("10084", "INVALID_CVC2", "CVC2 bilgisi hatalı"),
    "4123111111111117": CardDecline(
        "10057", "NOT_PERMITTED_TO_CARDHOLDER", "Kart sahibi bu işlemi yapamaz"
    ),
    "4122111111111118": CardDecline(
        "10058", "NOT_PERMITTED_TO_TERMINAL", "Terminalin bu işlemi yapmaya yetkisi yok"
    ),
    "4121111111111119": CardDecline("10034", "FRAUD_SUSPECT", "Dolandırıcılık şüphesi"),
    "4130111111111118": CardDecline(
        "10204", "UNKNOWN", "Ödeme işlemi esnasında genel bir hata oluştu"
    ),
    # "Success but mdStatus is 0": the bank's 3-D Secure check failed, no money moves.
    "4131111111111117": CardDecline(
        "SANDBOX_3DS_MD_STATUS_0",
        "THREEDS_AUTHENTICATION_FAILED",
        "3D Secure doğrulaması başarısız (mdStatus 0)",
        md_status="0",
    ),
    "4141111111111115": CardDecline(
        "SANDBOX_3DS_MD_STATUS_4",
        "THREEDS_AUTHENTICATION_FAILED",
        "3D Secure doğrulaması yapılamadı (mdStatus 4)",
        md_status="4",
    ),
    "4151111111111112": CardDecline(
        "SANDBOX_3DS_INITIALIZE_FAILED",
        "THREEDS_INITIALIZE_FAILED",
        "3D Secure başlatılamadı",
        md_status="",
    ),
}

INVALID_CARD_NUMBER = CardDecline("10215", "INVALID_CARD_NUMBER", "Geçersiz kart numarası")
EXPIRED_CARD = DECLINES["4125111111111115"]
INVALID_CVC = CardDecline("10206", "INVALID_CVC2_LENGTH", "CVC uzunluğu geçersiz")

# BIN (first 6 digits) -> (bank, association, family, card type) for the installment service.
BINS: dict[str, tuple[str, str, str, str]] = {
    "552879": ("Halkbank", "MASTER_CARD", "Paraf", "CREDIT_CARD"),
    "589004": ("Akbank", "MASTER_CARD", "Axess", "DEBIT_CARD"),
    "554960": ("Garanti Bankası", "MASTER_CARD", "Bonus", "CREDIT_CARD"),
    "454359": ("Türkiye İş Bankası", "VISA", "Maximum", "CREDIT_CARD"),
    "411111": ("Sandbox Bank", "VISA", "Sandbox", "CREDIT_CARD"),
}


def luhn_valid(number: str) -> bool:
    if not number.isdigit() or not 12 <= len(number) <= 19:
        return False
    total = 0
    for index, digit in enumerate(reversed(number)):
        value = int(digit)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0
