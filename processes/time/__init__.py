"""Time's processes: months that lock themselves after a grace, and the monthly client hours report's timers."""
