"""Emails other plugins hand to this one through the core's signals (an
organiser's message, an event's reminder), sent through the mailings' path
where the plugin is switched on for the site."""
