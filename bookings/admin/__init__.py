"""The "Surgeries and advice" staff screens: behaviour surgery sessions and their registers, the advice
line's call-back queue, training requests, and each school's use of the offer. `bookings.wagtail_hooks`
registers them."""
