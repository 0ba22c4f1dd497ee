"""The handoff's processes: each stage's emails with the right content, once; the window and call timers; routing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.handoff import DataChanges, Handoff, OutstandingItem, Stage, SupportPlan
from domain.handoff.templates.commands import TemplateCommands
from domain.handoff.templates.defaults import Template, TemplateName
from domain.tickets.ownership import Side
from processes.handoff.flow import CALL_REMINDER, WINDOW
from processes.handoff.routing import HandoffStaffRouting
from tests.builders import T0
from tests.unit.handoff.rig import Rig
from tests.unit.handoff.world import World

SUPPORT = "support@baton.local"


@pytest.fixture
def rig(world: World) -> Rig:
    return Rig(world)


def handed_off(rig: Rig) -> None:
    rig.world.to_stage(Stage.LAUNCHED)
    rig.world.for_handoff()
    admin = rig.world.as_("admin", 5)
    rig.handoffs.hand_off(admin, rig.world.project_id, rig.world.evidence(), override_reason="Test")


def test_client_trained_emails_the_queue_the_table_and_the_client_the_introduction_when_reached(rig: Rig) -> None:
    rig.world.fill(DataChanges(region="Oregon"))
    rig.world.to_stage(Stage.CLIENT_TRAINED)
    rig.run()
    queued, notice = rig.email("handoff.client_trained")
    assert queued.to == "queue@agency.example"
    assert notice["Subject"] == "Client trained: Stone & Co"
    body = notice.get_content()
    assert "Region:                 Oregon" in body and "Live site:              (not known yet)" in body
    assert "Authorised contacts:    Alex Client <alex@client.example> (+1 555 0100)" in body
    queued, intro = rig.email("handoff.support_introduction")
    assert (queued.to, intro["Cc"]) == ("alex@client.example", SUPPORT)
    assert intro.get_content().startswith("Hello Alex,")
    assert "- Reporting a bug: your project manager" in intro.get_content()
    assert "Manager" in intro.get_content()  # signed by the project manager


def test_reacting_again_queues_no_second_email_when_the_log_is_replayed(rig: Rig) -> None:
    rig.world.to_stage(Stage.LAUNCHED)
    rig.run()
    before = [e.id for e in rig.emails()]
    rig.replay()
    assert [e.id for e in rig.emails()] == before
    assert len(before) == 3


def test_the_launch_notice_names_what_the_pm_keeps_when_launched(rig: Rig) -> None:
    rig.world.fill(DataChanges(pm_outstanding=(OutstandingItem("Events calendar import", ("calendar",)),)))
    rig.world.to_stage(Stage.LAUNCHED)
    rig.run()
    _, notice = rig.email("handoff.launched")
    assert "Launch date:            2 March 2026" in notice.get_content()
    assert "still works with the client on:\n- Events calendar import" in notice.get_content()


def test_handing_off_emails_the_transition_and_sets_the_window_timer_when_handed_off(rig: Rig) -> None:
    handed_off(rig)
    rig.run()
    queued, transition = rig.email("handoff.transition")
    assert (queued.to, transition["Cc"]) == ("alex@client.example", SUPPORT)
    assert "Your plan includes 10 hours of support a month." in transition.get_content()
    assert "until 1 April 2026" in transition.get_content()
    assert rig.deadlines.scheduled[(WINDOW, str(rig.world.project_id))] == T0 + timedelta(days=30, minutes=5)
    window = rig.due(WINDOW)
    rig.fire(window)
    rig.fire(window)  # a second firing of the same occurrence changes nothing
    closed = [e for e in rig.world.agency.events_since(0) if isinstance(e, Handoff.WindowClosed)]
    assert len(closed) == 1


def test_an_email_keeps_the_wording_it_was_queued_with_when_the_template_is_edited_later(rig: Rig) -> None:
    templates = TemplateCommands(rig.world.app)
    admin = rig.world.as_("admin")
    templates.edit(admin, TemplateName.CLIENT_TRAINED, Template("Trained: {{ client.name }}", "Trained."))
    rig.world.to_stage(Stage.CLIENT_TRAINED)
    rig.run()
    templates.edit(admin, TemplateName.CLIENT_TRAINED, Template("Changed: {{ client.name }}", "Changed."))
    _, notice = rig.email("handoff.client_trained")
    assert notice["Subject"] == "Trained: Stone & Co"


def test_the_monthly_call_reminder_asks_for_a_topic_once_and_books_the_next_when_it_fires(rig: Rig) -> None:
    handed_off(rig)
    rig.world.fill(DataChanges(support_plan=SupportPlan.ENTERPRISE))
    rig.handoffs.plan_monthly_calls(rig.world.as_("lead"), rig.world.project_id, date(2026, 3, 31), reminder_days=3)
    rig.run()
    subject = str(rig.world.project_id)
    assert rig.deadlines.scheduled[(CALL_REMINDER, subject)] == T0.replace(day=28)
    reminder_due = rig.due(CALL_REMINDER)
    rig.fire(reminder_due)
    rig.fire(reminder_due, T0.replace(day=28, hour=10))  # again after a crash: no second email or record
    _, reminder = rig.email("handoff.monthly_call_reminder")
    assert reminder["Subject"] == "A topic for our call on 31 March 2026?"
    assert rig.handoffs.get(rig.world.project_id).call_reminders.keys() == {"2026-03-31"}
    assert rig.deadlines.data[(CALL_REMINDER, subject)] == {"call_on": "2026-04-30"}


def test_tickets_are_not_routed_when_the_client_is_not_trained_yet(rig: Rig) -> None:
    ticket_id = rig.ticket("The contact form is broken", "error on send")
    rig.run()
    assert rig.owners.of(ticket_id) is None


def test_a_bug_goes_to_the_pm_before_launch_and_the_same_topic_to_support_after_handoff_when_routed(rig: Rig) -> None:
    rig.world.to_stage(Stage.CLIENT_TRAINED)
    before = rig.ticket("The contact form is broken", "It shows an error", minutes=10)
    how_to = rig.ticket("Question", "How do I add a news item?", minutes=11)
    rig.run()
    assert (rig.owners.of(before).side, rig.owners.of(before).topic) == ("project_manager", "bug_reports")  # type: ignore[union-attr]
    assert rig.owners.of(how_to).side == "support"  # type: ignore[union-attr]
    handed_off(rig)
    after = rig.ticket("The contact form is broken", "It shows an error", minutes=60)
    rig.run()
    assert rig.owners.of(after).side == "support"  # type: ignore[union-attr]


def test_the_client_chosen_topic_and_the_pms_items_decide_the_side_when_given(rig: Rig) -> None:
    rig.world.fill(DataChanges(pm_outstanding=(OutstandingItem("Events calendar import", ("calendar",)),)))
    handed_off(rig)
    chosen = rig.ticket("Question", "Anything", minutes=10, category="design_changes")
    calendar = rig.ticket("The calendar shows nothing", "", minutes=11)
    rig.run()
    assert (rig.owners.of(chosen).side, rig.owners.of(chosen).topic) == ("support", "design_changes")  # type: ignore[union-attr]
    assert rig.owners.of(calendar).side == "project_manager"  # type: ignore[union-attr]


def test_a_design_change_is_flagged_a_change_order_when_asked_after_the_window(rig: Rig) -> None:
    handed_off(rig)
    late = rig.ticket("New look", "Please change the logo and colours", minutes=60 * 24 * 31)
    rig.run()
    ownership = rig.owners.of(late)
    assert ownership is not None and (ownership.side, ownership.change_order) == ("support", True)


def test_a_ticket_handed_across_by_a_person_stays_where_they_put_it_when_routing_runs_again(rig: Rig) -> None:
    rig.world.to_stage(Stage.CLIENT_TRAINED)
    ticket_id = rig.ticket("Bug", "an error", minutes=10)
    rig.run()
    rig.owners.hand_across(rig.world.as_("lead", 11), ticket_id, Side.SUPPORT, "How-to, really")
    rig.replay()
    assert rig.owners.of(ticket_id).side == "support"  # type: ignore[union-attr]


def test_the_pm_hears_of_a_ticket_on_their_side_and_the_owner_of_a_claimed_one_when_notified(rig: Rig) -> None:
    rig.world.to_stage(Stage.CLIENT_TRAINED)
    ticket_id = rig.ticket("Bug", "an error", minutes=10)
    staff = HandoffStaffRouting(rig.owners, rig.router)
    ticket = rig.handoffs.load(__import__("domain.tickets", fromlist=["Ticket"]).Ticket, ticket_id)
    manager = str(rig.world.agency.ids["manager"])
    assert staff.staff_for(ticket, "opened") == ([manager], False)  # decided before the routing ran
    rig.run()
    assert staff.staff_for(ticket, "opened") == ([manager], False)
    rig.owners.claim(rig.world.as_("lead", 12), ticket_id, Side.SUPPORT)
    assert staff.staff_for(ticket, "client_message") == ([str(rig.world.agency.ids["lead"])], False)


def test_a_ticket_from_someone_not_authorised_is_flagged_when_opened_after_handoff(rig: Rig) -> None:
    from domain.context import Actor, CommandContext
    from domain.tickets import NewTicket, Requester, RequesterKind
    from domain.tickets.commands import TicketCommands
    from domain.users import Invitation, Role

    handed_off(rig)
    users, world = rig.world.agency.users, rig.world
    setup = CommandContext(actor=Actor.system("setup"), now=T0)
    alex = users.invite(setup, Invitation("alex@client.example", "Alex", Role.CLIENT, world.client_id)).id
    users.accept_invitation(setup, alex, 1)
    as_alex = CommandContext(actor=Actor.user(alex, "client"), now=T0 + timedelta(minutes=20))
    opened = TicketCommands(world.app).open(
        as_alex, NewTicket("Question", world.client_id, Requester(RequesterKind.CLIENT_USER, str(alex)), "How do I?")
    )
    stranger = rig.ticket("Question", "How do I?", minutes=21)  # a contact Baton has no address for
    rig.run()
    assert opened is not None
    reasons = {e.originator_id: e.reason for e in world.agency.events_since(0) if type(e).__name__ == "Routed"}
    owners = {opened.id: rig.owners.of(opened.id).id, stranger: rig.owners.of(stranger).id}  # type: ignore[union-attr]
    assert "authorised contacts" not in reasons[owners[opened.id]]
    assert "not one of the client's authorised contacts" in reasons[owners[stranger]]
    assert rig.owners.of(stranger).reason == reasons[owners[stranger]]  # type: ignore[union-attr]
