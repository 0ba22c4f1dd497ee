"""The client directory's rows, contacts and onboarding ticks, folded without PostgreSQL."""

from __future__ import annotations

import json
from uuid import uuid4

from domain.clients import NewContact
from domain.delivery.onboarding import checklist
from domain.projects import NewProject
from domain.tasks import NewTask
from domain.users import Invitation, Role
from projections.delivery import ClientDirectory
from tests.builders import T0
from tests.unit.delivery.agency import Agency
from tests.unit.projections.delivery.views import fold, same_in_any_batching


def test_client_row_shows_details_manager_and_the_lead_it_came_from_when_created(agency: Agency) -> None:
    client_id = agency.client(company_name="Stone & Co", billing_email="Pay@Stone.example", address="1 Quay")

    (row,) = fold(agency, ClientDirectory()).rows("client_list")

    assert row["id"] == client_id
    assert (row["company_name"], row["address"], row["billing_email"]) == ("Stone & Co", "1 Quay", "pay@stone.example")
    assert (row["account_manager_id"], row["lead_id"], row["contacts"]) == (str(agency.ids["manager"]), "", "[]")
    assert (row["created_at"], row["version"]) == (T0, 1)


def test_contacts_follow_adds_changes_primary_invitations_and_removals_when_the_client_keeps_them(
    agency: Agency,
) -> None:
    client_id, first, second = agency.client(), uuid4(), uuid4()
    clients, admin = agency.clients, agency.as_("admin", 1)
    clients.add_contact(admin, client_id, NewContact("Avery", "avery@stone.example"), contact_id=first)
    clients.add_contact(admin, client_id, NewContact("Blake", "blake@stone.example"), contact_id=second)
    clients.change_contact(admin, client_id, second, job_title="CTO")
    clients.make_primary(admin, client_id, second)
    user_id = uuid4()
    clients.invite_contact(admin, client_id, second, user_id=user_id, send_email=False)
    clients.remove_contact(admin, client_id, first)

    (row,) = fold(agency, ClientDirectory()).rows("client_list")

    assert row["primary_contact_id"] == str(second)
    assert row["contacts_count"] == 1
    assert json.loads(row["contacts"]) == [
        {
            "id": str(second),
            "name": "Blake",
            "email": "blake@stone.example",
            "phone": "",
            "job_title": "CTO",
            "user_id": str(user_id),
        }
    ]


def test_onboarding_ticks_are_the_domain_checklist_when_workflow_4_is_walked(agency: Agency) -> None:
    client_id, other = agency.client(), agency.client(company_name="Other Ltd")
    contact = uuid4()
    agency.clients.add_contact(
        agency.as_("admin", 1), client_id, NewContact("Blake", "b@x.example"), contact_id=contact
    )
    agency.clients.invite_contact(agency.as_("admin", 2), client_id, contact)
    project = NewProject("Relaunch", client_id, agency.ids["manager"], member_ids=(agency.ids["member"],))
    project_id = agency.projects.plan(agency.as_("manager", 3), project).id
    agency.projects.add_note(agency.as_("manager", 4), project_id, "Kickoff held", kickoff=True)
    agency.tasks.add(agency.as_("manager", 5), NewTask(project_id, "Wireframes"))
    agency.tasks.add(agency.as_("manager", 6), NewTask(project_id, "Copy"))

    ticks = fold(agency, ClientDirectory()).rows("client_onboarding")

    expected = checklist(str(client_id), agency.events_since(0))
    mine = {t["step"]: t for t in ticks if t["client_id"] == str(client_id)}
    assert expected.complete and len(mine) == 6
    for step, tick in expected.steps:
        assert tick is not None
        assert (mine[step.value]["at"], mine[step.value]["actor_id"], mine[step.value]["topic"]) == (
            tick.at,
            tick.actor_id,
            tick.topic,
        )
    assert {t["step"] for t in ticks if t["client_id"] == str(other)} == {"record_created"}


def test_a_client_user_invited_directly_ticks_the_portal_step_when_the_contact_flow_is_not_used(
    agency: Agency,
) -> None:
    client_id = agency.client()
    invitation = Invitation(email="c@stone.example", name="C", role=Role.CLIENT, client_id=str(client_id))
    agency.users.invite(agency.as_("admin", 9), invitation)

    ticks = fold(agency, ClientDirectory()).rows("client_onboarding")

    assert {t["step"] for t in ticks} == {"record_created", "portal_invitation_sent"}


def test_rows_are_the_same_in_any_batching_and_on_a_second_replay_when_history_is_varied(agency: Agency) -> None:
    client_id = agency.client()
    agency.clients.add_contact(agency.as_("admin", 1), client_id, NewContact("Avery", "a@x.example"))
    agency.clients.change_details(agency.as_("manager", 2), client_id, address="2 Quay")
    project_id = agency.project()
    agency.projects.add_note(agency.as_("manager", 3), project_id, "Kickoff", kickoff=True)
    agency.task(project_id)

    assert same_in_any_batching(agency, ClientDirectory())
