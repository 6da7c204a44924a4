"""Text messages (SMS) to supporters who consented to them by text, with a
mobile number: broadcasts to the same audiences as mailings, sent once to each
recipient, outside quiet hours only, through a provider (rostra_mailings.sms.providers)."""
