"""Drafting emails: Jinja2 templates, their sandbox limits, and filling a draft."""
