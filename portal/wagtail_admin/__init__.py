"""Wagtail admin screens for portal records, one module per area; `portal.wagtail_hooks` imports them."""
