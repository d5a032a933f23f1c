"""Editors manage the categories: create, rename, describe, delete when empty."""
