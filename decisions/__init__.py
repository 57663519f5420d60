"""How archdecide decides: pure functions over a KnowledgePack, no UI."""
