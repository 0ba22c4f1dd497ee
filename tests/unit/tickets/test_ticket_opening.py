"""Opening a ticket: by a client user, by staff on a client's behalf, by email; urgent categories."""

from __future__ import annotations

import pytest

from domain.errors import InvalidInput, NotPermitted
from domain.tickets import NewTicket, Priority, Requester, RequesterKind, Ticket, UrgentCategory
from domain.tickets.inbound import ticket_id_for_message
from domain.tickets.policy_commands import UrgentCategoryCommands
from domain.users import Role
from tests.unit.tickets.builders import CLIENT, MAILBOX, OTHER_CLIENT, Desk, at


def opened(desk: Desk, ticket_id: object) -> Ticket.Opened:
    event = list(desk.app.events.get(ticket_id))[0]  # type: ignore[arg-type]
    assert isinstance(event, Ticket.Opened)
    return event


def test_client_user_opens_a_ticket_in_the_portal_when_for_their_organisation(desk: Desk) -> None:
    ticket_id = desk.open(subject="  Wrong   address on invoice ", project_id="project-7")
    ticket, event = desk.get(ticket_id), opened(desk, ticket_id)
    assert (ticket.subject, ticket.client_id, ticket.project_id) == ("Wrong address on invoice", CLIENT, "project-7")
    assert (event.channel, event.requester_kind, event.requester_id) == ("portal", "client_user", desk.client.id)
    assert ticket.priority is Priority.NORMAL and ticket.opened_at == ticket.last_activity_at


def test_staff_open_a_ticket_for_a_contact_when_acting_on_the_clients_behalf(desk: Desk) -> None:
    ticket_id = desk.open(desk.agent, priority=Priority.HIGH)
    event = opened(desk, ticket_id)
    assert (event.channel, event.requester_kind, event.priority) == ("staff", "contact", "high")


def test_email_opens_one_ticket_when_the_same_message_arrives_twice(desk: Desk) -> None:
    new = NewTicket(
        subject="Question",
        client_id=CLIENT,
        requester=Requester(RequesterKind.CONTACT, "contact-1"),
        message="Hello",
        message_id="<abc@mail.example>",
    )
    first = desk.tickets.open(at(MAILBOX), new)
    assert first is not None and first.id == ticket_id_for_message("<abc@mail.example>")
    assert desk.tickets.open(at(MAILBOX, 1), new) is None
    assert opened(desk, first.id).channel == "email"


def test_client_user_may_not_open_a_ticket_when_for_another_organisation(desk: Desk) -> None:
    with pytest.raises(NotPermitted, match="own organisation"):
        desk.open(client_id=OTHER_CLIENT)


def test_client_user_may_not_open_a_ticket_when_naming_someone_else_as_requester(desk: Desk) -> None:
    with pytest.raises(NotPermitted, match="own name"):
        desk.open(requester=Requester(RequesterKind.CONTACT, "contact-1"))


def test_deactivated_client_user_may_not_open_a_ticket_when_their_account_is_off(desk: Desk) -> None:
    from uuid import UUID

    from domain.context import Actor

    desk.users.deactivate(at(Actor.system()), UUID(desk.client.id))
    with pytest.raises(NotPermitted):
        desk.open()


@pytest.mark.parametrize("subject", ["", "   ", "x" * 201])
def test_ticket_is_refused_when_the_subject_is_blank_or_too_long(desk: Desk, subject: str) -> None:
    with pytest.raises(InvalidInput, match="subject"):
        desk.open(subject=subject)


@pytest.mark.parametrize(
    ("subject", "message", "category", "phrase"),
    [
        ("Checkout not working", "", "checkout", "checkout not working"),
        ("Help", "Since 9h our WEBSITE, is down!", "site-down", "website is down"),
        ("Pagamentos", "Os pagamentos a falhar desde ontem", "payments", "pagamentos a falhar"),
        ("Autenticação", "A autenticação não funciona", "login", "autenticação não funciona"),
    ],
)
def test_ticket_is_raised_to_urgent_with_the_match_recorded_when_its_text_names_an_urgent_problem(
    desk: Desk, subject: str, message: str, category: str, phrase: str
) -> None:
    ticket_id = desk.open(subject=subject, message=message, priority=Priority.LOW)
    event = opened(desk, ticket_id)
    assert desk.get(ticket_id).priority is Priority.URGENT
    assert (event.urgent_category, event.urgent_phrase) == (category, phrase)


def test_ticket_is_raised_to_urgent_when_the_client_chooses_an_urgent_category(desk: Desk) -> None:
    ticket_id = desk.open(subject="Something odd", category="Forms")
    assert desk.get(ticket_id).priority is Priority.URGENT
    assert (opened(desk, ticket_id).urgent_category, opened(desk, ticket_id).urgent_phrase) == ("forms", "")


