"""Identity: credentials, sessions, MFA secrets and invitation tokens (ordinary tables, never events)."""
