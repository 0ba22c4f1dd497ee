"""The generator's delivery share: a working agency's events, in proportion to leads, that every view folds."""

from __future__ import annotations

from collections import Counter

from bench.generator import HistoryWriter
from domain.application import BatonApplication
from projections.delivery import ClientDirectory, ProjectPortfolio, ProjectRecords, TaskBoard
from projections.engine import replay
from tests.unit.projections.log import events_of


def test_generated_agency_holds_clients_projects_and_tasks_through_review_when_written() -> None:
    app = BatonApplication()
    HistoryWriter(app, batch_events=64).write(6_000)

    topics = Counter(n.topic for n in app.recorder.select_notifications(1, 10_000))  # type: ignore[attr-defined]

    assert sum(topics.values()) == 6_000
    for topic in (
        "baton.client.Created",
        "baton.client.ContactAdded",
        "baton.project.Created",
        "baton.project.NoteAdded",
        "baton.project.MilestoneAdded",
        "baton.project.DeploymentRecorded",
        "baton.project.DocumentUploaded",
        "baton.task.Created",
        "baton.task.StatusChanged",
        "baton.task.CommentAdded",
    ):
        assert topics[topic] > 0, topic
    leads = sum(n for t, n in topics.items() if t.startswith("baton.lead."))
    assert 0.15 < leads / 6_000 < 0.4, topics


def test_every_delivery_view_folds_the_generated_history_when_replayed() -> None:
    app = BatonApplication()
    HistoryWriter(app).write(4_000)
    events = events_of(app)

    projects = replay(ProjectPortfolio(), events, batch=500)
    tasks = replay(TaskBoard(), events, batch=500)
    replay(ClientDirectory(), events, batch=500)
    replay(ProjectRecords(), events, batch=500)

    assert {"active", "completed"} <= {r["status"] for r in projects.rows("project_list")}
    assert {r["status"] for r in tasks.rows("task_list")} == {"to_do", "in_progress", "in_review", "done"}
