"""The moderation queue: moderators review, edit and answer comments."""
