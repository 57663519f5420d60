"""What archdecide knows: the knowledge-pack schema, its loader and the bundled pack."""
