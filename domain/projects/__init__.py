"""Projects: the work done for a client, with its team, milestones, deployments and documents."""

from domain.projects.aggregate import Project
from domain.projects.deployment import Deployment, DeploymentKind, Environment, NewDeployment
from domain.projects.document import Document, NewDocument, Visibility
from domain.projects.inputs import MilestoneChanges, NewMilestone, NewProject, ProjectChanges
from domain.projects.milestone import Milestone
from domain.projects.status import ProjectArchived, ProjectStatus

__all__ = [
    "Deployment",
    "DeploymentKind",
    "Document",
    "Environment",
    "Milestone",
    "MilestoneChanges",
    "NewDeployment",
    "NewDocument",
    "NewMilestone",
    "NewProject",
    "Project",
    "ProjectArchived",
    "ProjectChanges",
    "ProjectStatus",
    "Visibility",
]
