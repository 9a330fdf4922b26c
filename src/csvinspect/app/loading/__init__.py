"""Loading an export: the background loader, its progress strip, the import bar, the problems."""
