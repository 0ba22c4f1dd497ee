"""Time: entries logged against tasks, the per-person month timesheets and the period locks that guard them,
hour tags, overrides on paused projects, the automatic lock policy, and the monthly client hours report."""
