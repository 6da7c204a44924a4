"""How a mailing's copies leave: Django's mailer (SMTP to any relay, the
outbox in the demo, memory in tests) or an HTTP sending API (Brevo)."""
