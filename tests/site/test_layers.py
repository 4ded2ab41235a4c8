"""The shape of the code: no module of the project imports itself back through others."""

import grimp


def test_no_module_imports_itself_back_through_others():
    graph = grimp.build_graph("namur_site", "core", "news", "press", "accreditations")
    circles = set()
    for importer in graph.modules:
        for imported in graph.find_modules_directly_imported_by(importer):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back:
                circles.add(" -> ".join((importer, *back)))

    assert sorted(circles) == []
