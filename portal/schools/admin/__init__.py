"""The staff's "Schools" screens in the Wagtail admin (registered in `portal.schools.wagtail_hooks`)."""
