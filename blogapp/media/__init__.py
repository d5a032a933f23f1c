"""Uploaded images: checking and re-encoding them (processing), keeping their files (storage),
and the library's actions (library): add, describe, delete, and what articles show them."""
