"""Mail out: building a message, transports (SMTP, sendmail), sending."""
