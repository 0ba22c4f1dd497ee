"""Projects: plan, team, status, notes, milestones, deployments and documents."""
