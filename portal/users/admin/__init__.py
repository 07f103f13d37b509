"""The staff screens of accounts: the Users screen (with the email address changed through its service)
and resetting a person's two-factor sign-in. `wagtail_hooks` registers them."""
