"""Run a long-lived loop (a gunicorn worker's) above a large reserved stretch of Python's frame stack.

CPython 3.12 keeps the frames of Python calls in chunks of 16 KB, and frees a chunk the moment the call that
needed it returns. A loop that calls again and again at the depth where one chunk ends (a template rendering
its nodes, a form its fields) allocates and frees a chunk each time: a mmap, a page fault and a munmap per
call, which made up a sixth of the CPU a request section page cost (210 of each per request, seen with
strace). CPython fixed this after 3.12 (gh-142183).

`run_above_reserved_stack(call)` calls `call` from a frame big enough that CPython gives it a chunk of its
own of 128 KB, of which the frame takes less than half: everything `call` does, to the depth of several
hundred ordinary frames, happens in the rest of that chunk, which is never freed while `call` runs.
"""

# CPython sizes a new chunk as the smallest 16 KB doubled k times that holds the frame and 1,000 pointers
# more; a frame of 7,200 local slots (8 bytes each) just passes 64 KB with them, so it gets 128 KB.
RESERVED_SLOTS = 7_200


def _frame_with_reserved_slots():
    # Names assigned in a function are its local slots even in code the compiler leaves out (`if False`):
    # the frame has them, and the function does nothing but call.
    names = " = ".join(f"_{index}" for index in range(RESERVED_SLOTS))
    source = f"def call_from_a_large_frame(call):\n    if False:\n        {names} = None\n    return call()\n"
    namespace = {}
    exec(source, namespace)  # noqa: S102 (fixed source written above, no outside input)
    return namespace["call_from_a_large_frame"]


run_above_reserved_stack = _frame_with_reserved_slots()
run_above_reserved_stack.__doc__ = "Return `call()`, called above a reserved stretch of the frame stack."
