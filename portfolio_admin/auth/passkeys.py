"""Passkeys (WebAuthn) with py_webauthn: the options a browser is handed and the checks of
what it sends back. The relying party is this site: its ID is the host the admin is
reached at (or ``WEBAUTHN_RP_ID``), and the browser's origin must be this site's.

Nothing here writes to the database; ``services.passkeys`` does.
"""

import json
from contextlib import contextmanager
from dataclasses import dataclass

from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from portfolio_admin.models import User

RP_NAME = "Portfolio Admin"


class PasskeyRefused(ValueError):
    """What the browser sent is not a valid answer to the challenge."""


@dataclass(frozen=True)
class RelyingParty:
    """Who passkeys are made for: the RP ID (a domain) and the origin to expect."""

    id: str
    origin: str


@dataclass(frozen=True)
class NewCredential:
    """A verified registration: what is stored for the passkey."""

    credential_id: str  # base64url
    public_key: bytes
    sign_count: int


@contextmanager
def _refusing():
    """Whatever py_webauthn finds wrong with an answer (or cannot parse) is a refusal."""
    try:
        yield
    except (WebAuthnException, ValueError, TypeError, KeyError) as exc:
        raise PasskeyRefused(str(exc)) from exc


def _descriptors(credential_ids) -> list[PublicKeyCredentialDescriptor]:
    return [PublicKeyCredentialDescriptor(id=base64url_to_bytes(c)) for c in credential_ids]


def registration_options(user: User, rp: RelyingParty, existing_ids) -> tuple[str, str]:
    """The JSON options for ``navigator.credentials.create`` and their challenge
    (base64url). Passkeys are discoverable, so they also sign in without a username."""
    options = generate_registration_options(
        rp_id=rp.id,
        rp_name=RP_NAME,
        user_id=str(user.id).encode(),
        user_name=user.username,
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
        exclude_credentials=_descriptors(existing_ids),
    )
    return options_to_json(options), bytes_to_base64url(options.challenge)


def verify_registration(credential, challenge: str, rp: RelyingParty) -> NewCredential:
    """Check the browser's answer to ``registration_options``."""
    with _refusing():
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
        )
    return NewCredential(
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )


def authentication_options(rp: RelyingParty, allowed_ids=()) -> tuple[str, str]:
    """The JSON options for ``navigator.credentials.get`` and their challenge. Without
    ``allowed_ids`` any passkey of this site may answer (password-less sign-in)."""
    options = generate_authentication_options(
        rp_id=rp.id,
        allow_credentials=_descriptors(allowed_ids),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    return options_to_json(options), bytes_to_base64url(options.challenge)


def credential_id(credential) -> str | None:
    """The credential id the browser's answer names, to find its passkey by."""
    if isinstance(credential, str):
        try:
            credential = json.loads(credential)
        except ValueError:
            return None
    found = credential.get("id") if isinstance(credential, dict) else None
    return found if isinstance(found, str) and 0 < len(found) <= 1400 else None


def verify_authentication(
    credential,
    challenge: str,
    rp: RelyingParty,
    *,
    public_key: bytes,
    sign_count: int,
    user_verified: bool,
) -> int:
    """Check the browser's answer to ``authentication_options`` against the stored
    passkey; returns the new signature count. ``user_verified``: the authenticator must
    have checked who holds it (a PIN, a fingerprint), as a passkey alone replaces the
    password and the second factor."""
    with _refusing():
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp.id,
            expected_origin=rp.origin,
            credential_public_key=public_key,
            credential_current_sign_count=sign_count,
            require_user_verification=user_verified,
        )
    return verified.new_sign_count
