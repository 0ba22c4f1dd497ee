"""Delivery: what clients, projects and tasks share.

Who may act (``access``), which users may be given work (``staff``), the checks
on plain values (``values``), and the client onboarding checklist, which reads
the events of all three areas (``onboarding``).
"""
