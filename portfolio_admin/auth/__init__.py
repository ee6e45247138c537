"""Who is calling and what they may do, used by the API, the admin and the CLI:
permission codes and the staff rule, passwords, API token checks, signed-in sessions."""
