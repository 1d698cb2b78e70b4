"""Links that let a person choose a password: Django's signed, single-use tokens.

A token signs the account's password hash and last login, so it stops working as soon as a
password is chosen or the person logs in. Forgotten-password links use Django's
``default_token_generator`` (valid ``PASSWORD_RESET_TIMEOUT``); invitations from a
workspace's admin use :data:`invitation_tokens`, with their own key salt (a reset link
cannot pass for an invitation) and a validity of ``INVITATION_DAYS``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "foretagsklimat.apps.accounts.tokens.InvitationTokenGenerator"

    @property
    def timeout(self) -> int:
        return int(settings.INVITATION_DAYS) * 24 * 60 * 60

    def check_token(self, user: Any, token: str | None) -> bool:
        # Django's check with the invitation's validity instead of PASSWORD_RESET_TIMEOUT.
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        return (self._num_seconds(self._now()) - ts) <= self.timeout


invitation_tokens = InvitationTokenGenerator()


def invitation_url(user: Any) -> str:
    """The absolute address of the page where an invited person chooses a password."""
    path = reverse(
        "accounts:set_password",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"
