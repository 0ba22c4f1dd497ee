"""The support desk's API: tickets and their threads, files, the SLA policy and report, urgent categories, email."""
