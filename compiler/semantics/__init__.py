"""The semantic layer: units linked into a program, every name bound to its declaration."""
