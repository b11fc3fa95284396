"""Koers: a policy monitor for the social domain of Dutch municipalities."""
