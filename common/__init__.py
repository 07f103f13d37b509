"""Small pieces every app may use: StreamField blocks and money formatting.

A plain package rather than an app so that `home` and `services` can share it without
depending on each other.
"""
