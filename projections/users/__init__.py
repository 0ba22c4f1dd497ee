"""The user slice's read side: the directory view (``directory``) and its scoped reads (``queries``)."""

from projections.users.directory import DIRECTORY, UserDirectory

__all__ = ["DIRECTORY", "UserDirectory"]
