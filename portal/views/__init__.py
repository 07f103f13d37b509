"""The schools portal's pages. Each module's views reach school data only through `portal.selectors`."""
