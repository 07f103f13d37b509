"""The staff screens of the MAPP panel: placement requests (with their transitions and the subject access
export), panel meetings and members, agreed actions, dated capacity and capacity by week, and who viewed,
listed, downloaded or exported requests. `wagtail_hooks` registers them."""
