"""Everything Textual lives under this package; the domain layer never imports it."""
