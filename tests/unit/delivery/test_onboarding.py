"""The client onboarding checklist: each step ticked by the first event that proves it, with when and by whom."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID, uuid4

from domain.clients import NewContact
from domain.delivery.onboarding import Step, checklist, proof_of
from domain.projects import NewProject
from domain.tasks import NewTask
from domain.users import Invitation, Role
from tests.builders import T0
from tests.unit.delivery.agency import Agency


def onboard(agency: Agency, client_id: UUID, *, members: bool = True) -> UUID:
    """Walk Workflow 4 for ``client_id``, one step a minute; returns the project."""
    contact_id = uuid4()
    agency.clients.add_contact(
        agency.as_("admin", 1), client_id, NewContact("Blake", "b@stone.example"), contact_id=contact_id
    )
    agency.clients.invite_contact(agency.as_("admin", 2), client_id, contact_id)
    team = (agency.ids["member"],) if members else ()
    new = NewProject("Relaunch", client_id, agency.ids["manager"], member_ids=team)
    project_id = agency.projects.plan(agency.as_("manager", 3), new).id
    agency.projects.add_note(agency.as_("manager", 4), project_id, "Kickoff: scope agreed", kickoff=True)
    agency.tasks.add(agency.as_("manager", 5), NewTask(project_id, "Wireframes"))
    return project_id


def test_every_step_is_ticked_with_time_actor_and_proof_when_the_workflow_is_walked(agency: Agency) -> None:
    client_id = agency.client()
    onboard(agency, client_id)
    result = checklist(str(client_id), agency.events_since(0))
    assert result.complete
    admin, manager = str(agency.ids["admin"]), str(agency.ids["manager"])
    assert [(step, t.at - T0, t.actor_id, t.actor_role, t.topic) for step, t in result.steps if t] == [
        (Step.RECORD_CREATED, timedelta(0), admin, "admin", "baton.client.Created"),
        (Step.PORTAL_INVITATION_SENT, timedelta(minutes=2), admin, "admin", "baton.client.ContactInvited"),
        (Step.PRIMARY_CONTACT_SET, timedelta(minutes=1), admin, "admin", "baton.client.PrimaryContactSet"),
        (Step.PROJECT_TEAM_ASSIGNED, timedelta(minutes=3), manager, "employee", "baton.project.Created"),
        (Step.KICKOFF_HELD, timedelta(minutes=4), manager, "employee", "baton.project.NoteAdded"),
        (Step.TASKS_CREATED, timedelta(minutes=5), manager, "employee", "baton.task.Created"),
    ]


def test_steps_stay_open_when_nothing_proves_them_yet(agency: Agency) -> None:
    client_id = agency.client()
    project_id = agency.projects.plan(agency.as_("admin"), NewProject("Relaunch", client_id, agency.ids["manager"])).id
    agency.projects.add_note(agency.as_("manager"), project_id, "Not the kickoff yet")
    result = checklist(str(client_id), agency.events_since(0))
    assert [step for step, tick in result.steps if tick is None] == [
        Step.PORTAL_INVITATION_SENT,
        Step.PRIMARY_CONTACT_SET,
        Step.PROJECT_TEAM_ASSIGNED,
        Step.KICKOFF_HELD,
        Step.TASKS_CREATED,
    ]
    assert not result.complete


def test_team_is_ticked_when_a_member_joins_a_project_set_up_without_one(agency: Agency) -> None:
    client_id = agency.client()
    project_id = onboard(agency, client_id, members=False)
    assert checklist(str(client_id), agency.events_since(0)).ticked(Step.PROJECT_TEAM_ASSIGNED) is None
    agency.projects.add_member(agency.as_("manager", 9), project_id, agency.ids["member"])
    tick = checklist(str(client_id), agency.events_since(0)).ticked(Step.PROJECT_TEAM_ASSIGNED)
    assert tick is not None and (tick.topic, tick.at) == ("baton.project.MemberAdded", T0 + timedelta(minutes=9))


def test_first_proof_stands_when_a_step_happens_again(agency: Agency) -> None:
    client_id = agency.client()
    project_id = onboard(agency, client_id)
    agency.projects.add_note(agency.as_("admin", 30), project_id, "Second kickoff", kickoff=True)
    tick = checklist(str(client_id), agency.events_since(0)).ticked(Step.KICKOFF_HELD)
    assert tick is not None and tick.at == T0 + timedelta(minutes=4)


def test_other_clients_steps_are_passed_over_when_folding_one_client(agency: Agency) -> None:
    mine = agency.client()
    other = agency.client(company_name="Other Co")
    onboard(agency, other)
    result = checklist(str(mine), agency.events_since(0))
    assert [step for step, tick in result.steps if tick] == [Step.RECORD_CREATED]


def test_invitation_is_ticked_when_an_admin_invites_a_client_user_directly(agency: Agency) -> None:
    client_id = agency.client()
    agency.users.invite(agency.as_("admin", 7), Invitation("casey@stone.example", "Casey", Role.CLIENT, str(client_id)))
    tick = checklist(str(client_id), agency.events_since(0)).ticked(Step.PORTAL_INVITATION_SENT)
    assert tick is not None and (tick.topic, tick.at) == ("baton.user.Invited", T0 + timedelta(minutes=7))


def test_proof_names_the_project_when_the_event_does_not_know_the_client(agency: Agency) -> None:
    client_id = agency.client()
    project_id = onboard(agency, client_id)
    proofs = [p for p in map(proof_of, agency.events_since(0)) if p is not None]
    kickoff = next(p for p in proofs if p.tick.step is Step.KICKOFF_HELD)
    tasks = next(p for p in proofs if p.tick.step is Step.TASKS_CREATED)
    assert (kickoff.client_id, kickoff.project_id) == ("", str(project_id))
    assert (tasks.client_id, tasks.project_id) == ("", str(project_id))
    invited = [p.client_id for p in proofs if p.tick.topic == "baton.user.Invited"]
    assert invited == [str(client_id)], "the contact's invitation counts; the five staff invitations do not"
