"""Rostra: the core package of the campaign platform."""
