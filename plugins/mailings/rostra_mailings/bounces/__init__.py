"""Bounces and complaints coming back: the VERP return path that names the
copy, delivery status notifications (RFC 3464) and abuse reports (RFC 5965)
piped from the mail server or read over IMAP, and the provider's webhook."""
