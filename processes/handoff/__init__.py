"""The handoff's processes: the emails and timers of each stage, and the routing of the client's tickets."""
