"""Pure identity rules: password policy, one-time codes, backup codes."""
