"""Who may do what: permission codes and API token authentication."""
