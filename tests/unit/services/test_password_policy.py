"""The password policy: length, the 10,000 most common passwords, and the account's own email."""

from __future__ import annotations

import pytest

from pdflet.errors import InvalidRequest
from pdflet.services.password_policy import COMMON_PASSWORDS, common_passwords, validate_password


@pytest.mark.parametrize("password", ["12345678", "password", "Password", "PASSWORD1", "iloveyou", "qwertyuiop",
                                      "sunshine", "football", "lizaveta"])
def test_common_passwords_are_refused(password):
    with pytest.raises(InvalidRequest, match="most common"):
        validate_password(password, "someone@example.com")


@pytest.mark.parametrize("password", ["jane.doe@example.com!", "my JANE.DOE password", "xx-jane.doe-2024"])
def test_passwords_built_on_the_email_are_refused(password):
    with pytest.raises(InvalidRequest, match="email"):
        validate_password(password, "Jane.Doe@example.com")


def test_a_short_local_part_does_not_ban_everything():
    assert validate_password("a violet tractor sings", "jo@example.com")


@pytest.mark.parametrize("password", ["short", "", None, 12345678, "x" * 1025])
def test_length_and_type(password):
    with pytest.raises(InvalidRequest):
        validate_password(password)


def test_good_passwords_pass():
    assert validate_password("correct horse battery staple", "user@example.com")
    assert validate_password("s3cret-password", "admin@example.com")


def test_the_bundled_list_and_its_licence_note():
    assert len(common_passwords()) == 10_000
    readme = (COMMON_PASSWORDS.parent / "README.md").read_text()
    assert "MIT" in readme and "zxcvbn" in readme
