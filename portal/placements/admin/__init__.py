"""The staff screens of the MAPP panel: placement requests (with their transitions), panel meetings and
members, agreed actions, dated capacity and capacity by week, and who viewed or downloaded requests.
`wagtail_hooks` registers them."""
