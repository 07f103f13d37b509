"""The staff screens of orders: orders (with their transitions), telephone orders, invoices and credit
notes, package hours, the resource library and the overdue-invoices panel. `wagtail_hooks` registers
them."""
