"""Small general-purpose widgets and event filters shared by the rest of the app."""
