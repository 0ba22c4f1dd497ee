"""Tasks: the pieces of a project's work, their review step and comments."""
