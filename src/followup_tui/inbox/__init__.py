"""Mail in: reading Maildir, notmuch and IMAP, and matching replies to follow-ups."""
