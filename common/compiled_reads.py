"""Reads of a fixed shape that pages make on every request, with the SQL Django writes for them kept.

Django builds a QuerySet and writes its SQL anew each time one is evaluated. For the membership every portal
page reads, that was half a millisecond of a page's seven, more than PostgreSQL takes to answer it. A
`CompiledRead` has Django build and compile its query once per database, with stand-in values, and notes
where each stand-in lands among the SQL's parameters; every call then runs that SQL with its own values in
those places, and Django makes the rows into model instances as it would have (its own iterable, with the
compiled query's columns), prefetches included.

Only the values given as keywords change from one call to the next: anything else the query holds (a date,
a constant) is the one it held when first compiled, so a value that changes is a keyword too. A keyword is
a whole number (a year, an id) or a record of a model, which stands in as itself with an unlikely id.

In the tests (settings.COMPILED_READS_CHECKED), every call also has Django build and compile the query for
its values and fails unless the SQL and its parameters are the same: each use in the suite checks itself.
"""

import itertools
from typing import NamedTuple

from django.conf import settings
from django.db import router
from django.db.models import QuerySet

# The stand-ins count down from here: whole numbers every integer field takes (Django finds nothing for a
# value outside a field's range, without asking the database; a small positive field holds up to 32,767)
# and no constant of a compiled read takes, so each is found among the parameters only where it was put.
FIRST_STAND_IN = 32_717


class CompiledRead:
    """A read of `model` built by `build(**values)`; `kinds` names each keyword's kind: `int` or a model."""

    def __init__(self, build, *, model, **kinds):
        self.build = build
        self.model = model
        self.kinds = kinds
        self._compiled = {}  # per database alias: a Compiled

    def __call__(self, **values) -> list:
        """The records the query finds for these values, as `list(build(**values))` would give them."""
        database = router.db_for_read(self.model)
        if values.keys() != self.kinds.keys():  # a keyword left out would be read with its stand-in
            raise TypeError(f"A compiled read takes exactly {', '.join(self.kinds)}.")
        compiled = self._compiled.get(database) or self._compile(database)
        parameters = list(compiled.parameters)
        for name, value in values.items():
            wanted = self.kinds[name]
            if not isinstance(value, wanted):
                raise TypeError(f"{name} must be {wanted.__name__}, not {type(value).__name__}.")
            if wanted is not int and value.pk is None:
                raise ValueError(f"{name} is not saved: it has no id to look for.")
            for index in compiled.places[name]:
                parameters[index] = value if wanted is int else value.pk
        if settings.COMPILED_READS_CHECKED:
            self._check(database, values, compiled.sql, parameters)
        return list(_with_sql(compiled, parameters))

    def _compile(self, database):
        numbers = itertools.count(FIRST_STAND_IN, -1)
        stand_ins = {
            name: next(numbers) if kind is int else kind(pk=next(numbers))
            for name, kind in self.kinds.items()
        }
        queryset = self.build(**stand_ins).using(database)
        compiler = queryset.query.get_compiler(using=database)
        sql, parameters = compiler.as_sql()
        places = {}
        for name, stand_in in stand_ins.items():
            number = stand_in if isinstance(stand_in, int) else stand_in.pk
            places[name] = [index for index, parameter in enumerate(parameters) if parameter == number]
            if not places[name]:
                raise ValueError(f"{name} is not among the query's parameters: it cannot be a keyword.")
        state = {name: getattr(compiler, name) for name in COMPILED_STATE}
        compiled = Compiled(queryset, sql, tuple(parameters), places, state)
        self._compiled[database] = compiled
        return compiled

    def _check(self, database, values, sql, parameters):
        expected = self.build(**values).using(database).query.get_compiler(using=database).as_sql()
        if (sql, tuple(parameters)) != (expected[0], tuple(expected[1])):
            raise AssertionError(
                f"A compiled read differs from what Django writes for {values}:\n{sql}\n{parameters}\n"
                f"Django:\n{expected[0]}\n{expected[1]}"
            )


# What Django's iterables read of a compiler once it has written the SQL (SQLCompiler.setup_query and
# pre_sql_setup set them): the columns, how they make up each model, and where the annotations are.
COMPILED_STATE = ("select", "klass_info", "annotation_col_map", "col_count", "has_extra_select")


class Compiled(NamedTuple):
    queryset: QuerySet  # built with the stand-ins; never evaluated itself, only copied
    sql: str
    parameters: tuple
    places: dict  # each keyword's places among the parameters
    state: dict  # COMPILED_STATE, as the compiler left it


def _with_sql(compiled, parameters):
    """A copy of the compiled queryset that, evaluated, runs its SQL with these parameters."""
    queryset = compiled.queryset._chain()
    query = queryset.query
    make_compiler = type(query).get_compiler

    def get_compiler(using=None, connection=None, elide_empty=True):
        compiler = make_compiler(query, using, connection, elide_empty)
        compiler.__dict__.update(compiled.state)
        compiler.as_sql = lambda *args, **kwargs: (compiled.sql, parameters)
        return compiler

    query.get_compiler = get_compiler  # this copy's own query: the compiled queryset is left as it was
    return queryset
