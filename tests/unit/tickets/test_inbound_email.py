"""Routing inbound email: reply tokens in the address, and the new text of a reply."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.tickets.inbound import (
    reply_address,
    reply_token,
    ticket_from_address,
    ticket_from_recipients,
    ticket_from_token,
    ticket_id_for_message,
)
from domain.tickets.quoted_text import REPLY_ABOVE, strip_quoted_reply

SECRET = b"s" * 32
OLD_SECRET = b"o" * 32
DESK = "support@desk.example"
TICKET = UUID("6f1c2a7e-5b0d-4c43-9a57-2f1e0c9b8d11")


@given(st.uuids())
def test_token_names_its_ticket_when_made_with_the_same_secret(ticket_id: UUID) -> None:
    assert ticket_from_token(reply_token(ticket_id, SECRET), [SECRET]) == ticket_id


def test_token_is_refused_when_made_with_another_secret() -> None:
    assert ticket_from_token(reply_token(TICKET, b"x" * 32), [SECRET]) is None


def test_token_keeps_working_when_the_secret_was_rotated_and_the_old_one_is_still_listed() -> None:
    token = reply_token(TICKET, OLD_SECRET)
    assert ticket_from_token(token, [SECRET, OLD_SECRET]) == TICKET
    assert ticket_from_token(token, [SECRET]) is None


def test_token_cannot_be_pointed_at_another_ticket_when_its_id_part_is_changed() -> None:
    token = reply_token(TICKET, SECRET)
    other = reply_token(uuid4(), SECRET)
    forged = other[:26] + token[26:]  # another ticket's id with this ticket's signature
    assert ticket_from_token(forged, [SECRET]) is None


@given(
    ticket_id=st.uuids(), position=st.integers(0, 41), replacement=st.sampled_from("abcdefghijklmnopqrstuvwxyz234567")
)
def test_token_is_refused_when_any_character_is_altered(ticket_id: UUID, position: int, replacement: str) -> None:
    token = reply_token(ticket_id, SECRET)
    altered = token[:position] + replacement + token[position + 1 :]
    assert ticket_from_token(altered, [SECRET]) == (ticket_id if altered == token else None)


@pytest.mark.parametrize("token", ["", "short", "0" * 42, "!" * 42, TICKET.hex])
def test_token_is_refused_when_it_is_not_a_token(token: str) -> None:
    assert ticket_from_token(token, [SECRET]) is None


def test_token_is_not_the_ticket_id_when_written_into_an_address() -> None:
    address = reply_address(TICKET, DESK, SECRET)
    assert TICKET.hex not in address and str(TICKET) not in address
    local, _, domain = address.partition("@")
    assert domain == "desk.example" and local.startswith("support+") and len(local) <= 64


def test_short_secret_is_refused_when_making_tokens() -> None:
    with pytest.raises(ValueError, match="at least 16 bytes"):
        reply_token(TICKET, b"short")


@pytest.mark.parametrize(
    "shape",
    [
        "{address}",
        "Acme Support <{address}>",
        '"Support, Acme" <{address}>',
        "{upper}",
    ],
)
def test_address_names_the_ticket_when_it_is_the_desks_reply_address_in_any_common_form(shape: str) -> None:
    address = reply_address(TICKET, DESK, SECRET)
    assert ticket_from_address(shape.format(address=address, upper=address.upper()), DESK, [SECRET]) == TICKET


@pytest.mark.parametrize(
    "address",
    [
        DESK,
        "support+@desk.example",
        "sales+{token}@desk.example",
        "support+{token}@other.example",
        "not an address",
    ],
)
def test_address_names_no_ticket_when_it_is_not_a_signed_reply_address(address: str) -> None:
    token = reply_token(TICKET, SECRET)
    assert ticket_from_address(address.format(token=token), DESK, [SECRET]) is None


def test_first_signed_recipient_names_the_ticket_when_the_mail_has_several() -> None:
    recipients = ["someone@client.example", reply_address(TICKET, DESK, SECRET), DESK]
    assert ticket_from_recipients(recipients, DESK, [SECRET]) == TICKET
    assert ticket_from_recipients(["someone@client.example"], DESK, [SECRET]) is None


def test_message_id_gives_the_same_ticket_id_when_written_with_or_without_brackets() -> None:
    assert ticket_id_for_message("<a1@mail.example>") == ticket_id_for_message(" a1@mail.example ")
    assert ticket_id_for_message("<a1@mail.example>") != ticket_id_for_message("<a2@mail.example>")


QUOTED = [
    (
        "Thanks, that fixed it.\n\nOn Mon, 2 Mar 2026 at 10:00, Acme Support <support@desk.example> wrote:\n> Try again now.\n",
        "Thanks, that fixed it.",
    ),
    (
        "Still broken.\n\nOn Mon, 2 Mar 2026 at 10:00, Acme Support <support+abc@desk.example>\nwrote:\n> Try again.\n",
        "Still broken.",
    ),
    ("Obrigado!\n\nEm seg., 2/03/2026 às 10:00, Suporte escreveu:\n> Já está.\n", "Obrigado!"),
    (f"Yes please.\n{REPLY_ABOVE}\nYour ticket was answered.\n", "Yes please."),
    ("Done\r\n\r\n-----Original Message-----\r\nFrom: Support\r\nSent: Monday\r\n", "Done"),
    ("Ok\n________________________________\nFrom: Support <s@d>\nSent: Monday\nTo: me\n", "Ok"),
    ("Ok\n\nFrom: Support <s@d>\nSent: Monday, 2 March 2026 10:00\nSubject: Re: help\n\nquoted", "Ok"),
    (
        "Answer one\n> question two?\nAnswer two\n\n> sign-off quoted\n> more\n",
        "Answer one\n> question two?\nAnswer two",
    ),
    ("Just text, nothing quoted.\nFrom: my desk I see it.", "Just text, nothing quoted.\nFrom: my desk I see it."),
    ("> all quoted\n> nothing new\n", ""),
]


@pytest.mark.parametrize(("body", "expected"), QUOTED)
def test_reply_keeps_only_the_new_text_when_the_mail_program_quoted_the_earlier_mail(body: str, expected: str) -> None:
    assert strip_quoted_reply(body) == expected
