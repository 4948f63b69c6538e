"""Database-free tests of the addons' pure rules modules."""
