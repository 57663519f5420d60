"""How people use archdecide: the command line and the Textual wizard."""
