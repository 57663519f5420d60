"""Decision records: the model, the folder, the MADR export and recheck."""
