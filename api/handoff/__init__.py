"""The handoff over HTTP: the board and each project's handoff, its emails' templates, ticket ownership."""
