"""The core's modules are layered: no module imports, even from inside a
function, a module that imports it back, however many steps round.

A cycle is how private names leak between modules (a writer reaching into the
engine that calls it) and what forces imports into functions to dodge a
circular import at start-up. The graph is read from the source, the way
``python -m pytest site/rostra/tests/test_layering.py`` shows it when it fails.
"""

import ast
from pathlib import Path

ROSTRA = Path(__file__).resolve().parents[1]
# Cycles not yet taken apart (issue 13 names the others, now gone): a person's
# save places them through territories, which reads the constituency models;
# a news block lists the news pages whose body holds it. Listed whole, so that
# a module joining one fails too; the last test fails once one is gone.
KNOWN = [
    ["rostra.people.constituencies", "rostra.people.models", "rostra.people.territories"],
    ["rostra.pages.blocks", "rostra.pages.models"],
]


def _modules():
    """{dotted name: path} of the core's modules, tests and migrations aside."""
    found = {}
    for path in sorted(ROSTRA.rglob("*.py")):
        parts = path.relative_to(ROSTRA.parent).with_suffix("").parts
        if "tests" in parts or "migrations" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imported(name, path, modules):
    """The core's modules that the module ``name`` imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            # "from package import module" names the module, else the name's holder.
            targets.update(
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            )
    return {target for target in targets if target in modules and target != name}


def import_graph():
    modules = _modules()
    return {name: _imported(name, path, modules) for name, path in modules.items()}


def cycles(graph):
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _described(component, graph):
    members = set(component)
    return "\n".join(
        f"  {name} -> {', '.join(sorted(graph[name] & members))}" for name in component
    )


def test_the_import_graph_is_read_from_the_source():
    graph = import_graph()
    # A few arrows known to stand, so that an empty graph cannot pass.
    assert "rostra.people.models" in graph["rostra.people.api"]
    assert "rostra.people.importing.rows" in graph["rostra.people.importing.engine"]
    assert "rostra.people.models" in graph["rostra.people.importing.bulk"]


def test_the_cycle_finder_finds_a_cycle_of_three():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]


def test_no_module_of_the_core_imports_one_that_imports_it_back():
    graph = import_graph()
    found = [component for component in cycles(graph) if component not in KNOWN]
    assert not found, "import cycles:\n" + "\n\n".join(
        _described(component, graph) for component in found
    )


def test_the_known_cycles_are_still_there_to_take_apart():
    assert sorted(cycles(import_graph())) == sorted(KNOWN)