@pytest.mark.parametrize("subject", ["Login page colour", "logins report", "Please add a checkout button"])
def test_ticket_keeps_its_priority_when_no_urgent_phrase_appears_as_whole_words(desk: Desk, subject: str) -> None:
    ticket_id = desk.open(subject=subject, priority=Priority.HIGH)
    assert desk.get(ticket_id).priority is Priority.HIGH
    assert opened(desk, ticket_id).urgent_category == ""


def test_client_may_not_choose_urgent_when_no_urgent_category_matches(desk: Desk) -> None:
    with pytest.raises(NotPermitted, match="urgent categories"):
        desk.open(subject="New logo", priority=Priority.URGENT)


def test_staff_may_choose_urgent_when_no_category_matches(desk: Desk) -> None:
    assert desk.get(desk.open(desk.agent, subject="New logo", priority=Priority.URGENT)).priority is Priority.URGENT


def test_edited_catalogue_decides_urgency_when_an_admin_added_a_category(desk: Desk) -> None:
    categories = UrgentCategoryCommands(desk.app)
    categories.save(at(desk.admin), UrgentCategory("dns", "DNS broken", ("dns not resolving",)))
    categories.remove(at(desk.admin), "checkout")
    assert desk.get(desk.open(subject="DNS not resolving")).priority is Priority.URGENT
    assert desk.get(desk.open(subject="Checkout not working")).priority is Priority.NORMAL


def test_catalogue_edits_are_refused_when_not_made_by_an_admin(desk: Desk) -> None:
    categories = UrgentCategoryCommands(desk.app)
    with pytest.raises(NotPermitted):
        categories.save(at(desk.agent), UrgentCategory("dns", "DNS broken", ("dns down",)))
    assert [c.key for c in categories.categories()][:2] == ["checkout", "email-delivery"]


@pytest.mark.parametrize(
    ("category", "complaint"),
    [
        (UrgentCategory("Bad Key!", "x", ("a",)), "category key"),
        (UrgentCategory("ok", " ", ("a",)), "label"),
        (UrgentCategory("ok", "OK", (" ", "!!")), "at least one phrase"),
    ],
)
def test_catalogue_refuses_a_category_when_it_is_malformed(
    desk: Desk, category: UrgentCategory, complaint: str
) -> None:
    with pytest.raises(InvalidInput, match=complaint):
        UrgentCategoryCommands(desk.app).save(at(desk.admin), category)


def test_catalogue_records_the_defaults_when_first_edited(desk: Desk) -> None:
    from domain.tickets.catalogue import CATALOGUE_ID, UrgentCatalogue
    from domain.tickets.urgency import DEFAULT_URGENT_CATEGORIES

    UrgentCategoryCommands(desk.app).save(at(desk.admin), UrgentCategory("dns", "DNS", ("dns down",)))
    started = list(desk.app.events.get(CATALOGUE_ID))[0]
    assert isinstance(started, UrgentCatalogue.Started)
    assert set(started.categories) == {c.key for c in DEFAULT_URGENT_CATEGORIES}


def test_client_role_needs_a_client_user_when_checked(desk: Desk) -> None:
    employee_as_client = desk.person(Role.EMPLOYEE)
    from domain.context import Actor

    pretender = Actor.user(employee_as_client.id, "client")
    with pytest.raises(NotPermitted):
        desk.open(pretender)


def test_email_opens_one_ticket_when_two_workers_record_it_at_the_same_moment(desk: Desk) -> None:
    new = NewTicket(
        subject="Question",
        client_id=CLIENT,
        requester=Requester(RequesterKind.CONTACT, "contact-1"),
        message_id="<race@mail.example>",
    )
    assert desk.tickets.open(at(MAILBOX), new) is not None
    real_find, calls = desk.tickets.find, []

    def find_missing_it_first(cls, aggregate_id):  # type: ignore[no-untyped-def]
        calls.append(aggregate_id)
        return None if len(calls) == 1 else real_find(cls, aggregate_id)  # the second worker looked too early

    desk.tickets.find = find_missing_it_first  # type: ignore[method-assign]
    assert desk.tickets.open(at(MAILBOX, 1), new) is None
    assert len(calls) == 2 and desk.get(ticket_id_for_message("<race@mail.example>")).version == 1


def test_priority_and_requester_kind_are_read_by_name_when_given_as_text(desk: Desk) -> None:
    requester = Requester("contact", "contact-1")  # type: ignore[arg-type]
    ticket_id = desk.open(desk.agent, requester=requester, priority="high")
    assert desk.get(ticket_id).priority is Priority.HIGH
    with pytest.raises(InvalidInput, match="not a priority"):
        desk.open(desk.agent, priority="asap")
    with pytest.raises(InvalidInput, match="kind of requester"):
        Requester("robot", "r-1")  # type: ignore[arg-type]
