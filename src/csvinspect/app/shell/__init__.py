"""The window shell: the main window, its menus, the welcome view and opening files."""
