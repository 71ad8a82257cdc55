"""The living year: a stored programme changed in place, each change validated like an
upload, kept as a version, and compared with any other version (DOMAIN.md)."""
