"""Small modal dialogs of the wizard."""
