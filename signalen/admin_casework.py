"""Contact log and dossiers in the admin (sigstaff)."""
