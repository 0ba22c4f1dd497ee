"""The proposal flow: a sent proposal emails the client, a decision tells the team, approval drafts the invoice."""

from __future__ import annotations

from domain.application import BatonApplication
from domain.billing.ids import invoice_id_for
from domain.billing.invoice import Invoice
from domain.billing.proposal_commands import ProposalCommands
from domain.billing.statuses import InvoiceStatus
from domain.context import Actor
from processes.billing.emails import PROPOSAL_DECIDED, PROPOSAL_SENT
from processes.billing.proposals import ProposalFlow
from tests.unit.billing.builders import ADMIN, at, client_user, new_proposal, sent_proposal
from tests.unit.billing.processes.rig import Rig, client, staff


def test_sent_proposal_is_emailed_to_the_client_once_when_the_event_is_processed_twice(app: BatonApplication) -> None:
    rig = Rig(app, ProposalFlow)
    proposal = sent_proposal(app, client_id=client(app, staff(app, "manager@agency.example")))

    rig.run()
    rig.replay_all()

    (email,) = rig.emails(PROPOSAL_SENT)
    assert (email.to, email.data) == ("accounts@acme.example", {"proposal_id": str(proposal)})
    assert rig.enqueued.count(email.id) == 2  # enqueued again, sent once: the actor skips a sent email


def test_approval_tells_the_team_and_drafts_the_invoice_once_when_the_client_approves(app: BatonApplication) -> None:
    rig = Rig(app, ProposalFlow)
    manager = staff(app, "manager@agency.example")
    acme = client(app, manager)
    author = staff(app, "author@agency.example")
    proposals = ProposalCommands(app)
    proposal = proposals.draft(at(Actor.user(author, "admin")), new_proposal(client_id=acme)).id
    proposals.send(at(ADMIN), proposal)
    proposals.approve(at(client_user(app, acme), 1), proposal, "Go ahead")

    rig.run()
    rig.replay_all()

    team = sorted(e.to for e in rig.emails(PROPOSAL_DECIDED))
    assert team == ["author@agency.example", "finance@agency.example", "manager@agency.example"]
    assert {e.data["decision"] for e in rig.emails(PROPOSAL_DECIDED)} == {"approved"}
    invoice = app.load(Invoice, invoice_id_for(proposal))
    assert (invoice.status, invoice.client_id, invoice.payment_terms_days) == (InvoiceStatus.DRAFT, acme, 10)
    assert invoice.version == 1


def test_declined_proposal_tells_the_team_and_drafts_nothing_when_the_client_declines(app: BatonApplication) -> None:
    rig = Rig(app, ProposalFlow)
    acme = client(app, staff(app, "manager@agency.example"))
    proposal = sent_proposal(app, client_id=acme)
    ProposalCommands(app).decline(at(client_user(app, acme), 1), proposal, "Too expensive")

    rig.run()

    assert [e.data["comment"] for e in rig.emails(PROPOSAL_DECIDED)] == ["Too expensive", "Too expensive"]
    assert rig.groups(ProposalCommands).find(Invoice, invoice_id_for(proposal)) is None


def test_proposal_for_a_client_without_an_address_is_not_emailed_and_the_flow_goes_on(app: BatonApplication) -> None:
    rig = Rig(app, ProposalFlow)
    sent_proposal(app, client_id="client-unknown")
    rig.run()
    assert rig.emails(PROPOSAL_SENT) == []
