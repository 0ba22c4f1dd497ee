"""Server-rendered pages a person opens from a link: set a password, set up MFA (no build step, no CDN)."""
