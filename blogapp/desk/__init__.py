"""The editor's desk: writing, previewing and publishing articles."""
