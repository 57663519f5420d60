"""What archdecide knows: the knowledge-pack schema, its loader and the bundled pack."""

__version__ = "0.1.0"
