"""No module imports itself back, directly or round a loop, in the project's own code.

import-linter (run in CI) keeps the apps' dependencies pointing one way; this keeps each app free of
cycles between its own modules. grimp reads every import statement, those inside functions too, so
an import moved into a function to dodge a cycle still counts.
"""

import tomllib
from pathlib import Path

import grimp

# Every package of the project, as import-linter knows them: one list, so none is left out.
PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"
PROJECT_PACKAGES = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["root_packages"]


def import_cycles(graph):
    """Groups of modules that import each other round a loop (Tarjan's strongly connected components)."""
    index, lowlink, on_stack, stack, cycles = {}, {}, set(), [], []

    def visit(module):
        index[module] = lowlink[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                lowlink[module] = min(lowlink[module], lowlink[imported])
            elif imported in on_stack:
                lowlink[module] = min(lowlink[module], index[imported])
        if lowlink[module] == index[module]:
            component = set()
            while module not in component:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def test_the_cycle_finder_finds_a_loop():
    graph = grimp.ImportGraph()
    for importer, imported in [
        ("a.one", "a.two"),
        ("a.two", "a.three"),
        ("a.three", "a.one"),
        ("a.four", "a.one"),
    ]:
        graph.add_import(importer=importer, imported=imported)
    assert import_cycles(graph) == [["a.one", "a.three", "a.two"]]


def test_every_package_with_python_code_is_checked():
    root = PYPROJECT.parent
    packages = {path.parent.name for path in root.glob("*/__init__.py")} - {"tests", "benchmarks"}
    assert packages <= set(PROJECT_PACKAGES)


def test_no_import_cycles_in_the_project():
    graph = grimp.build_graph(*PROJECT_PACKAGES, include_external_packages=False, cache_dir=None)
    assert import_cycles(graph) == []
