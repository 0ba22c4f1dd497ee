"""Process managers, dramatiq actors for side effects, and schedules."""
