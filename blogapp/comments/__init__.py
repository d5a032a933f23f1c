"""The reader's comment form and its posting."""
