"""Building and walking html5lib's trees in time linear in the input.

html5lib (which comes inside bleach) is quadratic in a few places: checking
scope walks every open element, formatting elements left open are opened
again in each paragraph, and its tree walker finds each element's place
among its siblings again. These factories take html5lib's own classes and
return bounded ones; ``sanitize`` (the only module that imports bleach)
hands the classes in, so nothing here imports it.
"""

from __future__ import annotations

# html5lib checks scope by walking every open element, so n nested elements
# cost n * n steps (12,500 nested <ul>, 50 KB, took 47 s); real text nests a
# few levels. Deeper HTML is stored as plain escaped text.
MAX_OPEN_ELEMENTS = 100
# Formatting elements (<em>, <strong>, <code>) left open are opened again in
# each following paragraph; with distinct attributes HTML's own cap of three
# does not apply, and a 4.7 KB comment became 363 KB in 5 s. Only the most
# recent ones are opened again.
MAX_REOPENED_FORMATTING = 4


class TooDeep(ValueError):
    """HTML nested deeper than MAX_OPEN_ELEMENTS."""


def bounded_tree_builder(base: type, marker: object) -> type:
    """html5lib's tree builder ``base``, bounded where HTML's tree building is not linear.

    ``marker`` is html5lib's scope marker in the list of active formatting elements.
    """

    class BoundedTreeBuilder(base):
        def insertElementNormal(self, token):
            self._make_room()
            return super().insertElementNormal(token)

        def insertElementTable(self, token):
            self._make_room()
            return super().insertElementTable(token)

        def _make_room(self):
            if len(self.openElements) >= MAX_OPEN_ELEMENTS:
                raise TooDeep(len(self.openElements))

        def reconstructActiveFormattingElements(self):
            active = self.activeFormattingElements
            since_marker = next((i for i in range(len(active) - 1, -1, -1) if active[i] is marker), -1) + 1
            # Like HTML's "Noah's Ark" clause, which forgets the earliest of
            # four identical ones: forget the earliest beyond the limit.
            del active[since_marker : len(active) - MAX_REOPENED_FORMATTING]
            super().reconstructActiveFormattingElements()

    return BoundedTreeBuilder


def linear_tree_walker(base: type) -> type:
    """html5lib's etree walker ``base``, in time linear in the size of the tree.

    html5lib's own finds an element's place among its parent's children with
    ``list(parent).index(element)`` on the way back up, so a table of n rows
    (or a list of n items) costs n * n steps per cleaning pass: 10,000 rows
    took 3.5 s a pass. This one keeps each ancestor's place on the stack.
    Its nodes are html5lib's ``(element, index, ancestors, flag)``, with
    ``(element, index)`` pairs as ancestors.
    """

    class LinearTreeWalker(base):
        def getFirstChild(self, node):
            element, key, ancestors, flag = node if isinstance(node, tuple) else (node, None, [], None)
            if flag in ("text", "tail"):
                return None
            if element.text:
                return element, key, ancestors, "text"
            return _first_child(element, key, ancestors)

        def getNextSibling(self, node):
            if not isinstance(node, tuple):
                return None
            element, key, ancestors, flag = node
            if flag == "text":
                return _first_child(element, key, ancestors)
            if element.tail and flag != "tail":
                return element, key, ancestors, "tail"
            siblings = ancestors[-1][0]
            return (siblings[key + 1], key + 1, ancestors, None) if key + 1 < len(siblings) else None

        def getParentNode(self, node):
            if not isinstance(node, tuple):
                return None
            element, key, ancestors, flag = node
            if flag != "text":
                element, key = ancestors.pop()
            return (element, key, ancestors, None) if ancestors else element

    return LinearTreeWalker


def _first_child(element, key, ancestors):
    if not len(element):
        return None
    ancestors.append((element, key))
    return element[0], 0, ancestors, None
