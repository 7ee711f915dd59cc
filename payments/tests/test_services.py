"""Payout profiles through their services and selectors: validation, encryption at rest, what
verifies a seller (KPS for people, staff for companies), retries, the iyzico data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from marketplace.errors import DomainError
from marketplace.tests.factories import UserFactory
from payments.models import IdentityStatus, PayoutProfile
from payments.selectors import (
    payout_profile_for_user,
    payout_profile_sub_merchant_data,
    seller_verified_ids,
)
from payments.services import (
    payout_profile_business_verify,
    payout_profile_identity_check,
    payout_profile_save,
    payout_profile_sub_merchant_key_set,
    payout_profiles_keys_rotate,
    payout_profiles_pending_check,
)
from payments.tests.factories import (
    COMPANY,
    IBAN,
    INDIVIDUAL,
    KPS_PERSON,
    OTHER_TCKN,
    SOLE_PROPRIETOR,
    TCKN,
    VKN,
    make_profile,
)
from payments.tests.kps_server import KpsServer

pytestmark = pytest.mark.django_db


def refused(user: Any, **changes: Any) -> DomainError:
    with pytest.raises(DomainError) as caught:
        payout_profile_save(user=user, data={**INDIVIDUAL, **changes})
    return caught.value


# --- Validation -------------------------------------------------------------------------------
def test_a_wrong_tckn_checksum_is_invalid_tckn_in_turkish(user) -> None:
    error = refused(user, tckn="10000000147")
    assert error.code == "INVALID_TCKN"
    assert error.details == {"tckn": ["Geçersiz T.C. kimlik numarası"]}
    assert not PayoutProfile.objects.exists()


@pytest.mark.parametrize("iban", ["TR330006100519786457841327", "DE89370400440532013000", "TR33"])
def test_a_wrong_or_foreign_iban_is_invalid_iban(user, iban: str) -> None:
    assert refused(user, iban=iban).code == "INVALID_IBAN"


def test_a_wrong_vkn_is_invalid_vkn(user) -> None:
    with pytest.raises(DomainError) as caught:
        payout_profile_save(user=user, data={**COMPANY, "vkn": "4540536921"})
    assert caught.value.code == "INVALID_VKN"


def test_every_problem_is_reported_at_once_with_the_first_fields_code(user) -> None:
    error = refused(user, tckn="1", iban="x", city="Atlantis", first_name="", birth_year="85")
    assert error.code == "INVALID_TCKN"
    assert set(error.details or {}) == {"tckn", "iban", "city", "first_name", "birth_year"}


def test_an_individual_cannot_claim_a_company_type(user) -> None:
    error = refused(user, sub_merchant_type="PRIVATE_COMPANY")
    assert error.code == "VALIDATION_ERROR"
    assert "sub_merchant_type" in (error.details or {})


def test_a_nul_byte_is_refused_not_a_crash(user) -> None:
    assert refused(user, address="Atatürk Cad.\x00 No: 12").code == "VALIDATION_ERROR"


# --- Encryption at rest and masking -----------------------------------------------------------
def test_identity_data_is_encrypted_at_rest_and_shown_masked(user) -> None:
    profile = make_profile(user=user)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM payments_payoutprofile")
        row = " ".join(str(value) for value in cursor.fetchone())
    for secret in (TCKN, IBAN, "1985", TCKN[-4:] + "'"):
        assert secret not in row
    view = payout_profile_for_user(user=user)
    assert view is not None
    assert view.tckn_masked == "*******0146"
    assert view.iban_masked == "TR** **** **** **** **** **** 1326"
    assert view.birth_year_entered is True
    assert (profile.city, view.first_name) == ("Ankara", "ışık")


def test_the_ciphertext_is_bound_to_its_user(user, other_user) -> None:
    mine = make_profile(user=user)
    theirs = make_profile(user=other_user, tckn=OTHER_TCKN)
    PayoutProfile.objects.filter(pk=theirs.pk).update(identity_encrypted=mine.identity_encrypted)
    view = payout_profile_for_user(user=other_user)
    assert view is not None
    assert view.tckn_masked is None


def test_blank_secrets_keep_the_saved_ones(user) -> None:
    make_profile(user=user)
    payout_profile_save(
        user=user, data={**INDIVIDUAL, "tckn": "", "iban": "", "birth_year": "", "city": "İzmir"}
    )
    data = payout_profile_sub_merchant_data(user_id=user.pk)
    assert (data.identity_number, data.iban) == (TCKN, IBAN)
    assert data.address.endswith(", İzmir")


def test_keys_rotate_to_the_current_key(user, settings) -> None:
    settings.INTEGRATIONS_ENCRYPTION_KEYS = [("old", "old-secret")]
    make_profile(user=user)
    settings.INTEGRATIONS_ENCRYPTION_KEYS = [("new", "new-secret"), ("old", "old-secret")]
    assert payout_profiles_keys_rotate() == 1
    assert payout_profiles_keys_rotate() == 0
    settings.INTEGRATIONS_ENCRYPTION_KEYS = [("new", "new-secret")]
    assert payout_profile_sub_merchant_data(user_id=user.pk).identity_number == TCKN


# --- What verifies a seller -------------------------------------------------------------------
def test_without_kps_an_individual_is_saved_but_not_verified(user) -> None:
    profile = make_profile(user=user)
    assert profile.identity_status == IdentityStatus.UNVERIFIED
    assert seller_verified_ids(user_ids=[user.pk]) == set()


def test_kps_yes_verifies_the_individual(user, kps: KpsServer) -> None:
    kps.people.add(KPS_PERSON)
    profile = make_profile(user=user)
    assert profile.identity_status == IdentityStatus.VERIFIED
    assert seller_verified_ids(user_ids=[user.pk, UserFactory.create().pk]) == {user.pk}
    # Saving again with the same identity does not ask KPS again; changing the name does.
    make_profile(user=user, address="Kızılay Meydanı No: 1, Çankaya")
    assert len(kps.requests) == 1
    with pytest.raises(DomainError):
        make_profile(user=user, last_name="Ince")  # KPS compares "INCE" with "İNCE": a no
    assert PayoutProfile.objects.get(user=user).identity_status == IdentityStatus.VERIFIED


def test_kps_no_refuses_the_save(user, kps: KpsServer) -> None:
    error = refused(user, birth_year=1990)
    assert error.code == "IDENTITY_NOT_VERIFIED"
    assert "tckn" in (error.details or {})
    assert not PayoutProfile.objects.exists()


def test_a_kps_outage_keeps_the_profile_pending_and_the_sweep_verifies_it_later(
    user, kps: KpsServer
) -> None:
    kps.mode = "fault"
    profile = make_profile(user=user)
    assert profile.identity_status == IdentityStatus.PENDING
    assert profile.identity_next_check_at is not None
    assert payout_profiles_pending_check() == 0  # not due yet

    PayoutProfile.objects.filter(pk=profile.pk).update(identity_next_check_at=timezone.now())
    assert payout_profiles_pending_check() == 1
    profile.refresh_from_db()
    assert (profile.identity_status, profile.identity_check_attempts) == ("pending", 1)

    kps.mode = "answer"
    kps.people.add(KPS_PERSON)
    PayoutProfile.objects.filter(pk=profile.pk).update(identity_next_check_at=timezone.now())
    assert payout_profiles_pending_check() == 1
    profile.refresh_from_db()
    assert profile.identity_status == IdentityStatus.VERIFIED
    assert profile.identity_verified_at is not None


def test_the_retries_stop_at_the_limit(user, kps: KpsServer, settings) -> None:
    settings.KPS_RETRY_MAX = 2
    kps.mode = "html"
    profile = make_profile(user=user)
    for _attempt in range(2):
        payout_profile_identity_check(profile_id=profile.pk)
    profile.refresh_from_db()
    assert profile.identity_status == IdentityStatus.UNVERIFIED
    assert profile.identity_next_check_at is None
    assert payout_profile_identity_check(profile_id=profile.pk) == "unverified"  # left alone


def test_a_later_no_marks_the_profile_rejected(user, kps: KpsServer) -> None:
    kps.mode = "fault"
    profile = make_profile(user=user)
    kps.mode = "answer"  # the register does not know this person
    assert payout_profile_identity_check(profile_id=profile.pk) == "rejected"
    assert seller_verified_ids(user_ids=[user.pk]) == set()


def test_a_sole_proprietor_is_checked_through_the_owners_tckn(user, kps: KpsServer) -> None:
    kps.people.add((int(OTHER_TCKN), "MEHMET", "DEMİR", 1979))
    profile = payout_profile_save(user=user, data=SOLE_PROPRIETOR)
    assert profile.identity_status == IdentityStatus.VERIFIED
    data = payout_profile_sub_merchant_data(user_id=user.pk)
    assert (data.identity_number, data.tax_number) == (OTHER_TCKN, VKN)


def test_a_company_is_not_checked_by_kps_but_verified_by_staff(
    user, staff_user, kps: KpsServer
) -> None:
    profile = payout_profile_save(user=user, data=COMPANY)
    assert profile.identity_status == IdentityStatus.UNVERIFIED
    assert kps.requests == []
    payout_profile_business_verify(profile_id=profile.pk, staff=staff_user)
    assert seller_verified_ids(user_ids=[user.pk]) == {user.pk}
    # A new VKN is a new company: verified again only by staff.
    payout_profile_save(user=user, data={**COMPANY, "vkn": "1234567890"})
    assert seller_verified_ids(user_ids=[user.pk]) == set()


def test_staff_cannot_verify_a_person_by_hand(user, staff_user) -> None:
    profile = make_profile(user=user)
    with pytest.raises(DomainError):
        payout_profile_business_verify(profile_id=profile.pk, staff=staff_user)


# --- What the iyzico adapter gets -------------------------------------------------------------
def test_sub_merchant_data_for_an_individual(user) -> None:
    user.phone = "+905321234567"
    user.save(update_fields=["phone"])
    profile = make_profile(user=user)
    data = payout_profile_sub_merchant_data(user_id=user.pk)
    assert data.iyzico_fields() == {
        "subMerchantExternalId": str(user.pk),
        "subMerchantType": "PERSONAL",
        "name": "ışık ince",
        "email": user.email,
        "gsmNumber": "+905321234567",
        "address": "Atatürk Cad. No: 12 Daire 3, Çankaya, Ankara",
        "iban": IBAN,
        "contactName": "ışık",
        "contactSurname": "ince",
        "identityNumber": TCKN,
    }
    payout_profile_sub_merchant_key_set(profile_id=profile.pk, key="//1GpuCHXkofxapmacyoimf6u/o=")
    assert payout_profile_sub_merchant_data(user_id=user.pk).iyzico_fields()["subMerchantKey"] == (
        "//1GpuCHXkofxapmacyoimf6u/o="
    )


def test_sub_merchant_data_for_a_company_and_a_type_change_drops_the_tckn(user) -> None:
    make_profile(user=user)
    payout_profile_save(user=user, data=COMPANY)
    fields = payout_profile_sub_merchant_data(user_id=user.pk).iyzico_fields()
    assert fields["subMerchantType"] == "LIMITED_OR_JOINT_STOCK_COMPANY"
    assert (fields["name"], fields["taxNumber"], fields["taxOffice"]) == (
        "Demir Oto Yedek Parça Ltd. Şti.",
        VKN,
        "Kadıköy",
    )
    assert "identityNumber" not in fields


def test_no_profile_is_payout_profile_not_found(user) -> None:
    with pytest.raises(DomainError) as caught:
        payout_profile_sub_merchant_data(user_id=user.pk)
    assert caught.value.code == "PAYOUT_PROFILE_NOT_FOUND"


def test_the_pending_check_is_after_the_backoff(user, kps: KpsServer, settings) -> None:
    settings.KPS_RETRY_BASE_SECONDS = 600
    kps.mode = "fault"
    profile = make_profile(user=user)
    assert profile.identity_next_check_at is not None
    wait = profile.identity_next_check_at - timezone.now()
    assert timedelta(seconds=500) < wait < timedelta(seconds=700)
