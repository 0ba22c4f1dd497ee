"""The support desk's processes: SLA and auto-close timers, ticket emails, and inbound email routing."""
